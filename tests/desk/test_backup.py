"""`screening desk backup` and `restore`, as a clinic runs them (real processes, real files), on
a data folder or a PostgreSQL database: a consistent copy while the desk is busy writing,
written 0600; a restore, with the desk stopped, that finds every record; records erased since
the backup erased again; one line for a running desk or a file that is not a backup."""

from __future__ import annotations

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
from tests.places import Place, clean_env

RECORDS = (
    "SELECT c.id, c.name, s.id, s.plan, p.pdf FROM records_client c "
    "JOIN kiosk_submission s ON s.client_id = c.id "
    "JOIN records_printout p ON p.submission_id = s.id ORDER BY c.id"
)


@pytest.fixture(autouse=True)
def _database():
    """These tests start their own processes on their own data folders: no test database."""


def _where(place: Place) -> str:
    return place.url or str(place.folder)


def fill(place: Place, count: int, name: str = "") -> None:
    subprocess.run(
        [sys.executable, "-m", "tests.desk.fill", _where(place), str(count)]
        + ([name] if name else []),
        check=True,
        cwd=ROOT,
        capture_output=True,
        timeout=60,
        env=clean_env(),
    )


@contextmanager
def busy_desk(place: Place, count: int) -> Iterator[subprocess.Popen]:
    """A process serving `place` as a desk does (holding its lock) and adding records all the
    while, after the first `count`."""
    busy = subprocess.Popen(
        [sys.executable, "-m", "tests.desk.fill", _where(place), str(count), "--serve"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_env(),
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


def running(place: Place) -> str:
    return (
        f"error: a desk is running on {place.shown}: stop every desk that uses it (Ctrl-C where "
        "each runs), then restore\n"
    )


def test_a_backup_while_the_desk_writes_is_consistent_and_a_restore_finds_every_record(
    place, places, tmp_path
):
    copy, restored = tmp_path / "backup", places(tmp_path / "new")
    with busy_desk(place, 3) as busy:
        done = desk("backup", str(copy), at=place)
        still_writing = busy.poll() is None
    assert done.returncode == 0, done.stderr
    assert still_writing and done.stdout.startswith("Backed up ") and str(copy) in done.stdout
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600

    back = desk("restore", str(copy), at=restored)
    assert back.returncode == 0, back.stderr
    held = restored.rows(RECORDS)  # every record, screening and printed PDF
    clients = restored.rows("SELECT count(*) FROM records_client")[0][0]
    submissions = restored.rows("SELECT count(*) FROM kiosk_submission")[0][0]
    assert clients == submissions == len(held) >= 3  # one moment: no record without its screening
    assert f"Backed up {clients} client records, {submissions} submissions" in done.stdout
    assert back.stdout == (
        f"Restored {clients} client records, {submissions} submissions from {copy} "
        f"into {restored.shown}\n"
    )
    if restored.folder is not None:
        assert rows(copy) == held  # the backup is itself a SQLite database
        assert stat.S_IMODE((restored.folder / "desk.sqlite3").stat().st_mode) == 0o600
    assert held == place.rows(RECORDS)[: len(held)]  # the desk's first records, as they were
    audit = restored.rows("SELECT username, action FROM staff_auditentry")
    assert ("(command line)", "restore") in audit


def test_a_restore_is_refused_in_one_line_while_the_desk_serves(place, tmp_path):
    fill(place, 1)
    copy = tmp_path / "backup"
    assert desk("backup", str(copy), at=place).returncode == 0
    with busy_desk(place, 0):
        refused = desk("restore", str(copy), at=place)
    assert refused.returncode == 2
    assert refused.stderr == running(place)
    assert desk("restore", str(copy), at=place).returncode == 0  # once it has stopped


def test_records_erased_since_the_backup_are_erased_again(place, tmp_path):
    copy = tmp_path / "backup"
    fill(place, 2, "Zed Erased")
    assert desk("backup", str(copy), at=place).returncode == 0
    erase = (
        "import sys; from tests.desk.fill import open_place; open_place(sys.argv[1]);"
        "from screening.desk.records import erasure;"
        "from screening.desk.records.models import Client;"
        "from screening.desk.staff.access import audit_command;"
        "done = erasure.erase(Client.objects.get(name='Zed Erased'));"
        "audit_command('erase', done.summary())"
    )
    subprocess.run(
        [sys.executable, "-c", erase, _where(place)], check=True, cwd=ROOT, env=clean_env()
    )
    back = desk("restore", str(copy), at=place)
    assert back.returncode == 0, back.stderr
    assert "Erased again, as they were after this backup was made: record 1" in back.stdout
    assert [r[1] for r in place.rows(RECORDS)] == ["Client Number1"]


NOT_A_BACKUP = {
    "sqlite": {
        None: "no such file",
        "garbage": "not a desk backup (not SQLite)",
        "empty-sqlite": "not a desk backup (no django_migrations, kiosk_submission",
    },
    "postgresql": {
        None: "no such file",
        "garbage": "not a desk backup (not from pg_dump)",
        "empty-sqlite": "a backup of a desk on SQLite: restore it with --data, not --database",
    },
}


@pytest.mark.parametrize("content", [None, "garbage", "empty-sqlite"])
def test_a_file_that_is_not_a_backup_is_one_line_and_changes_nothing(
    place, tmp_path, content, desk_database
):
    file = tmp_path / "file"
    if content == "empty-sqlite":
        with closing(sqlite3.connect(file)) as db:
            db.execute("CREATE TABLE other (x)")
    elif content == "garbage":
        file.write_bytes(b"PGDMP, or so it says" * 100)
    refused = desk("restore", str(file), at=place)
    assert refused.returncode == 2 and refused.stderr.startswith(f"error: FILE: {file}: ")
    assert NOT_A_BACKUP[desk_database][content] in refused.stderr
    assert len(refused.stderr.splitlines()) == 1
    if place.folder is not None:
        assert not place.folder.exists()
    else:
        assert place.rows("SELECT count(*) FROM staff_auditentry") == [(0,)]


def test_backup_refuses_an_existing_file_in_one_line(place, tmp_path):
    fill(place, 0)
    (tmp_path / "b").write_text("keep me")
    taken = desk("backup", str(tmp_path / "b"), at=place)
    assert taken.returncode == 2 and "already exists (use --force to replace it)" in taken.stderr
    assert (tmp_path / "b").read_text() == "keep me"


def test_backup_refuses_a_missing_desk_in_one_line(tmp_path):
    missing = desk("backup", str(tmp_path / "b"), at=tmp_path / "nowhere")
    assert missing.returncode == 2
    assert missing.stderr == f"error: --data: {tmp_path / 'nowhere'}: no desk database here\n"


@contextmanager
def restoring(place: Place) -> Iterator[None]:
    """Hold the lock a restore holds on `place`."""
    from screening.desk import boot, database, postgres

    if place.url is None:
        with database.stopped(boot.Storage(folder=place.folder)):
            yield
    else:
        with postgres.stopped(postgres.parse(place.url)):
            yield


def test_no_desk_starts_during_a_restore(place):
    fill(place, 0)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with restoring(place):
        refused = desk("--port", str(port), at=place)
    assert refused.returncode == 2
    option = "--database" if place.url else "--data"
    assert refused.stderr == (
        f"error: {option}: {place.shown}: a restore is under way; start the desk once it is done\n"
    )
