"""What only a desk on PostgreSQL does (run with `--desk-database=postgresql`): a database that
cannot be reached or will not let the desk in is one line naming the host, never the
password; the password is never on a command line (pg_dump, pg_restore and psql get it in
their environment); several desks migrating one new database at once; the URL from
$SCREENING_DATABASE_URL."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from tests.desk.test_command import SCREENING, desk
from tests.places import Place, clean_env

PASSWORD = "a-long-enough-password\n"


@pytest.fixture(autouse=True)
def _database(desk_database):
    """These tests run `screening desk` in processes of their own against the run's server."""
    if desk_database != "postgresql":
        pytest.skip("runs with --desk-database=postgresql")


@pytest.fixture
def server(postgres_server):
    return postgres_server  # the run's PostgreSQL server (its password is in every place's URL)


def one_line(done: subprocess.CompletedProcess, password: str) -> str:
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("error: ")
    assert password not in done.stderr + done.stdout
    return done.stderr


def test_an_unreachable_or_refusing_database_is_one_line_naming_the_host(server):
    good = server.url("desk_template")
    cases = [
        (good.replace(f":{server.port}/", ":1/"), "127.0.0.1:1/desk_template: cannot connect"),
        (good.replace(server.password, "not-the-password"), "password authentication failed"),
        (good.replace("/desk_template", "/no_such_db"), 'database "no_such_db" does not exist'),
        (good.replace("127.0.0.1", "no-such-host.invalid"), "no-such-host.invalid"),
    ]
    for url, message in cases:
        done = desk("adduser", "sam", at=Place(url=url), stdin=PASSWORD)
        line = one_line(done, server.password)
        assert line.startswith("error: --database: postgresql://desk@") and message in line
        assert "not-the-password" not in line


def test_a_url_that_is_not_one_is_one_line_without_the_password(server, tmp_path):
    for url, message in [
        ("mysql://desk:hunter22@db/screening", "not a PostgreSQL URL: give postgresql://"),
        ("postgresql://desk:hunter22@db/", "name the database"),
    ]:
        done = desk("migrate", at=Place(url=url))
        assert message in one_line(done, "hunter22")
    both = desk("migrate", "--data", str(tmp_path), at=Place(url=server.url("x")))
    assert "give --data or --database" in one_line(both, server.password)


def test_a_user_that_may_not_create_tables_is_one_line(server):
    server.admin("CREATE DATABASE not_theirs")  # owned by the superuser: no rights for `desk`
    done = desk("migrate", at=Place(url=server.url("not_theirs")))
    line = one_line(done, server.password)
    assert "permission denied for schema public" in line and "must own its database" in line


def test_several_desks_migrate_a_new_database_at_once(server):
    url = server.create("fresh")
    starts = [
        subprocess.Popen(
            [*SCREENING, "desk", "migrate", "--database", url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=clean_env(),
        )
        for _ in range(3)
    ]
    outs = [p.communicate(timeout=120) for p in starts]
    assert [p.returncode for p in starts] == [0, 0, 0], outs
    assert sum(out.startswith("Applied ") for out, _ in outs) == 1  # the others waited
    assert all("up to date" in out for out, _ in outs if not out.startswith("Applied"))


def test_the_database_url_can_come_from_the_environment(server):
    url = server.create("from_env")
    done = subprocess.run(
        [*SCREENING, "desk", "adduser", "sam", "--admin"],
        input=PASSWORD,
        capture_output=True,
        text=True,
        timeout=60,
        env=clean_env({"SCREENING_DATABASE_URL": url}),
    )
    assert done.returncode == 0, done.stderr
    assert Place(url=url).rows("SELECT username FROM staff_account") == [("sam",)]


def spies(folder: Path) -> dict[str, str]:
    """PostgreSQL's client programs, each behind a script that notes its arguments (and
    whether it was given a password in its environment) in `folder/calls`."""
    from screening.desk.postgres import _tool

    for name in ("pg_dump", "pg_restore", "psql"):
        spy = folder / name
        spy.write_text(
            "#!/bin/sh\n"
            f'printf "%s PGPASSWORD=%s\\n" "$0 $*" "${{PGPASSWORD:+set}}" >> "{folder}/calls"\n'
            f'exec "{_tool(name)}" "$@"\n'
        )
        spy.chmod(stat.S_IRWXU)
    return {"PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


def test_the_password_is_never_on_a_command_line(place, tmp_path):
    spying = spies(tmp_path)
    copy = tmp_path / "backup"
    assert desk("adduser", "sam", at=place, stdin=PASSWORD).returncode == 0
    made = desk("backup", str(copy), at=place, **spying)
    assert made.returncode == 0, made.stderr
    back = desk("restore", str(copy), at=place, **spying)
    assert back.returncode == 0, back.stderr
    calls = (tmp_path / "calls").read_text().splitlines()
    programs = {Path(line.split()[0]).name for line in calls}
    assert programs == {"pg_dump", "pg_restore", "psql"}
    assert all(line.endswith("PGPASSWORD=set") for line in calls if "--dbname" in line)
    password = place.url.split(":")[2].split("@")[0]
    assert not [line for line in calls if password in line]
    assert place.rows("SELECT username FROM staff_account") == [("sam",)]


def failing_pg_restore(folder: Path) -> dict[str, str]:
    """pg_restore that writes the whole backup as SQL, then fails (as on a read error after
    the last statement): the environment that puts it first on the PATH."""
    from screening.desk.postgres import _tool

    spy = folder / "pg_restore"
    spy.write_text(
        "#!/bin/sh\n"
        f'"{_tool("pg_restore")}" "$@" || exit\n'
        'case "$*" in *--table*) ;; *--file=-*)\n'
        '  echo "pg_restore: error: could not read: cut short" >&2; exit 1;;\n'
        "esac\n"
    )
    spy.chmod(stat.S_IRWXU)
    return {"PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


@pytest.mark.parametrize("how", ["cut short", "fails after the last statement"])
def test_a_restore_that_fails_halfway_changes_nothing(place, server, tmp_path, how):
    """pg_restore fails while psql has dropped the desk's tables and made some, or all, of
    them again: nothing of it is committed."""
    assert desk("adduser", "sam", at=place, stdin=PASSWORD).returncode == 0
    copy = tmp_path / "backup"
    assert desk("backup", str(copy), at=place).returncode == 0
    assert desk("adduser", "jo", at=place, stdin=PASSWORD).returncode == 0
    env = {}
    if how == "cut short":
        copy.write_bytes(copy.read_bytes()[:-200])  # the last table's data cut short
    else:
        env = failing_pg_restore(tmp_path)
    done = desk("restore", str(copy), at=place, **env)
    assert "failed, nothing changed" in one_line(done, server.password)
    names = sorted(r[0] for r in place.rows("SELECT username FROM staff_account"))
    assert names == ["jo", "sam"]


def test_a_backup_made_on_sqlite_is_refused_on_postgresql(place, server, tmp_path):
    sqlite_desk = tmp_path / "sqlite"
    assert desk("adduser", "sam", at=sqlite_desk, stdin=PASSWORD).returncode == 0
    copy = tmp_path / "desk.sqlite3"
    assert desk("backup", str(copy), at=sqlite_desk).returncode == 0
    refused = desk("restore", str(copy), at=place)
    assert "a backup of a desk on SQLite: restore it with --data" in one_line(
        refused, server.password
    )
    assert place.rows("SELECT count(*) FROM staff_account") == [(0,)]
