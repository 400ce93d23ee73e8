"""`screening desk backup` and `restore`, as a clinic runs them (real processes, real files):
a consistent copy while the desk is busy writing, written 0600; a restore, with the desk
stopped, that finds every record; records erased since the backup erased again; one line for
a running desk or a file that is not a backup."""

from __future__ import annotations

import os
import socket
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.desk.test_command import desk

RECORDS = (
    "SELECT c.id, c.name, s.id, s.plan, p.pdf FROM records_client c "
    "JOIN kiosk_submission s ON s.client_id = c.id "
    "JOIN records_printout p ON p.submission_id = s.id ORDER BY c.id"
)


@pytest.fixture(autouse=True)
def _database():
    """These tests start their own processes on their own data folders: no test database."""


def fill(data: Path, count: int, name: str = "") -> None:
    subprocess.run(
        [sys.executable, "-m", "tests.desk.fill", str(data), str(count), *([name] if name else [])],
        check=True,
        cwd=ROOT,
        capture_output=True,
        timeout=60,
        env=_env(),
    )


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("SCREENING_DESK", "DJANGO"))}


@contextmanager
def busy_desk(data: Path, count: int) -> Iterator[subprocess.Popen]:
    """A process serving `data` as a desk does (holding its lock) and adding records all the
    while, after the first `count`."""
    busy = subprocess.Popen(
        [sys.executable, "-m", "tests.desk.fill", str(data), str(count), "--serve"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        assert busy.stdout.readline() == "ready\n", busy.stderr.read()
        yield busy
    finally:
        busy.terminate()
        busy.communicate(timeout=10)


def rows(database: Path, query: str = RECORDS) -> list[tuple]:
    with closing(sqlite3.connect(database)) as db:
        return db.execute(query).fetchall()


def test_a_backup_while_the_desk_writes_is_consistent_and_a_restore_finds_every_record(tmp_path):
    data, copy, restored = tmp_path / "desk", tmp_path / "backup.sqlite3", tmp_path / "new"
    with busy_desk(data, 3) as busy:
        done = desk("backup", str(copy), data=data)
        still_writing = busy.poll() is None
    assert done.returncode == 0, done.stderr
    assert still_writing and done.stdout.startswith("Backed up ") and str(copy) in done.stdout
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    held = rows(copy)
    clients = rows(copy, "SELECT count(*) FROM records_client")[0][0]
    submissions = rows(copy, "SELECT count(*) FROM kiosk_submission")[0][0]
    assert clients == submissions == len(held) >= 3  # one moment: no record without its screening
    assert f"Backed up {clients} client records, {submissions} submissions" in done.stdout

    back = desk("restore", str(copy), data=restored)
    assert back.returncode == 0, back.stderr
    assert back.stdout == (
        f"Restored {clients} client records, {submissions} submissions from {copy} "
        f"into {restored}\n"
    )
    assert rows(restored / "desk.sqlite3") == held  # every record, screening and printed PDF
    assert stat.S_IMODE((restored / "desk.sqlite3").stat().st_mode) == 0o600
    audit = rows(restored / "desk.sqlite3", "SELECT username, action FROM staff_auditentry")
    assert ("(command line)", "restore") in audit


def test_a_restore_is_refused_in_one_line_while_the_desk_serves(tmp_path):
    data = tmp_path / "desk"
    fill(data, 1)
    copy = tmp_path / "backup.sqlite3"
    with closing(sqlite3.connect(data / "desk.sqlite3")) as db, closing(sqlite3.connect(copy)) as c:
        db.backup(c)
    with busy_desk(data, 0):
        refused = desk("restore", str(copy), data=data)
    assert refused.returncode == 2
    assert refused.stderr == (
        f"error: the desk is running on {data}: stop it (Ctrl-C where it runs), then restore\n"
    )
    assert desk("restore", str(copy), data=data).returncode == 0  # once it has stopped


def test_records_erased_since_the_backup_are_erased_again(tmp_path):
    data, copy = tmp_path / "desk", tmp_path / "backup.sqlite3"
    fill(data, 2, "Zed Erased")
    assert desk("backup", str(copy), data=data).returncode == 0
    erase = (
        "import sys; from pathlib import Path; from screening.desk import boot;"
        "boot.prepare(Path(sys.argv[1]));"
        "from screening.desk.records import erasure;"
        "from screening.desk.records.models import Client;"
        "from screening.desk.staff.access import audit_command;"
        "done = erasure.erase(Client.objects.get(name='Zed Erased'));"
        "audit_command('erase', done.summary())"
    )
    subprocess.run([sys.executable, "-c", erase, str(data)], check=True, cwd=ROOT, env=_env())
    back = desk("restore", str(copy), data=data)
    assert back.returncode == 0, back.stderr
    assert "Erased again, as they were after this backup was made: record 1" in back.stdout
    names = [r[1] for r in rows(data / "desk.sqlite3")]
    assert names == ["Client Number1"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"not a database at all" * 100, "not a desk backup (not SQLite)"),
        ("empty-sqlite", "not a desk backup (no django_migrations, kiosk_submission"),
    ],
)
def test_a_file_that_is_not_a_backup_is_one_line_and_changes_nothing(tmp_path, content, message):
    data, file = tmp_path / "desk", tmp_path / "file"
    if content == "empty-sqlite":
        with closing(sqlite3.connect(file)) as db:
            db.execute("CREATE TABLE other (x)")
    elif content is not None:
        file.write_bytes(content)
    refused = desk("restore", str(file), data=data)
    assert refused.returncode == 2 and refused.stderr.startswith(f"error: FILE: {file}: ")
    assert message in refused.stderr and len(refused.stderr.splitlines()) == 1
    assert not data.exists()


def test_backup_refuses_a_missing_desk_and_an_existing_file_in_one_line(tmp_path):
    missing = desk("backup", str(tmp_path / "b"), data=tmp_path / "nowhere")
    assert missing.returncode == 2
    assert missing.stderr == f"error: --data: {tmp_path / 'nowhere'}: no desk database here\n"
    data = tmp_path / "desk"
    fill(data, 0)
    (tmp_path / "b").write_text("keep me")
    taken = desk("backup", str(tmp_path / "b"), data=data)
    assert taken.returncode == 2 and "already exists (use --force to replace it)" in taken.stderr
    assert (tmp_path / "b").read_text() == "keep me"


def test_no_desk_starts_during_a_restore(tmp_path):
    from screening.desk import database

    data = tmp_path / "desk"
    fill(data, 0)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with database.stopped(data):  # as a restore holds it
        refused = desk("--port", str(port), data=data)
    assert refused.returncode == 2
    assert refused.stderr == (
        f"error: --data: {data}: a restore is under way; start the desk once it is done\n"
    )
