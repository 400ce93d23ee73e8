"""The desk's database kept safe: a consistent backup while the desk serves, a restore while it
is stopped (a lock in the data folder tells the two apart), and nothing of an erased record left
in SQLite's write-ahead log.

SQLite is the only database so far: each function checks the database's vendor, so that
another (PostgreSQL with pg_dump and pg_restore) can be added beside it.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from screening.core.errors import Problem, ScreeningError
from screening.store import files

LOCK = "desk.lock"
TABLES = ("django_migrations", "kiosk_submission", "staff_account", "staff_auditentry")


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


def _only_sqlite(command: str) -> None:
    if (vendor := _vendor()) != "sqlite":
        raise ScreeningError(f"screening desk {command}: not available for {vendor} yet")


def _lock(data: Path, how: int) -> int | None:
    """An open lock file in `data`, locked `how` (shared or exclusive) without waiting; None
    when someone else holds it the other way."""
    fd = os.open(data / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, how | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


@contextmanager
def serving(data: Path) -> Iterator[None]:
    """Held while a desk serves from `data`. Shared: several desks may serve one folder; a
    restore cannot start while any does (and no desk starts during a restore)."""
    fd = _lock(data, fcntl.LOCK_SH)
    if fd is None:
        raise ScreeningError(
            Problem("--data", f"{data}: a restore is under way; start the desk once it is done")
        )
    try:
        yield
    finally:
        os.close(fd)


@contextmanager
def stopped(data: Path) -> Iterator[None]:
    """Held for a restore: refused, in one line, while a desk serves from `data`."""
    fd = _lock(data, fcntl.LOCK_EX)
    if fd is None:
        raise ScreeningError(
            f"the desk is running on {data}: stop it (Ctrl-C where it runs), then restore"
        )
    try:
        yield
    finally:
        os.close(fd)


def backup(output: str, *, force: bool = False) -> Path:
    """A consistent copy of the desk's database in the file `output` (0600), made while the
    desk may be serving: SQLite's online backup copies one moment's state, whatever is being
    written meanwhile."""
    _only_sqlite("backup")
    from django.db import connection

    connection.ensure_connection()
    source = connection.connection

    def fill(path: Path) -> None:
        with closing(sqlite3.connect(path)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise ScreeningError(f"{output}: the copy failed SQLite's check; nothing written")

    return files.write_output_with(output, fill, force=force)


def count_rows(path: Path, tables: list[str]) -> list[int]:
    """How many rows each table of the backup at `path` holds."""
    with closing(sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)) as db:
        return [db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables]


def check_backup(path: Path) -> None:
    """Refuse, in one line, a file that is not a sound backup of a desk."""
    if not path.is_file():
        raise ScreeningError(Problem("FILE", f"{path}: no such file"))
    try:
        with closing(sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)) as db:
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise ScreeningError(Problem("FILE", f"{path}: damaged (SQLite's check failed)"))
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError:
        raise ScreeningError(Problem("FILE", f"{path}: not a desk backup (not SQLite)")) from None
    if missing := [t for t in TABLES if t not in tables]:
        raise ScreeningError(
            Problem("FILE", f"{path}: not a desk backup (no {', '.join(missing)} table)")
        )


def unknown_migrations(path: Path) -> list[str]:
    """Migrations recorded in the backup that this version of the program does not have (a
    backup from a newer version)."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    with closing(sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)) as db:
        applied = db.execute("SELECT app, name FROM django_migrations").fetchall()
    apps = {app for app, _ in known}
    return [f"{app}.{name}" for app, name in applied if app in apps and (app, name) not in known]


def replace_with(path: Path) -> None:
    """Put the backup's contents in place of the desk's database (the desk stopped)."""
    _only_sqlite("restore")
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    target = Path(settings.DATABASES["default"]["NAME"])
    uri = f"{path.absolute().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as source, closing(sqlite3.connect(target)) as db:
        source.backup(db)
    target.chmod(0o600)


def scrub() -> bool:
    """After an erasure (committed): empty SQLite's write-ahead log, which still holds earlier
    versions of the pages just overwritten (secure_delete zeroes them in the database itself).
    False when that could not be done now (a reader holds the log open, or a transaction is
    under way): SQLite's next checkpoint overwrites the log then."""
    from django.db import OperationalError, connection

    if connection.vendor != "sqlite":
        return True
    if connection.in_atomic_block:
        return False
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy = cursor.fetchone()[0]
    except OperationalError:
        return False
    return not busy
