"""A throwaway PostgreSQL server for the tests and the load benchmark: Debian's PostgreSQL 15
(`initdb`, `pg_ctl`), in a temporary folder, on a free port on 127.0.0.1, stopped and removed
after.

`initdb` and `pg_ctl` refuse to run as root: as root they run as the `postgres` user, in a
folder that user owns; as anyone else, directly. The server listens on 127.0.0.1 only, with its
socket in that folder; the superuser signs in through the socket, and the desk's user `desk`
(with a password, as on a real server) over TCP.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
from psycopg import sql

VERSION = "15"
BIN = Path(f"/usr/lib/postgresql/{VERSION}/bin")
DESK_USER = "desk"


def available() -> bool:
    return (BIN / "initdb").is_file() and (BIN / "pg_ctl").is_file()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A PostgreSQL server of the test run's own. `url(name)` is a database for the desk's
    user, with the password in it; `create(name)` makes one (from `template` if given). The
    desk's user may create databases (pytest-django makes its test database)."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="screening-pg-"))
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            account = pwd.getpwnam("postgres")
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        self.port = _free_port()
        self.password = secrets.token_urlsafe(12)
        self.superuser = "postgres"
        self.started = False

    def _run(self, *command: str) -> None:
        if self.as_postgres:
            command = ("runuser", "-u", "postgres", "--", *command)
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    def start(self) -> Server:
        data = self.folder / "data"
        pwfile = self.folder / "pw"
        pwfile.write_text(secrets.token_urlsafe(12) + "\n")  # the superuser's; unused
        if self.as_postgres:
            shutil.chown(pwfile, "postgres")
        self._run(
            str(BIN / "initdb"),
            "--no-sync",
            "-D",
            str(data),
            "-U",
            self.superuser,
            "--auth-local=trust",  # the socket, in a folder only its owner can enter
            "--auth-host=scram-sha-256",
            f"--pwfile={pwfile}",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            str(BIN / "pg_ctl"), "-D", str(data), "-l", str(self.folder / "log"), "-w",
            "-o", options, "start",
        )  # fmt: skip
        self.started = True
        self.admin(
            sql.SQL("CREATE ROLE {} LOGIN CREATEDB PASSWORD {}").format(
                sql.Identifier(DESK_USER), sql.Literal(self.password)
            )
        )
        return self

    def admin(self, *statements: sql.Composable, database: str = "postgres") -> None:
        """Run statements as the superuser (through the socket), outside a transaction."""
        with psycopg.connect(
            host=str(self.folder), port=self.port, user=self.superuser, dbname=database,
            autocommit=True,
        ) as db:  # fmt: skip
            for statement in statements:
                db.execute(statement)

    def create(self, name: str, template: str | None = None) -> str:
        """A new database owned by the desk's user; returns its URL."""
        statement = sql.SQL("CREATE DATABASE {} OWNER {}").format(
            sql.Identifier(name), sql.Identifier(DESK_USER)
        )
        if template:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        self.admin(statement)
        return self.url(name)

    def drop(self, *names: str) -> None:
        self.admin(
            *(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(n))
                for n in names
            )
        )

    def url(self, name: str, *, password: bool = True) -> str:
        secret = f":{self.password}" if password else ""
        return f"postgresql://{DESK_USER}{secret}@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        if self.started:
            self._run(
                str(BIN / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop"
            )
            self.started = False
        shutil.rmtree(self.folder, ignore_errors=True)

    def log(self) -> str:
        path = self.folder / "log"
        return path.read_text() if path.exists() else ""
