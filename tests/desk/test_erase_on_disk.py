"""An erased client leaves nothing readable in the desk's files: SQLite overwrites what is
deleted (secure_delete) and the write-ahead log, which held the record's earlier pages, is
emptied after the erasure. Checked on a real data folder, while the process that erased is
still connected (as a serving desk is)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.desk.test_backup import _env

NAME = "Zelda Quetzalcoatl-Oyelaran"
LIFE = """
import sys
from pathlib import Path
from screening.desk import boot, database
boot.prepare(Path(sys.argv[1])); boot.migrate()
from tests.desk.fill import add
from screening.desk.records import erasure
from screening.desk.records.models import Client
add(1)
add(2, sys.argv[2])
print("written", flush=True); sys.stdin.readline()
erasure.erase(Client.objects.get(name=sys.argv[2]))
print("scrubbed" if database.scrub() else "busy", flush=True); sys.stdin.readline()
"""


@pytest.fixture(autouse=True)
def _database():
    """This test runs the desk's code in a process of its own on a real data folder."""


def held(folder) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file())


def test_an_erased_name_is_in_no_file_of_the_data_folder(tmp_path):
    data = tmp_path / "desk"
    life = subprocess.Popen(
        [sys.executable, "-c", LIFE, str(data), NAME],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        assert life.stdout.readline() == "written\n"
        assert NAME.encode() in held(data)  # the test can fail: the name is there to find
        life.stdin.write("\n")
        life.stdin.flush()
        assert life.stdout.readline() == "scrubbed\n"
        for trace in (NAME, NAME.lower(), "Quetzalcoatl"):  # the record, its search index
            assert trace.encode() not in held(data)
        assert b"Client Number1" in held(data)  # the other client is still there
    finally:
        life.communicate("\n", timeout=30)
    assert life.returncode == 0
