"""Where the desk's tests keep a desk's data: a data folder (SQLite, the default) or, with
`pytest --desk-database=postgresql`, a database of its own on a PostgreSQL server the test run
starts (`tests/postgres.py`) and stops. `make test` runs the desk's tests both ways.

A pytest plugin (loaded by `tests/conftest.py`): the option, the server, and `place`, a fresh
place for one desk (a new data folder, or a new database copied from one migrated once).
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = "desk_template"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--desk-database",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="the database the desk's tests run on (postgresql: a throwaway PostgreSQL 15 "
        "server started for the run)",
    )


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a desk process: none of this process's desk settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SCREENING_DESK", "SCREENING_DATABASE", "DJANGO", "PG"))
    }
    return env | (extra or {})


@dataclass(frozen=True)
class Place:
    """A desk's data: a data folder, or a PostgreSQL database (`url`, password in it)."""

    folder: Path | None = None
    url: str | None = None

    @property
    def args(self) -> list[str]:
        """The `screening desk` options that name it."""
        return ["--database", self.url] if self.url else ["--data", str(self.folder)]

    @property
    def shown(self) -> str:
        """As the desk names it in messages (never with the password)."""
        if self.url is None:
            return str(self.folder)
        from screening.desk.postgres import parse

        return parse(self.url).shown

    def rows(self, query: str, *params: Any) -> list[tuple]:
        """Read the desk's database directly (a `?` for each parameter)."""
        if self.url is None:
            assert self.folder is not None
            with closing(sqlite3.connect(self.folder / "desk.sqlite3")) as db:
                return db.execute(query, params).fetchall()
        import psycopg

        with psycopg.connect(self.url) as db:
            return db.execute(query.replace("?", "%s"), params).fetchall()


@pytest.fixture(scope="session")
def desk_database(pytestconfig: pytest.Config) -> str:
    return pytestconfig.getoption("desk_database")


@pytest.fixture(scope="session")
def postgres_server(desk_database: str) -> Iterator[Any]:
    """The run's PostgreSQL server (started on first use)."""
    from tests.postgres import Server, available

    if not available():
        pytest.fail("PostgreSQL 15 is not installed (scripts/system-deps --test installs it)")
    server = Server()
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def places(desk_database: str, request: pytest.FixtureRequest) -> Callable[[Path], Place]:
    """Makes a fresh place: `places(folder)` is a data folder in `folder` (SQLite), or a new
    database (PostgreSQL: copied from a template migrated once for the run)."""
    if desk_database == "sqlite":
        return lambda folder: Place(folder=folder / "desk")
    server = request.getfixturevalue("postgres_server")
    template = server.create(TEMPLATE)
    done = subprocess.run(
        [sys.executable, "-m", "screening", "desk", "migrate", "--database", template],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    numbers = itertools.count(1)
    return lambda folder: Place(url=server.create(f"desk_{next(numbers)}", TEMPLATE))


@pytest.fixture
def place(places: Callable[[Path], Place], tmp_path: Path) -> Place:
    """A fresh place for one test's desk."""
    return places(tmp_path)
