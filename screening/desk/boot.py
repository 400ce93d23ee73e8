"""Getting the desk ready to run: where it keeps its data (a data folder, 0700, with the secret
key and the SQLite database, 0600 each; or a PostgreSQL database, which holds the key too), the
environment the settings read, Django set up and migrated."""

from __future__ import annotations

import contextlib
import os
import secrets
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from screening.core.errors import Problem, ScreeningError

ENV_DATA = "SCREENING_DESK_DATA"
ENV_DATABASE = "SCREENING_DATABASE_URL"  # a PostgreSQL database, read by the settings
DATABASE = "desk.sqlite3"
SECRET = "secret_key"


def default_data() -> Path:
    """Where the desk keeps its data unless told otherwise: `$SCREENING_DESK_DATA`, else
    `$XDG_DATA_HOME/screening/desk` (`~/.local/share/screening/desk`)."""
    if os.environ.get(ENV_DATA):
        return Path(os.environ[ENV_DATA])
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "screening" / "desk"


def _private_file(path: Path, content: bytes = b"") -> None:
    """Create `path` readable by its owner only, unless it exists."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as f:
        f.write(content)


def _data_folder(data: Path) -> Path:
    data = data.expanduser().absolute()
    try:
        data.mkdir(parents=True, exist_ok=True, mode=0o700)
        data.chmod(0o700)
        _private_file(data / SECRET, secrets.token_urlsafe(48).encode())
        _private_file(data / DATABASE)
        (data / DATABASE).chmod(0o600)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ScreeningError(Problem("--data", f"{data}: {reason}")) from None
    return data


def local_zone() -> str:
    """The machine's time zone name (the queue's "today" is local), else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text().strip())
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        candidates.append(str(localtime.resolve()).partition("zoneinfo/")[2])
    for name in candidates:
        try:
            if name:
                zoneinfo.ZoneInfo(name)
                return name
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            continue
    return "UTC"


@dataclass(frozen=True)
class Storage:
    """Where a desk keeps its data: a data folder (SQLite), or a PostgreSQL database that
    several desks share (`database`, as shown: without its password)."""

    folder: Path | None = None
    database: str | None = None

    def __str__(self) -> str:
        return self.database or str(self.folder)


def prepare(
    data: Path | None,
    *,
    database: str | None = None,
    tls: bool = False,
    hosts: list[str] | None = None,
    rules: Path | None = None,
) -> Storage:
    """Make the data folder (SQLite), or reach the PostgreSQL database at the URL `database`;
    set the environment and set Django up. Returns where the data is."""
    os.umask(0o077)  # the database's journal files, like the database, are the owner's only
    if database:
        try:
            from screening.desk import postgres
        except ImportError:
            raise ScreeningError(
                "a desk on PostgreSQL needs psycopg: pip install 'screening[desk]'"
            ) from None

        target = postgres.parse(database)
        os.environ["SCREENING_DESK_SECRET_KEY"] = postgres.secret_key(target)
        os.environ[ENV_DATABASE] = database
        storage = Storage(database=target.shown)
    else:
        assert data is not None
        folder = _data_folder(data)
        os.environ.pop(ENV_DATABASE, None)
        os.environ[ENV_DATA] = str(folder)
        os.environ["SCREENING_DESK_SECRET_KEY"] = (folder / SECRET).read_text().strip()
        storage = Storage(folder=folder)
    os.environ["SCREENING_DESK_TLS"] = "1" if tls else "0"
    if hosts:
        os.environ["SCREENING_DESK_HOSTS"] = ",".join(hosts)
    if rules is not None:
        os.environ["SCREENING_DESK_RULES"] = str(rules.absolute())
    os.environ.setdefault("SCREENING_DESK_TIME_ZONE", local_zone())
    os.environ["DJANGO_SETTINGS_MODULE"] = "screening.desk.settings"
    import django

    django.setup()
    return storage


def migrate() -> list[str]:
    """Create or update the database's tables (quietly); returns the migrations applied. A
    database that refuses (no right to create tables...) is one line."""
    from django.core.management import call_command
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    from screening.desk import database

    try:
        with database.migrating():
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
            call_command("migrate", interactive=False, verbosity=0)
    except DatabaseError as exc:
        raise database.problem(exc) from None
    return [f"{m.app_label}.{m.name}" for m, _ in plan]
