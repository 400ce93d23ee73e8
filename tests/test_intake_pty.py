"""The installed `screening intake` in a real pseudo-terminal (pexpect), typed like a person."""

from __future__ import annotations

import os
from pathlib import Path

import pexpect
import pytest

from tests.conftest import ROOT

SCREENING = str(ROOT / ".venv" / "bin" / "screening")
ENTER, DOWN, CTRL_C = "\r", "\x1b[B", "\x03"

# (what the screen shows, what the runner types): a runner with no symptoms who skips the
# flexibility checks; the last step confirms the review.
SCRIPT = [
    ("What name", "Ana Lopez" + ENTER),
    ("How old", "34" + ENTER),
    ("deadlifts", DOWN + ENTER),
    ("where you train", " " + ENTER),
    ("when you run", ENTER),
    ("check yours", ENTER),  # skip, the first choice
    ("apply to you", DOWN * 13 + " " + ENTER),  # "None of these apply to me"
    ("Is everything right", ENTER),
]


def spawn(cwd: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1"}
    return pexpect.spawn(
        SCREENING,
        ["intake", *args],
        cwd=str(cwd),
        env=env,
        dimensions=(30, 100),
        timeout=20,
        encoding="utf-8",
    )


def answer(child: pexpect.spawn, steps: list[tuple[str, str]]) -> None:
    for shown, typed in steps:
        child.expect_exact(shown)
        child.send(typed)


def finish(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    return child.before


@pytest.fixture(scope="module")
def whole_run(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("whole")
    child = spawn(cwd)
    answer(child, SCRIPT)
    output = finish(child)
    assert child.exitstatus == 0, output
    return cwd, output


def test_typed_answers_write_the_answers_file_and_the_pdf(whole_run):
    cwd, output = whole_run
    assert "Wrote reports/ana-lopez-" in output and "Routine:" in output
    files = sorted(p.name for p in (cwd / "reports").iterdir() if p.is_file())
    assert [f.rsplit(".", 1)[1] for f in files] == ["pdf", "yaml"]
    assert (cwd / "reports" / files[0]).read_bytes().startswith(b"%PDF")
    assert "name: Ana Lopez" in (cwd / "reports" / files[1]).read_text()


def test_ctrl_c_then_resume_writes_the_same_answers_file(whole_run, tmp_path):
    child = spawn(tmp_path)
    answer(child, SCRIPT[:3])
    child.expect_exact("where you train")
    child.send(CTRL_C)
    output = finish(child)
    assert child.exitstatus == 130
    assert "continue with: screening intake --resume" in output
    assert len(list((tmp_path / "reports" / ".intakes").glob("*.json"))) == 1

    child = spawn(tmp_path, "--resume", "--no-pdf")
    answer(child, SCRIPT[3:])
    output = finish(child)
    assert child.exitstatus == 0, output
    assert "What name" not in output  # continued from the next question
    written = [p for p in (tmp_path / "reports").iterdir() if p.is_file()]
    assert [p.suffix for p in written] == [".yaml"]  # no PDF
    assert not list((tmp_path / "reports" / ".intakes").iterdir())  # and the draft is gone
    assert f"Make the plan with: screening plan {written[0].relative_to(tmp_path)}" in output
    expected = next((whole_run[0] / "reports").glob("*.yaml")).read_text()
    assert written[0].read_text() == expected


def test_resume_without_a_draft_is_one_line(tmp_path):
    child = spawn(tmp_path, "--resume")
    output = finish(child)
    assert child.exitstatus == 2
    assert output.strip() == (
        "error: no unfinished intake in reports/.intakes; start one with: screening intake"
    )


def test_a_closed_terminal_loses_no_answer(tmp_path):
    child = spawn(tmp_path)
    answer(child, SCRIPT[:2])
    child.expect_exact("deadlifts")
    child.close(force=True)  # the terminal goes away: the intake gets SIGHUP
    child = spawn(tmp_path, "--resume", "--no-pdf")
    child.expect_exact("deadlifts")  # name and age were kept
    child.send(CTRL_C)
    finish(child)
    assert child.exitstatus == 130
