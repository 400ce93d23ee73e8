"""The `screening` command: in process through click's CliRunner (fast), and a few runs of the
installed command end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from screening.core.plan import PLAN_SCHEMA_VERSION, Plan
from screening.terminal.cli import cli
from tests.conftest import ROOT, pdf_text

SCREENING = str(Path(sys.executable).with_name("screening"))
EXAMPLE = str(ROOT / "examples" / "ana.yaml")


@pytest.fixture
def screening(tmp_path, monkeypatch):
    """screening(*args) -> click's Result, run in process in a scratch folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, list(args), catch_exceptions=False)


def run(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SCREENING, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, **env},
    )


def test_demo_writes_a_pdf_with_the_disclaimer_and_prints_its_path(tmp_path):
    """The installed command, end to end."""
    result = run("demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = list((tmp_path / "reports").glob("*.pdf"))
    assert len(written) == 1
    assert f"Wrote reports/{written[0].name}" in result.stdout
    assert "Focus: Stability before range" in result.stdout
    text = pdf_text(written[0])
    assert "Ana Example" in text
    assert "Be sure to obtain all appropriate training, expert supervision" in text
    assert written[0].stat().st_mode & 0o777 == 0o600


def test_a_second_plan_never_replaces_the_first(screening, tmp_path):
    assert screening("plan", EXAMPLE, "--format", "html").exit_code == 0
    assert screening("plan", EXAMPLE, "--format", "html").exit_code == 0
    assert len(list((tmp_path / "reports").glob("ana-example-*.html"))) == 2


def test_plan_json_follows_the_contract(screening, tmp_path):
    result = screening("plan", EXAMPLE, "--format", "json")
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["schema_version"] == PLAN_SCHEMA_VERSION
    assert {"referral", "hypermobile", "emphases", "routine", "left_out", "trace"} <= set(plan)
    assert plan["referral"] == {"required": False, "reasons": []}
    assert plan["hypermobile"] is True
    assert plan["answers"]["runner"]["name"] == "Ana Example"
    kinds = {"release", "activation", "strength", "mobility", "stability", "stretch"}
    for item in plan["routine"]:
        assert {"exercise", "kind", "tags", "dose", "because"} <= set(item)
        assert item["kind"] in kinds
    assert "loaded" in next(i["tags"] for i in plan["routine"] if i["exercise"] == "deadlift")
    for item in plan["left_out"]:
        assert {"exercise", "kind", "tags", "reason"} <= set(item)
    Plan.model_validate(plan)
    assert not (tmp_path / "reports").exists()


def test_schema_prints_the_answers_and_the_plan_schemas(screening):
    answers = json.loads(screening("schema").stdout)
    assert answers["properties"]["runner"]
    fields = {
        section: set(answers["$defs"][ref["$ref"].rsplit("/", 1)[-1]]["properties"])
        for section, ref in answers["properties"].items()
    }
    assert fields["pregnancy"] == {"status", "weeks", "pelvic_floor_symptoms"}
    assert fields["training"] == {"weekly_km", "weekly_km_before"}
    assert fields["history"] == {"last_injury", "hamstring_strain", "stress_fracture"}
    assert fields["health"] == {"missed_periods"}
    assert {"sites", "level"} == fields["pain"]
    assert "pregnancy_warning_signs" in fields["red_flags"]
    assert "hamstring_strain_history" in fields["symptoms"]  # stays
    plan = json.loads(screening("schema", "--plan").stdout)
    assert "running_hold" in plan["properties"]
    assert plan["properties"]["schema_version"]["const"] == PLAN_SCHEMA_VERSION
    assert {"runner", "answers", "referral", "routine", "left_out", "trace"} <= set(
        plan["required"]
    )


def test_plan_html_and_pdf_to_a_chosen_path(screening, tmp_path):
    assert screening("plan", EXAMPLE, "--format", "html", "-o", "ana.html").exit_code == 0
    assert "Ana Example" in (tmp_path / "ana.html").read_text()
    assert screening("plan", EXAMPLE, "-o", "ana.pdf").exit_code == 0
    assert (tmp_path / "ana.pdf").read_bytes().startswith(b"%PDF")
    refused = screening("plan", EXAMPLE, "-o", "ana.pdf")
    assert refused.exit_code == 2
    assert refused.stderr == "error: ana.pdf: already exists (use --force to replace it)\n"
    assert screening("plan", EXAMPLE, "-o", "ana.pdf", "--force").exit_code == 0


def test_pdf_to_standard_output(screening):
    result = screening("plan", EXAMPLE, "-o", "-")
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"%PDF")


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
        (
            "runner: {name: Al, age: 9}\npain: {level: 11}",
            "two.yaml",
            "expected a whole number from 12 to 100 (and 1 more problem)",
        ),
    ],
)
def test_bad_input_is_one_line_exit_2_and_no_file(screening, tmp_path, content, name, expected):
    if content is not None:
        (tmp_path / name).write_text(content)
    for fmt in ("pdf", "json"):
        result = screening("plan", name, "--format", fmt)
        assert result.exit_code == 2
        assert expected in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert result.stdout == ""
    assert not (tmp_path / "reports").exists()


def test_usage_mistakes_are_one_line_too(screening):
    result = screening("plan", EXAMPLE, "--format", "docx")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: Invalid value for '--format'")
    assert result.stderr.count("\n") == 1


def test_version_help_rules_and_explain(screening, tmp_path):
    assert screening("--version").stdout.startswith("screening, version ")
    assert "screening demo" in screening("--help").stdout
    listing = screening("rules").stdout
    assert "red-flag-chest-pain" in listing and "PAR-Q+ (2023), question 2" in listing
    assert "deadlift - Deadlift (strength; loaded)" in listing
    checked = screening("rules", "--check", str(ROOT / "rules"))
    assert checked.exit_code == 0 and "OK" in checked.stdout
    bad = screening("rules", "--check", str(tmp_path / "nowhere"))
    assert bad.exit_code == 2 and "not a rules folder" in bad.stderr
    explained = screening("explain", EXAMPLE).stdout
    assert (
        "Stability work instead of stretching: Beighton 6/9 at age 34 (cut-off 5, 2017 criteria"
        in explained
    )


def test_every_command_has_help_with_an_example():
    for name, command in cli.commands.items():
        assert command.help and "Example" in command.help, name


def test_help_imports_no_heavy_library(tmp_path):
    """`screening --help` stays fast: the rule engine, the PDF renderer, pydantic, the
    questionnaire's prompts, the desk's web stack and the batch runner's progress bar and Dask
    client are imported only by the commands that use them."""
    code = (
        "import sys; from screening.terminal.cli import cli\n"
        "heavy = {'experta', 'weasyprint', 'pydantic', 'questionary', 'jinja2', 'yaml',\n"
        "         'django', 'gunicorn', 'axes', 'csp', 'whitenoise', 'argon2',\n"
        "         'dask', 'distributed', 'tqdm', 'rich', 'concurrent.futures.process'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert done.stdout.strip() == "[]"


def test_same_answers_same_plan_across_processes(tmp_path):
    """experta breaks salience ties by hash order; the plan must not depend on it."""
    outputs = set()
    for seed in ("1", "2", "5"):
        result = run(
            "plan",
            str(ROOT / "examples" / "red-flag.yaml"),
            "--format",
            "json",
            cwd=tmp_path,
            PYTHONHASHSEED=seed,
        )
        assert result.returncode == 0, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_clinic_name_with_control_characters_is_refused(screening, tmp_path):
    result = screening("plan", EXAMPLE, "--clinic", "Clinic\x1b[31m", "-o", "x.pdf")
    assert result.exit_code == 2
    assert result.stderr == (
        'error: --clinic: "Clinic\\u001b[31m" is not allowed: it has a terminal escape '
        "(U+001B); expected 1 to 80 characters on one line\n"
    )
    assert not (tmp_path / "x.pdf").exists()


def test_only_one_shot_commands_run_without_the_garbage_collector(screening, monkeypatch):
    """`plan` and its like switch the cyclic collector off while they run (a cold PDF is
    faster); the collector is on again afterwards, and long-running commands never touch it."""
    import gc

    from screening import service

    seen, real = [], service.screen

    def screen(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "screen", screen)
    assert screening("explain", EXAMPLE).exit_code == 0
    assert seen == [False] and gc.isenabled()
