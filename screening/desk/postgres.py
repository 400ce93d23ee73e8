"""The desk on PostgreSQL: one database that several desks, on several machines, share.

A desk is given the database as a URL (`postgresql://USER@HOST[:PORT]/DATABASE`, read by
libpq's own parser, so every libpq parameter works: `?sslmode=verify-full`...). The password
may be in the URL, in `$PGPASSWORD` or in `~/.pgpass`; it is never shown, never put on a
command line (`pg_dump` and the others get it in `PGPASSWORD`) and never in a message: a
database is shown as `postgresql://USER@HOST:PORT/DATABASE`.

Everything a desk shares lives in the database: the secret key (the table `desk_secret`, made
by the first desk), and the locks that keep a restore and serving desks apart (advisory locks,
which every machine sees, where SQLite's desks use a lock file in their data folder).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from screening.core.errors import Problem, ScreeningError

SCHEMES = ("postgresql://", "postgres://")
FORM = "postgresql://USER@HOST[:PORT]/DATABASE"
# Django's own keys in a database's OPTIONS, which libpq does not know.
DJANGO_ONLY = {"assume_role", "isolation_level", "pool", "server_side_binding", "prepare_threshold"}
# Advisory locks (numbers are this program's own; each database has its own set).
SERVING = 0x5C4EE11C_0001  # shared by each serving desk, exclusive for a restore
SETTING_UP = 0x5C4EE11C_0002  # the secret key's table made once, whoever starts first
MIGRATING = 0x5C4EE11C_0003  # one desk at a time migrates
SECRET_TABLE = "desk_secret"
CONNECT_TIMEOUT = "10"  # seconds: an unreachable host is one line soon, not after minutes


@dataclass(frozen=True)
class Target:
    """A PostgreSQL database: libpq's connection parameters (the password among them)."""

    params: Mapping[str, str]

    @property
    def shown(self) -> str:
        """The database as a URL without its password, for messages."""
        p = self.params
        user = f"{p['user']}@" if p.get("user") else ""
        host = p.get("host", "")
        if ":" in host and not host.startswith("/"):
            host = f"[{host}]"
        port = f":{p['port']}" if p.get("port") else ""
        return f"postgresql://{user}{host}{port}/{p.get('dbname', '')}"

    @property
    def password(self) -> str:
        return self.params.get("password", "")

    def conninfo(self) -> str:
        """The parameters as libpq's connection string, without the password."""
        return make_conninfo(**{k: v for k, v in self.params.items() if k != "password"})

    def problem(self, reason: str) -> ScreeningError:
        return ScreeningError(Problem("--database", f"{self.shown}: {reason}"))


def is_url(text: str) -> bool:
    return text.startswith(SCHEMES)


def parse(url: str) -> Target:
    """The database a URL names; a URL that is not one is one line (never echoed: it may
    hold a password)."""
    if not is_url(url):
        raise ScreeningError(Problem("--database", f"not a PostgreSQL URL: give {FORM}"))
    try:
        params = conninfo_to_dict(url)
    except psycopg.Error:
        raise ScreeningError(
            Problem("--database", f"cannot read this URL (its form is {FORM})")
        ) from None
    if not params.get("dbname"):
        raise ScreeningError(Problem("--database", f"name the database: {FORM}"))
    params.setdefault("connect_timeout", CONNECT_TIMEOUT)
    params.setdefault("application_name", "screening desk")
    return Target({k: str(v) for k, v in params.items()})


def django_database(target: Target) -> dict[str, Any]:
    """Django's settings for the database."""
    options = dict(target.params)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": options.pop("dbname"),
        "USER": options.pop("user", ""),
        "PASSWORD": options.pop("password", ""),
        "HOST": options.pop("host", ""),
        "PORT": options.pop("port", ""),
        # Connections are kept a minute and checked before reuse (a database restarted
        # meanwhile costs a reconnection, not an error page).
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": options,
    }


def from_django(settings: Mapping[str, Any]) -> Target:
    """The database Django's settings for it name."""
    options = {k: str(v) for k, v in settings["OPTIONS"].items() if k not in DJANGO_ONLY}
    named = {
        "dbname": settings["NAME"],
        "user": settings["USER"],
        "password": settings["PASSWORD"],
        "host": settings["HOST"],
        "port": settings["PORT"],
    }
    return Target(options | {k: str(v) for k, v in named.items() if v})


def reason(error: BaseException | str, target: Target) -> str:
    """libpq's, the server's or a client program's message, as one line without the
    password."""
    text = " ".join(str(error).split())
    text = re.sub(r"^(pg_dump|pg_restore|psql): (error: )?", "", text)
    text = re.sub(r"^connection failed: ", "", text)
    text = re.sub(r"connection to server (at|on) .*?failed: ", "", text)
    text = re.sub(r"\s*Is the server running .*$", "", text)
    text = re.sub(r"^(FATAL|ERROR):\s*", "", text)
    if target.password:
        text = text.replace(target.password, "***")
    return text.rstrip(".") or type(error).__name__


def connect(target: Target, *, autocommit: bool = False) -> psycopg.Connection:
    """A connection of the desk's own (not Django's); a database that cannot be reached or
    will not let the desk in is one line naming it."""
    password = {"password": target.password} if target.password else {}
    try:
        return psycopg.connect(target.conninfo(), autocommit=autocommit, **password)
    except psycopg.Error as exc:
        raise target.problem(f"cannot connect ({reason(exc, target)})") from None


def secret_key(target: Target) -> str:
    """The key every desk on this database signs sessions with: made by the first desk to
    start, read by every other (a machine's own key would sign every other one out)."""
    with connect(target) as db:
        try:
            with db.transaction():
                db.execute("SELECT pg_advisory_xact_lock(%s)", [SETTING_UP])
                db.execute(
                    sql.SQL(
                        "CREATE TABLE IF NOT EXISTS {} "
                        "(id smallint PRIMARY KEY CHECK (id = 1), key text NOT NULL)"
                    ).format(sql.Identifier(SECRET_TABLE))
                )
                db.execute(
                    sql.SQL("INSERT INTO {} VALUES (1, %s) ON CONFLICT (id) DO NOTHING").format(
                        sql.Identifier(SECRET_TABLE)
                    ),
                    [secrets.token_urlsafe(48)],
                )
                row = db.execute(
                    sql.SQL("SELECT key FROM {}").format(sql.Identifier(SECRET_TABLE))
                ).fetchone()
        except psycopg.Error as exc:
            raise target.problem(
                f"{reason(exc, target)} (the desk's user must own its database: see the README)"
            ) from None
    assert row is not None
    return row[0]


@contextmanager
def _advisory(target: Target, shared: bool) -> Iterator[bool]:
    """Try the serving lock on a connection of its own, held until the block ends; yields
    whether it was had. A desk's server forks its workers inside this block, and a worker
    that ends leaves it too: only the process that opened the connection closes it (closing
    it in a worker would end the server's session, and with it the lock)."""
    owner = os.getpid()
    db = connect(target, autocommit=True)
    try:
        how = "pg_try_advisory_lock_shared" if shared else "pg_try_advisory_lock"
        row = db.execute(sql.SQL("SELECT {}(%s)").format(sql.Identifier(how)), [SERVING])
        yield bool(row.fetchone()[0])  # type: ignore[index]
    finally:
        if os.getpid() == owner:
            db.close()


@contextmanager
def serving(target: Target) -> Iterator[None]:
    """Held while a desk serves from the database, on any machine."""
    with _advisory(target, shared=True) as had:
        if not had:
            raise target.problem("a restore is under way; start the desk once it is done")
        yield


@contextmanager
def stopped(target: Target) -> Iterator[None]:
    """Held for a restore: refused, in one line, while any desk serves from the database."""
    with _advisory(target, shared=False) as had:
        if not had:
            raise ScreeningError(
                f"a desk is running on {target.shown}: stop every desk that uses it (Ctrl-C "
                "where each runs), then restore"
            )
        yield


@contextmanager
def migrating() -> Iterator[None]:
    """One desk at a time migrates (several may start at once), on Django's connection."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATING])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATING])


def _tool(name: str) -> str:
    """The path of one of PostgreSQL's client programs."""
    found = shutil.which(name) or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))[-1:]), None
    )
    if found is None:
        raise ScreeningError(
            f"{name} not found: install PostgreSQL's client programs "
            "(Debian and Ubuntu: apt-get install postgresql-client)"
        )
    return found


def _environment(target: Target) -> dict[str, str]:
    """A child program's environment: the password in PGPASSWORD, nothing of the desk's own
    (its secret key, a URL that may hold the password)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCREENING_")}
    if target.password:
        env["PGPASSWORD"] = target.password
    return env


def _run(target: Target, command: list[str], what: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        command, env=_environment(target), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise target.problem(f"{what} failed: {_first_error(done.stderr, target)}")
    return done


def _first_error(stderr: str, target: Target) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    first = next((line for line in lines if "error" in line.lower()), lines[0] if lines else "")
    return reason(first, target)


def dump(target: Target, path: Path) -> None:
    """The database's contents into `path`, in pg_dump's custom format: one consistent
    moment (pg_dump reads it in one transaction), whatever desks write meanwhile."""
    _run(
        target,
        [_tool("pg_dump"), "--format=custom", f"--file={path}", f"--dbname={target.conninfo()}"],
        "pg_dump",
    )


MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"


def backup_kind(path: Path) -> str:
    """ "postgresql", "sqlite" or "" (neither), from the file's first bytes."""
    with path.open("rb") as f:
        head = f.read(16)
    return "postgresql" if head.startswith(MAGIC) else "sqlite" if head == SQLITE_MAGIC else ""


def tables_in(path: Path) -> set[str]:
    """The tables a backup holds (from its table of contents); empty if pg_restore cannot
    read it."""
    done = subprocess.run(
        [_tool("pg_restore"), "--list", str(path)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return set()
    found = set()
    for line in done.stdout.splitlines():
        words = line.split()
        if not line.startswith(";") and "TABLE" in words[:5] and "DATA" not in words[:5]:
            found.add(words[words.index("TABLE") + 2])
    return found


def table_rows(path: Path, table: str) -> Iterator[dict[str, str]]:
    """The rows of one table of a backup, each a dict of its columns' text."""
    done = subprocess.run(
        [_tool("pg_restore"), "--data-only", f"--table={table}", "--file=-", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise ScreeningError(Problem("FILE", f"{path}: damaged (pg_restore cannot read {table})"))
    columns: list[str] = []
    for line in done.stdout.splitlines():
        if line.startswith("COPY "):
            columns = [c.strip().strip('"') for c in line.split("(", 1)[1].split(")")[0].split(",")]
        elif line == "\\.":
            columns = []
        elif columns:
            yield dict(zip(columns, line.split("\t"), strict=True))


def replace_with(target: Target, path: Path, tables: list[str]) -> None:
    """Make the database hold exactly what the backup at `path` holds, in one transaction:
    the desk's tables (`tables`, and the backup's) dropped, the backup's restored. pg_restore
    writes the backup as SQL, which psql runs between a BEGIN and a COMMIT that only comes
    once pg_restore has read the whole backup: if anything fails, nothing has changed."""
    with connect(target) as db:
        schema = db.execute("SELECT current_schema()").fetchone()[0]  # type: ignore[index]
        names = sorted({*tables, *tables_in(path), SECRET_TABLE})
        drop = (
            sql.SQL("DROP TABLE IF EXISTS {} CASCADE")
            .format(sql.SQL(", ").join(sql.Identifier(schema, name) for name in names))
            .as_string(db)
        )
    restore = [_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(path)]
    psql = [_tool("psql"), "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1"]
    with tempfile.TemporaryFile("w+") as restore_said, tempfile.TemporaryFile("w+") as psql_said:
        script = subprocess.Popen(restore, stdout=subprocess.PIPE, stderr=restore_said)
        runner = subprocess.Popen(
            [*psql, f"--dbname={target.conninfo()}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_said,
            env=_environment(target),
        )
        assert script.stdout is not None and runner.stdin is not None
        try:
            runner.stdin.write(f"BEGIN;\n{drop};\n".encode())
            shutil.copyfileobj(script.stdout, runner.stdin)
            if script.wait() == 0:
                runner.stdin.write(b"COMMIT;\n")
            runner.stdin.close()  # without the COMMIT, psql ends and the server rolls back
        except BrokenPipeError:  # psql stopped at an error
            pass
        finally:
            script.stdout.close()
            script.wait()
            runner.wait()
        restore_said.seek(0)
        psql_said.seek(0)
        if script.returncode != 0:
            raise target.problem(
                f"pg_restore failed, nothing changed: {_first_error(restore_said.read(), target)}"
            )
        if runner.returncode != 0:
            raise target.problem(
                f"the restore failed, nothing changed: {_first_error(psql_said.read(), target)}"
            )
