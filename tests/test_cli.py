"""The installed `screening` command, end to end, in a scratch folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import ROOT

SCREENING = str(Path(sys.executable).with_name("screening"))
EXAMPLE = str(ROOT / "examples" / "ana.yaml")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SCREENING, *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_demo_writes_a_pdf_with_the_disclaimer_and_prints_its_path(tmp_path):
    result = run("demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = list((tmp_path / "reports").glob("*.pdf"))
    assert len(written) == 1
    assert f"Wrote reports/{written[0].name}" in result.stdout
    assert "Focus: Stability before range" in result.stdout
    text = pdf_text(written[0])
    assert "Ana Example" in text
    assert "Be sure to obtain all appropriate training, expert supervision" in text
    again = run("demo", cwd=tmp_path)  # a second plan never replaces the first
    assert again.returncode == 0
    assert len(list((tmp_path / "reports").glob("*.pdf"))) == 2


def test_plan_json_follows_the_contract(tmp_path):
    result = run("plan", EXAMPLE, "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert {"referral", "hypermobile", "emphases", "routine", "left_out", "trace"} <= set(plan)
    assert plan["referral"] == {"required": False, "reasons": []}
    assert plan["hypermobile"] is True
    assert {"id", "because"} <= set(plan["emphases"][0])
    kinds = {"release", "activation", "strength", "mobility", "stability", "stretch"}
    for item in plan["routine"]:
        assert {"exercise", "kind", "dose", "because"} <= set(item)
        assert item["kind"] in kinds
    for item in plan["left_out"]:
        assert {"exercise", "kind", "reason"} <= set(item)
    assert not (tmp_path / "reports").exists()


def test_plan_html_and_pdf_to_a_chosen_path(tmp_path):
    assert run("plan", EXAMPLE, "--format", "html", "-o", "ana.html", cwd=tmp_path).returncode == 0
    assert "Ana Example" in (tmp_path / "ana.html").read_text()
    assert run("plan", EXAMPLE, "-o", "ana.pdf", cwd=tmp_path).returncode == 0
    refused = run("plan", EXAMPLE, "-o", "ana.pdf", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr == "error: ana.pdf: already exists (use --force to replace it)\n"
    assert run("plan", EXAMPLE, "-o", "ana.pdf", "--force", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (None, "missing.yaml", "error: missing.yaml: no such file"),
        ("runner: [", "broken.yaml", "error: broken.yaml: not valid YAML at line 1"),
        ("{}", "empty.json", "error: empty.json: runner: missing"),
        (
            "runner: {name: Al, age: 9}",
            "young.yaml",
            "runner.age: 9 is not allowed; expected a whole number from 12 to 100",
        ),
        (
            "runner: {name: Al, age: 30}\nsymptom: {}",
            "typo.yaml",
            "symptom: unknown key (did you mean 'symptoms'?)",
        ),
    ],
)
def test_bad_input_is_one_line_exit_2_and_no_file(tmp_path, content, name, expected):
    if content is not None:
        (tmp_path / name).write_text(content)
    for fmt in ("pdf", "json"):
        result = run("plan", name, "--format", fmt, cwd=tmp_path)
        assert result.returncode == 2
        assert expected in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert result.stdout == ""
    assert not (tmp_path / "reports").exists()


def test_usage_mistakes_are_one_line_too(tmp_path):
    result = run("plan", EXAMPLE, "--format", "docx", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: Invalid value for '--format'")
    assert result.stderr.count("\n") == 1


def test_schema_version_help_rules_and_explain(tmp_path):
    schema = json.loads(run("schema", cwd=tmp_path).stdout)
    assert schema["properties"]["runner"]
    assert run("--version", cwd=tmp_path).stdout.startswith("screening, version ")
    assert "screening demo" in run("--help", cwd=tmp_path).stdout
    listing = run("rules", cwd=tmp_path).stdout
    assert "red-flag-chest-pain" in listing and "PAR-Q+ (2023), question 2" in listing
    assert "deadlift - Deadlift (strength; loaded)" in listing
    checked = run("rules", "--check", str(ROOT / "rules"), cwd=tmp_path)
    assert checked.returncode == 0 and "OK" in checked.stdout
    bad = run("rules", "--check", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert bad.returncode == 2 and "not a rules folder" in bad.stderr
    explained = run("explain", EXAMPLE, cwd=tmp_path).stdout
    assert (
        "Stability work instead of stretching: Beighton 6/9 at age 34 (cut-off 5, 2017 criteria"
        in explained
    )


def test_every_command_has_help_with_an_example():
    from screening.cli import cli

    for name, command in cli.commands.items():
        assert command.help and "Example" in command.help, name


def test_same_answers_same_plan_across_processes(tmp_path):
    """experta breaks salience ties by hash order; the plan must not depend on it."""
    import os

    outputs = set()
    for seed in ("1", "2", "5"):
        result = subprocess.run(
            [SCREENING, "plan", str(ROOT / "examples" / "red-flag.yaml"), "--format", "json"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_clinic_name_with_control_characters_is_refused(tmp_path):
    result = run("plan", EXAMPLE, "--clinic", "Clinic\x1b[31m", "-o", "x.pdf", cwd=tmp_path)
    assert result.returncode == 2
    assert "--clinic:" in result.stderr and "without control characters" in result.stderr
    assert not (tmp_path / "x.pdf").exists()
