"""The desk's database kept safe: a consistent backup while the desk serves, a restore while it
is stopped (a lock tells the two apart), and nothing of an erased record left in SQLite's
write-ahead log.

Each function works on the desk's database, whichever it is: SQLite here (its online backup, a
lock file in the data folder), PostgreSQL through `screening.desk.postgres` (pg_dump, pg_restore,
advisory locks that every machine sees).
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from screening.core.errors import Problem, ScreeningError
from screening.store import files

if TYPE_CHECKING:
    from screening.desk.boot import Storage
    from screening.desk.postgres import Target

LOCK = "desk.lock"
TABLES = ("django_migrations", "kiosk_submission", "staff_account", "staff_auditentry")


def _postgres() -> Target | None:
    """The PostgreSQL database the desk uses, or None on SQLite."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    from screening.desk import postgres

    return postgres.from_django(connection.settings_dict)


def problem(error: Exception) -> ScreeningError:
    """A database's refusal (a right missing, a disk full) as one line naming the database."""
    from django.db import connection

    if (target := _postgres()) is not None:
        from screening.desk import postgres

        return target.problem(postgres.reason(error, target))
    return ScreeningError(Problem("--data", f"{connection.settings_dict['NAME']}: {error}"))


def migrating() -> Any:
    """Held while migrating: on PostgreSQL, one desk at a time (several may start at once)."""
    if _postgres() is None:
        return nullcontext()
    from screening.desk import postgres

    return postgres.migrating()


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


def serving(storage: Storage) -> Any:
    """Held while a desk serves. Shared: several desks may serve one data folder or one
    PostgreSQL database; a restore cannot start while any does (and no desk starts during a
    restore)."""
    if storage.folder is None:
        from screening.desk import postgres

        return postgres.serving(_postgres())
    data = storage.folder
    return _locked(
        data,
        fcntl.LOCK_SH,
        ScreeningError(
            Problem("--data", f"{data}: a restore is under way; start the desk once it is done")
        ),
    )


def stopped(storage: Storage) -> Any:
    """Held for a restore: refused, in one line, while a desk serves."""
    if storage.folder is None:
        from screening.desk import postgres

        return postgres.stopped(_postgres())
    data = storage.folder
    return _locked(
        data,
        fcntl.LOCK_EX,
        ScreeningError(
            f"a desk is running on {data}: stop every desk that uses it (Ctrl-C where each "
            "runs), then restore"
        ),
    )


@contextmanager
def _locked(data: Path, mode: int, refusal: ScreeningError) -> Iterator[None]:
    """The data folder's lock file held in `mode` until the block ends; `refusal` raised at
    once if it cannot be had."""
    fd = _lock(data, mode)
    if fd is None:
        raise refusal
    try:
        yield
    finally:
        os.close(fd)


def backup(output: str, *, force: bool = False) -> Path:
    """A consistent copy of the desk's database in the file `output` (0600), made while the
    desk may be serving: SQLite's online backup, or pg_dump, copies one moment's state,
    whatever is being written meanwhile."""
    if (target := _postgres()) is not None:
        from screening.desk import postgres

        return files.write_output_with(
            output, lambda path: postgres.dump(target, path), force=force
        )
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


def _read_only(path: Path) -> closing[sqlite3.Connection]:
    """The SQLite file at `path`, opened read-only."""
    return closing(sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True))


def count_rows(path: Path, tables: list[str]) -> list[int]:
    """How many rows each table of the backup at `path` holds."""
    if _postgres() is not None:
        from screening.desk import postgres

        return [sum(1 for _ in postgres.table_rows(path, table)) for table in tables]
    with _read_only(path) as db:
        return [db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables]


def check_backup(path: Path, *, postgresql: bool = False) -> None:
    """Refuse, in one line, a file that is not a sound backup of a desk on SQLite (or, with
    `postgresql`, on PostgreSQL)."""
    if not path.is_file():
        raise ScreeningError(Problem("FILE", f"{path}: no such file"))
    if postgresql:
        return _check_postgres_backup(path)
    try:
        with _read_only(path) as db:
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise ScreeningError(Problem("FILE", f"{path}: damaged (SQLite's check failed)"))
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError:
        raise ScreeningError(Problem("FILE", f"{path}: not a desk backup (not SQLite)")) from None
    _check_tables(path, tables)


def _check_tables(path: Path, tables: set[str]) -> None:
    if missing := [t for t in TABLES if t not in tables]:
        raise ScreeningError(
            Problem("FILE", f"{path}: not a desk backup (no {', '.join(missing)} table)")
        )


def _check_postgres_backup(path: Path) -> None:
    from screening.desk import postgres

    kind = postgres.backup_kind(path)
    if kind == "sqlite":
        raise ScreeningError(
            Problem(
                "FILE",
                f"{path}: a backup of a desk on SQLite: restore it with --data, not --database",
            )
        )
    tables = postgres.tables_in(path) if kind else set()
    if not tables:
        raise ScreeningError(Problem("FILE", f"{path}: not a desk backup (not from pg_dump)"))
    _check_tables(path, tables)


def unknown_migrations(path: Path) -> list[str]:
    """Migrations recorded in the backup that this version of the program does not have (a
    backup from a newer version)."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = _applied(path)
    apps = {app for app, _ in known}
    return [f"{app}.{name}" for app, name in applied if app in apps and (app, name) not in known]


def _applied(path: Path) -> list[tuple[str, str]]:
    """The migrations a backup records as applied."""
    if _postgres() is not None:
        from screening.desk import postgres

        return [(r["app"], r["name"]) for r in postgres.table_rows(path, "django_migrations")]
    with _read_only(path) as db:
        return db.execute("SELECT app, name FROM django_migrations").fetchall()


def replace_with(path: Path) -> None:
    """Put the backup's contents in place of the desk's database (the desk stopped)."""
    from django.conf import settings
    from django.db import connection, connections

    if (target := _postgres()) is not None:
        from screening.desk import postgres

        tables = connection.introspection.django_table_names(include_views=False)
        connections.close_all()
        postgres.replace_with(target, path, ["django_migrations", *tables])
        return
    connections.close_all()
    target = Path(settings.DATABASES["default"]["NAME"])
    with _read_only(path) as source, closing(sqlite3.connect(target)) as db:
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
