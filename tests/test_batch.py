"""`screening batch` in process (click's CliRunner) on a few rows: the files it writes, what a
re-run redoes, and every whole-input problem as one line with nothing written."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from screening.batch import executors
from screening.batch.manifest import MANIFEST, open_manifest
from screening.batch.work import Rules, Setup, make_plan, templates_fingerprint
from screening.core.resources import default_rules
from screening.terminal.cli import cli
from tests.conftest import ROOT, pdf_text

HEAD = "runner.name,runner.age,symptoms.knee_pain,red_flags.chest_pain,hypermobility.beighton_score"
ROWS = [
    "Sam Lee,30,,,",
    "Sam Lee,52,yes,yes,",
    '"=HYPERLINK(""http://example.com"",""x"")",40,,,7',
    "Bo,forty,,,",
]


@pytest.fixture
def batch(tmp_path, monkeypatch):
    """batch(*args) -> click's Result of `screening batch *args`, run in a scratch folder."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, ["batch", *args], catch_exceptions=False)


def write(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEAD, *rows]) + "\n", encoding="utf-8")
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.glob("*.pdf")}


def test_one_pdf_per_runner_a_summary_and_the_errors(batch, tmp_path):
    result = batch(str(write(tmp_path / "club.csv", *ROWS)), "--out", "plans", "-j", "2")
    assert result.exit_code == 1  # a row is in errors.csv
    assert "4 runners: 3 plans made, 0 done before, 1 with bad answers, 0 failed" in result.stdout
    out = tmp_path / "plans"
    summary = read_csv(out / "summary.csv")
    assert [(r["row"], r["status"]) for r in summary] == [
        ("2", "plan"),
        ("3", "plan"),
        ("4", "plan"),
        ("5", "bad answers"),
    ]
    sam, sam_again, link, bo = summary
    assert sam["file"] != sam_again["file"]  # one name, two runners: two files
    assert sam["file"].startswith("0002-sam-lee-") and sam_again["file"].startswith("0003-sam-lee-")
    assert (sam["referral"], sam["reasons"]) == ("no", "")
    assert sam_again["referral"] == "yes" and "chest pain" in sam_again["reasons"].lower()
    assert "Deadlift" not in sam_again["exercises"]  # a red flag: no loaded exercise
    assert link["name"] == '\'=HYPERLINK("http://example.com","x")'  # shown, never run
    assert link["hyper-mobility"] == "yes" and link["focus"]
    assert "stretch" not in link["exercises"].lower()
    assert bo["file"] == "" and bo["referral"] == ""
    assert read_csv(out / "errors.csv") == [
        {
            "row": "5",
            "field": "runner.age",
            "message": '"forty" is not allowed; expected a whole number from 12 to 100',
        }
    ]
    pdfs = sorted(p.name for p in out.glob("*.pdf"))
    assert pdfs == sorted(r["file"] for r in summary if r["file"])
    assert "Sam Lee" in pdf_text(out / sam_again["file"])
    for path in [*out.glob("*.pdf"), out / "summary.csv", out / "errors.csv", out / MANIFEST]:
        assert path.stat().st_mode & 0o777 == 0o600, path
    assert out.stat().st_mode & 0o777 == 0o700


def test_a_rerun_skips_what_is_done_and_redoes_what_changed(batch, tmp_path):
    source = write(tmp_path / "club.csv", *ROWS[:2])
    assert batch(str(source), "--out", "plans").exit_code == 0
    out = tmp_path / "plans"
    before = snapshot(out)
    again = batch(str(source), "--out", "plans")
    assert "0 plans made, 2 done before" in again.stdout
    assert snapshot(out) == before
    assert "See a clinician before you start" in pdf_text(out / sorted(before)[1])
    write(tmp_path / "club.csv", ROWS[0], "Sam Lee,52,yes,,")  # row 3: no chest pain now
    changed = batch(str(source), "--out", "plans")
    assert "1 plan made, 1 done before" in changed.stdout
    after = snapshot(out)
    assert after.keys() == before.keys()  # the new plan took the old one's place
    row2, row3 = sorted(after)
    assert after[row2] == before[row2] and after[row3] != before[row3]
    assert "See a clinician before you start" not in pdf_text(out / row3)
    write(tmp_path / "club.csv", ROWS[0], "Samuel Lee,52,yes,,")  # a new name: a new file
    batch(str(source), "--out", "plans")
    assert sorted(snapshot(out)) == [row2, row3.replace("sam-lee", "samuel-lee")]
    write(tmp_path / "club.csv", ROWS[0], "Samuel Lee,fifty,yes,,")  # now bad: no plan
    batch(str(source), "--out", "plans")
    assert sorted(snapshot(out)) == [row2]
    manifest = [json.loads(line) for line in (out / MANIFEST).read_text().splitlines()]
    assert [(e["row"], e["status"]) for e in manifest] == [("2", "done"), ("3", "invalid")]


def test_changed_rules_or_printing_options_redo_every_plan(batch, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(default_rules(), rules)
    source = write(tmp_path / "club.csv", ROWS[0])
    assert batch(str(source), "--out", "plans", "--rules", str(rules)).exit_code == 0
    settings = rules / "settings.yaml"
    settings.write_text(settings.read_text() + "\n# reviewed\n")
    redone = batch(str(source), "--out", "plans", "--rules", str(rules))
    assert "1 plan made, 0 done before" in redone.stdout
    same = batch(str(source), "--out", "plans", "--rules", str(rules))
    assert "0 plans made, 1 done before" in same.stdout
    clinic = batch(str(source), "--out", "plans", "--rules", str(rules), "--clinic", "Riverside")
    assert "1 plan made" in clinic.stdout
    (pdf,) = (tmp_path / "plans").glob("*.pdf")
    assert "Riverside" in pdf_text(pdf)


def one_plan(batch, tmp_path: Path) -> tuple[Path, Path, Path]:
    """A batch of one runner: the CSV, the output folder and the plan."""
    source = write(tmp_path / "club.csv", ROWS[0])
    batch(str(source), "--out", "plans")
    out = tmp_path / "plans"
    (pdf,) = out.glob("*.pdf")
    return source, out, pdf


def test_failed_rows_wait_for_retry_failed(batch, tmp_path):
    source, out, pdf = one_plan(batch, tmp_path)
    pdf.unlink()
    entry = json.loads((out / MANIFEST).read_text())
    entry.update(status="failed", file=None, problems=[["", "no plan was made: worker died"]])
    (out / MANIFEST).write_text(json.dumps(entry) + "\n")
    skipped = batch(str(source), "--out", "plans")
    assert skipped.exit_code == 1 and "0 plans made, 0 done before" in skipped.stdout
    assert "1 failed" in skipped.stdout
    assert read_csv(out / "errors.csv")[0]["message"] == "no plan was made: worker died"
    retried = batch(str(source), "--out", "plans", "--retry-failed")
    assert retried.exit_code == 0 and "1 plan made" in retried.stdout
    assert read_csv(out / "errors.csv") == []
    assert read_csv(out / "summary.csv")[0]["status"] == "plan"


def test_a_missing_plan_file_is_made_again_and_leftover_temporary_files_go(batch, tmp_path):
    source, out, pdf = one_plan(batch, tmp_path)
    pdf.unlink()
    (out / f".{pdf.name}.x1y2.part").write_bytes(b"%PDF-1.7 half")
    assert "1 plan made" in batch(str(source), "--out", "plans").stdout
    assert pdf.exists() and not list(out.glob(".*.part"))


def test_a_folder_of_answers_files(batch, tmp_path):
    folder = tmp_path / "answers"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "ana.yaml", folder)
    shutil.copy(ROOT / "examples" / "red-flag.yaml", folder)
    (folder / "typo.yaml").write_text("runner: {name: Al, age: 30}\nsymptom: {}\n")
    result = batch(str(folder), "--out", "plans")
    assert result.exit_code == 1
    summary = read_csv(tmp_path / "plans" / "summary.csv")
    assert [(r["row"], r["status"]) for r in summary] == [
        ("ana.yaml", "plan"),
        ("red-flag.yaml", "plan"),
        ("typo.yaml", "bad answers"),
    ]
    assert summary[1]["referral"] == "yes"
    assert read_csv(tmp_path / "plans" / "errors.csv") == [
        {
            "row": "typo.yaml",
            "field": "symptom",
            "message": "unknown key (did you mean 'symptoms'?)",
        }
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("runner.name,runner.nmae,runner.age\n", "unknown column 'runner.nmae' (did you mean"),
        ("runner.name\nAna\n", "missing column 'runner.age'"),
        ("runner.name,runner.age,runner.age\n", "column 'runner.age' is given 2 times"),
        ("", "the file is empty"),
        (b"runner.name,runner.age\n\xff\xfe,1\n", "row 2, column runner.name: byte 0xFF is not"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(batch, tmp_path, content, expected):
    path = tmp_path / "club.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = batch(str(path), "--out", "plans")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and expected in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert not (tmp_path / "plans").exists()


def test_an_unreachable_scheduler_is_one_line_with_its_address(batch, tmp_path, monkeypatch):
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", 1.0)
    source = write(tmp_path / "club.csv", ROWS[0])
    result = batch(str(source), "--out", "plans", "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: --scheduler tcp://127.0.0.1:9: cannot reach the Dask scheduler"
    )
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "plans").exists()


def test_a_second_batch_into_the_same_folder_is_refused(batch, tmp_path):
    out = tmp_path / "plans"
    out.mkdir()
    with open_manifest(out):
        result = batch(str(write(tmp_path / "club.csv", ROWS[0])), "--out", str(out))
    assert result.exit_code == 2
    assert "another `screening batch` is writing into this folder" in result.stderr
    assert not list(out.glob("*.pdf"))


def test_out_must_be_a_folder(batch, tmp_path):
    (tmp_path / "plans").write_text("")
    result = batch(str(write(tmp_path / "club.csv", ROWS[0])), "--out", "plans")
    assert result.exit_code == 2 and "plans: --out: is not a folder" in result.stderr


def test_a_failing_task_becomes_a_failed_outcome_not_a_crash():
    rules = default_rules()
    from screening.batch.fingerprint import folder_fingerprint

    setup = Setup(
        Rules(folder_fingerprint(rules), folder=str(rules)),
        templates_fingerprint(),
        None,
        "a4",
        None,  # type: ignore[arg-type]
    )
    outcome = make_plan("k", {"runner": {"name": "Al"}}, setup)
    assert outcome.pdf is None and "runner.age: missing" in outcome.error
    other = Setup(Rules("0" * 16, folder=str(rules)), templates_fingerprint(), None, "a4", None)  # type: ignore[arg-type]
    assert "the rules changed during the batch" in make_plan("k", {}, other).error


def test_a_task_dask_could_not_run_becomes_a_failed_outcome():
    lost = (RuntimeError, RuntimeError("worker lost"), None)
    assert executors.DaskCluster._outcome("k", lost).error == "RuntimeError: worker lost"


def test_schema_prints_the_csv_header(tmp_path):
    result = CliRunner().invoke(cli, ["schema", "--csv-header"])
    assert result.stdout.startswith("runner.name,runner.age,")
    assert "hypermobility.beighton.knee_left" in result.stdout.split(",")
