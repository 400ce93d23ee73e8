"""Writing when things go wrong: a full disk or a closed pipe on standard output, a kill in the
middle of a write, and a `reports/` folder that is a link, a file or a dangling link."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from screening.core.errors import ScreeningError
from screening.store import files
from screening.terminal.cli import cli
from tests.test_cli import EXAMPLE, SCREENING, run

# ---------------------------------------------------------------- standard output


class Trickle(io.RawIOBase):
    """A stream that takes at most `step` bytes a write and, after `room` bytes, nothing."""

    def __init__(self, step: int, room: int) -> None:
        self.step, self.room, self.got = step, room, b""

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        n = min(self.step, len(data), self.room - len(self.got))
        self.got += bytes(data[:n])
        return n


def test_short_writes_are_carried_on_until_all_is_written():
    stream = Trickle(step=1000, room=10**6)
    files.write_stream(stream, b"x" * 25_000)
    assert stream.got == b"x" * 25_000


def test_a_stream_that_stops_taking_data_is_an_error_not_a_truncated_file():
    stream = Trickle(step=1000, room=5000)
    with pytest.raises(ScreeningError) as err:
        files.write_stream(stream, b"x" * 25_000)
    assert str(err.value) == "standard output: cannot write (wrote 5,000 of 25,000 bytes)"


@pytest.mark.parametrize(
    "args",
    [
        ("plan", EXAMPLE, "-o", "-"),
        ("plan", EXAMPLE, "--format", "json"),
        ("explain", EXAMPLE),
        ("rules",),
        ("schema",),
    ],
)
def test_a_full_disk_on_standard_output_is_one_line_and_exit_2(tmp_path, args):
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [SCREENING, *args], cwd=tmp_path, stdout=full, stderr=subprocess.PIPE, timeout=120
        )
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "error: standard output: cannot write (No space left on device)\n"
    )


@pytest.mark.parametrize(
    "args", [("plan", EXAMPLE, "-o", "-"), ("plan", EXAMPLE, "--format", "json"), ("rules",)]
)
def test_a_closed_pipe_on_standard_output_is_one_line_and_exit_2(tmp_path, args):
    reader, writer = os.pipe()
    os.close(reader)  # nobody will ever read: the first write breaks the pipe
    try:
        done = subprocess.run(
            [SCREENING, *args], cwd=tmp_path, stdout=writer, stderr=subprocess.PIPE, timeout=120
        )
    finally:
        os.close(writer)
    assert done.returncode == 2
    assert done.stderr.decode() == "error: standard output: closed before everything was written\n"


def test_a_plan_written_to_a_file_through_standard_output_is_whole(tmp_path):
    with open(tmp_path / "p.pdf", "wb") as out:
        done = subprocess.run([SCREENING, "plan", EXAMPLE, "-o", "-"], stdout=out, timeout=120)
    assert done.returncode == 0
    data = (tmp_path / "p.pdf").read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")


def test_standard_output_closed_from_the_start_is_one_line(tmp_path):
    done = subprocess.run(
        f"{SCREENING} plan {EXAMPLE} --format json >&-",
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr == "error: standard output is closed; nothing could be shown\n"


# ---------------------------------------------------------------- kills during a write

KILLED_WRITER = """
import os, signal, sys
from screening.terminal import cli

def fsync(fd, real=os.fsync):  # the moment the plan is in the temporary file
    print("writing", flush=True, file=sys.stderr)
    os.kill(os.getpid(), signal.{signal})
    real(fd)

os.fsync = fsync
sys.argv = ["screening", "plan", {example!r}, "-o", "plan.pdf"]
cli.main()
"""


def writer(tmp_path: Path, sig: str) -> subprocess.Popen[str]:
    """`screening plan` that sends itself `sig` once the plan is in its temporary file."""
    code = KILLED_WRITER.format(signal=sig, example=EXAMPLE)
    return subprocess.Popen(
        [sys.executable, "-c", code], cwd=tmp_path, stderr=subprocess.PIPE, text=True
    )


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_sigterm_during_a_write_removes_the_temporary_file(tmp_path):
    proc = writer(tmp_path, "SIGTERM")
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 128 + signal.SIGTERM
    assert err == "writing\n"  # no traceback
    assert temporaries(tmp_path) == [] and not (tmp_path / "plan.pdf").exists()


def test_a_killed_writers_temporary_file_goes_at_the_next_write_and_a_live_ones_stays(tmp_path):
    proc = writer(tmp_path, "SIGSTOP")  # stopped mid-write, then killed outright
    assert proc.stderr.readline() == "writing\n"
    [stale] = temporaries(tmp_path)
    assert f"-{proc.pid}." in stale and stale.startswith(".plan.pdf.")
    assert (tmp_path / stale).stat().st_mode & 0o777 == 0o600
    proc.kill()
    proc.communicate(timeout=30)
    assert temporaries(tmp_path) == [stale]  # SIGKILL leaves it...

    live = subprocess.Popen(["sleep", "60"])  # ...but another live process's stays
    host = stale.split(".")[-3].rsplit("-", 1)[0]
    theirs = [f".other.pdf.{host}-{live.pid}.abcd1234.part", f".x.pdf.elsewhere-{proc.pid}.a.part"]
    for name in theirs:
        (tmp_path / name).write_bytes(b"half a plan")
    try:
        files.write_atomic(tmp_path / "next.pdf", b"%PDF")  # the next write tidies up
        assert temporaries(tmp_path) == sorted(theirs)
    finally:
        live.kill()
        live.wait()
    assert (tmp_path / "next.pdf").read_bytes() == b"%PDF"


# ---------------------------------------------------------------- reports/ is not a plain folder


@pytest.fixture
def screening(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, list(args), catch_exceptions=False)


def test_reports_as_a_link_prints_where_the_plan_really_is(screening, tmp_path):
    share = tmp_path / "network-drive" / "plans"
    share.mkdir(parents=True)
    (tmp_path / "reports").symlink_to(share)
    result = screening("plan", EXAMPLE)
    assert result.exit_code == 0
    [written] = share.glob("*.pdf")
    assert f"Wrote {written}\n" in result.stdout and written.is_absolute()


def test_reports_as_a_file_is_one_clear_line(screening, tmp_path):
    (tmp_path / "reports").write_text("notes")
    result = screening("plan", EXAMPLE)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: reports: is a file, not a folder, so nothing can be written into it; "
        "move it away, or give another path with --output\n"
    )


def test_reports_as_a_dangling_link_is_one_clear_line(screening, tmp_path):
    (tmp_path / "reports").symlink_to(tmp_path / "unmounted-share")
    result = screening("plan", EXAMPLE)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: reports: is a link to {tmp_path / 'unmounted-share'}, which does not exist; "
        "mount or create it, or remove the link\n"
    )
    assert not (tmp_path / "unmounted-share").exists()


def test_a_plain_reports_folder_is_still_named_as_before(tmp_path):
    result = run("plan", EXAMPLE, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("Wrote reports/ana-example-")


def test_a_folder_is_swept_for_dead_writers_at_the_first_write_then_once_a_minute(
    tmp_path, monkeypatch
):
    """A batch writes thousands of files into one folder: listing it at every write made each
    write 5 ms slower at 10,000 files."""
    looked: list[Path] = []
    monkeypatch.setattr(files, "remove_stale_temporaries", looked.append)
    clock = [1000.0]
    monkeypatch.setattr(files.time, "monotonic", lambda: clock[0])
    for i in range(3):
        files.write_atomic(tmp_path / f"plan-{i}.pdf", b"%PDF")
    assert looked == [tmp_path]  # the first write looks, the next two do not
    other = tmp_path / "other"
    other.mkdir()
    files.write_atomic(other / "plan.pdf", b"%PDF")  # another folder: its own first look
    clock[0] += files.SWEEP_EVERY
    files.write_atomic(tmp_path / "plan-3.pdf", b"%PDF")  # a minute later: looks again
    assert looked == [tmp_path, other, tmp_path]
