"""`screening desk` and `screening desk adduser` as a clinic runs them (real processes)."""

from __future__ import annotations

import os
import socket
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from screening.terminal.cli import cli

SCREENING = [sys.executable, "-m", "screening"]


@pytest.fixture(autouse=True)
def _database():
    """These tests start their own processes on their own data folder: no test database."""


def desk(*args: str, data: Path, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [*SCREENING, "desk", *args, "--data", str(data)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if not k.startswith("SCREENING_DESK")},
    )


def test_adduser_reads_one_line_from_a_pipe_and_makes_a_private_data_folder(tmp_path):
    data = tmp_path / "desk"
    done = desk("adduser", "sam", "--admin", data=data, stdin="a-long-enough-password\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Added sam (Admin). Sign in at the desk.\n"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for name in ("desk.sqlite3", "secret_key"):
        assert stat.S_IMODE((data / name).stat().st_mode) == 0o600
    with sqlite3.connect(data / "desk.sqlite3") as db:
        row = db.execute("select role, password from staff_account where username='sam'").fetchone()
    assert row[0] == "admin" and row[1].startswith("argon2$")  # Argon2, never the password


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [
        ("jo", "short\n", "error: password: This password is too short."),
        ("sam", "a-long-enough-password\n", "error: NAME: There is already an account"),
        ("jo smith", "a-long-enough-password\n", "error: NAME: Enter a valid username."),
    ],
)
def test_adduser_refuses_bad_input_in_one_line(tmp_path, name, password, message):
    desk("adduser", "sam", data=tmp_path, stdin="a-long-enough-password\n")
    done = desk("adduser", name, data=tmp_path, stdin=password)
    assert done.returncode == 2 and done.stderr.startswith(message)
    assert len(done.stderr.splitlines()) == 1


def test_adduser_never_takes_the_password_as_an_argument():
    result = CliRunner().invoke(cli, ["desk", "adduser", "--help"])
    assert "--password" not in result.output and "twice" in result.output


def test_the_clinic_network_needs_tls(tmp_path):
    done = desk("--host", "0.0.0.0", data=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        "error: --host: 0.0.0.0 is reachable from the network: a tablet must never send health "
        "answers in clear text, so give --certfile and --keyfile (see the README)\n"
    )
    half = desk("--certfile", "cert.pem", data=tmp_path)
    assert half.returncode == 2 and "give both, or neither" in half.stderr
    missing = desk(
        "--host", "0.0.0.0", "--certfile", "no.pem", "--keyfile", "no.key", data=tmp_path
    )
    assert missing.returncode == 2 and "no.pem: no such file" in missing.stderr


def test_a_port_in_use_is_one_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = desk("--port", str(port), data=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith(
        f"error: --port: cannot listen on 127.0.0.1:{port}"
    )


def test_without_the_desk_extra_the_desk_says_how_to_get_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "django", None)  # as if Django were not installed
    result = CliRunner().invoke(cli, ["desk", "adduser", "sam"], input="a-long-enough-password\n")
    assert result.exit_code == 2
    assert "error: screening desk needs the desk extra: pip install 'screening[desk]'" in (
        result.output
    )


def test_a_broken_rules_folder_is_one_line_before_serving(tmp_path):
    done = desk("--rules", str(tmp_path / "missing"), data=tmp_path / "data")
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1
    assert done.stderr.startswith("error: ") and "missing" in done.stderr
