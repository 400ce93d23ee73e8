"""`screening desk export`: the screenings of a date range and the audit log as CSV, a record
as JSON, each written owner-only (0600), spreadsheet-safe, never over an existing file without
--force, bad input in one line; each export is audited."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import stat
from contextlib import closing
from datetime import date

import pytest

from tests.desk.test_backup import fill
from tests.desk.test_command import desk

FORMULA = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture(autouse=True)
def _database():
    """These tests run the command in processes of their own on a real data folder."""


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export") / "desk"
    fill(folder, 2, FORMULA)
    return folder


def read_csv(path) -> list[dict[str, str]]:
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def test_screenings_as_csv_with_a_formula_name_kept_as_text(data, tmp_path):
    today = date.today().isoformat()
    out = tmp_path / "screenings.csv"
    done = desk("export", "screenings", str(out), "--from", "2000-01-01", "--to", today, data=data)
    assert done.returncode == 0 and done.stdout == f"Wrote 2 screenings to {out}\n", done.stderr
    rows = read_csv(out)
    assert [r["Client"] for r in rows] == ["'" + FORMULA, "Client Number1"]
    assert rows[0]["Record"] == "1" and rows[0]["Referral"] == "no"
    again = desk("export", "screenings", str(out), "--from", "2000-01-01", "--to", today, data=data)
    assert again.returncode == 2 and again.stderr.endswith("(use --force to replace it)\n")


def test_a_record_as_json_and_the_audit_log_as_csv(data, tmp_path):
    record = tmp_path / "record.json"
    done = desk("export", "record", "2", str(record), data=data)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(record.stat().st_mode) == 0o600
    exported = json.loads(record.read_text())
    assert exported["record"]["name"] == "Client Number1" and len(exported["screenings"]) == 1
    audit = tmp_path / "audit.csv"
    assert desk("export", "audit", str(audit), data=data).returncode == 0
    entries = read_csv(audit)
    assert entries[0]["Who"] == "(command line)" and entries[0]["What"] == "Exported"
    assert entries[0]["About"] == "record 2 as JSON"
    with closing(sqlite3.connect(data / "desk.sqlite3")) as db:
        last = db.execute(
            "SELECT username, target FROM staff_auditentry ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert last[0] == "(command line)" and last[1].startswith("audit log as CSV (")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["record", "99", "x.json"], "error: NUMBER: there is no record 99\n"),
        (
            ["screenings", "x.csv", "--from", "2025-05-02", "--to", "2025-05-01"],
            "error: --to: 2025-05-01 is before --from\n",
        ),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(data, tmp_path, args, message):
    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    done = desk("export", *args, data=data)
    assert done.returncode == 2 and done.stderr == message
    assert not list(tmp_path.iterdir())
