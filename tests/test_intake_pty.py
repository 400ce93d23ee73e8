"""The installed `screening intake` in a real pseudo-terminal (pexpect), typed like a person;
at 60 and 80 columns what it writes is fed to a terminal emulator (pyte), so the test reads the
screen a runner sees."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pexpect
import pyte
import pytest

from tests.conftest import ROOT
from tests.wording import broken_words, too_wide

SCREENING = str(ROOT / ".venv" / "bin" / "screening")
ENTER, DOWN, CTRL_C = "\r", "\x1b[B", "\x03"

# Enter at each question every runner is asked after the symptoms: nothing hurts, distance left
# open, no injury, no stress fracture, not pregnant, no missed periods. (One word of each
# question: a longer phrase may be broken across lines on a narrow terminal.)
EVERYDAY = [
    (shown, ENTER) for shown in ("anything", "average", "injury", "fracture", "pregnant", "period")
]
# (what the screen shows, what the runner types): a runner with no symptoms who skips the
# flexibility checks; the last step confirms the review.
SCRIPT = [
    ("What name", "Ana Lopez" + ENTER),
    ("How old", "34" + ENTER),
    ("deadlifts", DOWN + ENTER),
    ("where you train", " " + ENTER),
    ("when you run", ENTER),
    *EVERYDAY,
    ("check yours", ENTER),  # skip, the first choice
    ("apply to you", DOWN * 13 + " " + ENTER),  # "None of these apply to me"
    ("Is everything right", ENTER),
]


def spawn(
    cwd: Path, *args: str, size: tuple[int, int] = (30, 100), command: str = SCREENING
) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1"}
    return pexpect.spawn(
        command,
        ["intake", *args] if command == SCREENING else list(args),
        cwd=str(cwd),
        env=env,
        dimensions=size,
        timeout=20,
        encoding="utf-8",
    )


class Screen:
    """A terminal emulator fed with everything the intake writes (pexpect's read log)."""

    def __init__(self, rows: int, columns: int) -> None:
        self.screen = pyte.HistoryScreen(columns, rows, history=5000)
        self.stream = pyte.Stream(self.screen)

    def write(self, data: str) -> None:
        self.stream.feed(data)

    def flush(self) -> None:
        pass

    def shown(self) -> list[str]:
        """The lines on screen now."""
        return [line.rstrip() for line in self.screen.display]

    def transcript(self) -> list[str]:
        """Every line written that is still there: scrolled off the top, then on screen."""
        columns = self.screen.columns
        top = [
            "".join(line[x].data for x in range(columns)).rstrip()
            for line in self.screen.history.top
        ]
        lines = top + self.shown()
        while lines and not lines[-1]:
            lines.pop()
        return lines


def settle(child: pexpect.spawn) -> None:
    """Read until the intake has drawn everything (nothing new for a moment)."""
    child.expect(pexpect.TIMEOUT, timeout=0.5)


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
    assert "saved. To continue:\r\n  screening intake --resume" in output
    assert len(list((tmp_path / "reports" / ".intakes").glob("*.json"))) == 1

    child = spawn(tmp_path, "--resume", "--no-pdf")
    answer(child, SCRIPT[3:])
    output = finish(child)
    assert child.exitstatus == 0, output
    assert "What name" not in output  # continued from the next question
    written = [p for p in (tmp_path / "reports").iterdir() if p.is_file()]
    assert [p.suffix for p in written] == [".yaml"]  # no PDF
    assert not list((tmp_path / "reports" / ".intakes").iterdir())  # and the draft is gone
    assert f"Make the plan with:\r\n  screening plan {written[0].relative_to(tmp_path)}" in output
    expected = next((whole_run[0] / "reports").glob("*.yaml")).read_text()
    assert written[0].read_text() == expected


def test_resume_without_a_draft_is_one_line(tmp_path):
    child = spawn(tmp_path, "--resume")
    output = finish(child)
    assert child.exitstatus == 2
    assert output.strip() == (
        "error: no unfinished intake in reports/.intakes; start one with: screening intake"
    )


def test_ctrl_c_before_any_answer_says_nothing_was_saved(tmp_path):
    child = spawn(tmp_path)
    child.expect_exact("What name")
    child.send(CTRL_C)
    output = finish(child)
    assert child.exitstatus == 130
    assert "nothing was saved" in output and "--resume" not in output
    assert not list((tmp_path / "reports" / ".intakes").glob("*.json"))


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


# María, who does deadlifts with a kettlebell, leaves all nine checks open, presses Enter on the
# untouched safety list (asked again), then ticks chest pain: referred, with urgent words.
MARIA = [
    ("What name", "María López" + ENTER),
    ("How old", "34" + ENTER),
    ("deadlifts", DOWN + ENTER),
    ("where you", DOWN + " " + ENTER),
    ("when you run", ENTER),
    *EVERYDAY,
    ("check yours", DOWN + ENTER),
    *[(shown, ENTER) for shown in ("Left little", "Right little", "Left thumb", "Right thumb")],
    *[(shown, ENTER) for shown in ("Left elbow", "Right elbow", "Left knee", "Right knee")],
    ("Knees straight", ENTER),
    ("apply to you", ENTER),
    ("Tick what applies", ""),
    ("apply to you", DOWN + " " + ENTER),
    ("Is everything right", ENTER),
]


@pytest.fixture(scope="module", params=[(20, 60), (24, 80)], ids=["60x20", "80x24"])
def maria(request, tmp_path_factory):
    """The MARIA run at one terminal size: (folder, emulated screen, safety list as shown)."""
    rows, columns = request.param
    cwd = tmp_path_factory.mktemp(f"maria{columns}")
    child = spawn(cwd, size=(rows, columns))
    screen = Screen(rows, columns)
    child.logfile_read = screen
    live_list: list[str] = []
    for shown, typed in MARIA:
        child.expect_exact(shown)
        if shown == "Tick what applies":
            settle(child)
            live_list = screen.shown()  # the safety list, asked again, as on screen
        child.send(typed)
    finish(child)
    assert child.exitstatus == 0, "\n".join(screen.transcript())
    return cwd, screen, live_list


def test_the_file_name_is_the_transliterated_name(maria):
    cwd, screen, _ = maria
    names = sorted(p.name for p in (cwd / "reports").iterdir() if p.is_file())
    stem = f"maria-lopez-{date.today().isoformat()}"
    assert names == [f"{stem}.pdf", f"{stem}.yaml"]
    assert f"Wrote reports/{stem}.pdf" in screen.transcript()
    assert "name: María López" in (cwd / "reports" / f"{stem}.yaml").read_text(encoding="utf-8")


def test_what_stays_on_screen_breaks_between_words(maria):
    """Questions with their answers, notices, the validation message and the summary: no
    line reaches the terminal's edge, no word is cut, and no list is left behind."""
    cwd, screen, _ = maria
    lines = screen.transcript()
    files = [f"reports/{p.name}" for p in (cwd / "reports").iterdir()]
    assert too_wide(lines, screen.screen.columns - 1) == []
    assert broken_words(lines, typed=["María López", *files]) == []
    assert not [line for line in lines if "○" in line or "»" in line]  # every list erased
    said = " ".join(" ".join(lines).split())
    assert "? What name should go on your plan? María López" in said
    assert "Tick what applies, or choose “None of these apply to me”." in said


def test_the_safety_list_is_laid_out_between_words_while_asked(maria):
    _, screen, live = maria
    assert any("○" in line for line in live)
    assert too_wide(live, screen.screen.columns - 1) == []
    assert broken_words(live) == []


def test_chest_pain_gets_urgent_words_at_once_and_in_the_summary(maria):
    _, screen, _ = maria
    said = " ".join(" ".join(screen.transcript()).split())
    urgent = "URGENT: If you have chest pain now"
    assert said.count(urgent) == 2  # after the question, and again after the plan
    summary = said[said.index("Wrote reports/") :]
    assert "call your local emergency number now" in summary
    assert "See a clinician before you start:" in summary
    assert "Routine: Start this routine only once a clinician has agreed to it." in summary


def test_the_summary_leaves_out_what_the_pdf_leaves_out(maria):
    _, screen, _ = maria
    said = " ".join(" ".join(screen.transcript()).split())
    left_out = said[said.index("Left out:") :]
    assert left_out.startswith("Left out: Strength work with weights")
    assert "Deadlift" not in left_out and "Kettlebell" not in left_out


def test_nine_dont_knows_are_not_a_score(maria):
    cwd, _, _ = maria
    answers = next((cwd / "reports").glob("*.yaml")).read_text(encoding="utf-8")
    assert "beighton_score" not in answers and "pinky_left: null" in answers
    explained = subprocess.run(
        [SCREENING, "explain", next((cwd / "reports").glob("*.yaml")).name],
        cwd=cwd / "reports",
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "0/9" not in explained and "Beighton score not known" in explained


def test_piped_output_asks_on_the_terminal_and_logs_only_the_results(tmp_path):
    """`screening intake | tee log`: the questions stay on the terminal, the log gets the
    files written and the summary."""
    child = spawn(tmp_path, "-c", f"{SCREENING} intake --no-pdf | tee log", command="bash")
    answer(child, SCRIPT)  # every question was seen on the terminal
    output = finish(child)
    assert child.exitstatus == 0, output
    log = (tmp_path / "log").read_text(encoding="utf-8")
    assert log.startswith("\nWrote reports/ana-lopez-") and "Routine:" in log
    assert "What name" not in log and "\x1b" not in log  # no question, no escape code
