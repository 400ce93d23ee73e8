"""Fifty runners (tests/batch_rows.py) through the installed command: killed part-way and
resumed without redoing finished rows, then the same CSV on a local Dask cluster (two worker
processes, one thread each) started here and stopped after."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from screening.batch.manifest import MANIFEST
from tests.batch_rows import bad_rows, write_runners
from tests.test_batch import read_csv, snapshot
from tests.test_cli import SCREENING

COUNT = 50
KILL_AFTER = 10  # plans recorded before the run is killed


@dataclass(frozen=True)
class Resumed:
    out: Path
    done_at_kill: int
    files_at_kill: dict[str, tuple[int, int]]  # the plans recorded as done: name -> stamp
    complete_at_kill: bool
    workers_left: list[int]
    result: subprocess.CompletedProcess[str]


def done_entries(out: Path) -> int:
    try:
        return (out / MANIFEST).read_text().count('"status": "done"')
    except FileNotFoundError:
        return 0


def done_files(out: Path) -> set[str]:
    lines = (out / MANIFEST).read_text().splitlines()
    return {e["file"] for e in map(json.loads, lines) if e.get("status") == "done"}


def in_session(session: int) -> list[int]:
    """The processes still alive in a session (the killed command's workers, if any)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def left_behind(session: int) -> list[int]:
    """The session's processes still alive after a few seconds (the fork server and the
    resource tracker end a moment after the command: they notice its end)."""
    deadline = time.monotonic() + 10
    while (left := in_session(session)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def batch(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SCREENING, "batch", *args], capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def fifty(tmp_path_factory) -> Path:
    return write_runners(tmp_path_factory.mktemp("fifty") / "club.csv", COUNT)


@pytest.fixture(scope="module")
def resumed(fifty) -> Resumed:
    """A real run killed (SIGKILL) after some plans, then the same command run again."""
    out = fifty.parent / "local"
    command = [SCREENING, "batch", str(fifty), "--out", str(out), "-j", "2"]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 120
    while done_entries(out) < KILL_AFTER:
        assert process.poll() is None, "the batch ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    process.kill()
    process.wait()
    written = snapshot(out)
    complete = all(_is_complete(out / name) for name in written)
    recorded = {name: stamp for name, stamp in written.items() if name in done_files(out)}
    left = left_behind(process.pid)
    return Resumed(out, done_entries(out), recorded, complete, left, batch(*command[2:]))


def _is_complete(path: Path) -> bool:
    return path.read_bytes().rstrip().endswith(b"%%EOF") and len(PdfReader(path).pages) > 0


def test_a_killed_run_leaves_only_whole_plans_and_no_worker_behind(resumed):
    assert resumed.done_at_kill >= KILL_AFTER
    assert resumed.done_at_kill < COUNT - len(bad_rows(COUNT))  # it was killed part-way
    assert resumed.complete_at_kill
    assert resumed.workers_left == []


def test_the_resumed_run_redoes_no_finished_row(resumed):
    result = resumed.result
    assert result.returncode == 1, result.stderr  # the bad rows are in errors.csv
    made = COUNT - len(bad_rows(COUNT)) - resumed.done_at_kill
    assert (
        f"{COUNT} runners: {made} plans made, {resumed.done_at_kill} done before, "
        f"{len(bad_rows(COUNT))} with bad answers, 0 failed"
    ) in result.stdout
    assert len(resumed.files_at_kill) == resumed.done_at_kill
    now = snapshot(resumed.out)
    assert {name: now.get(name) for name in resumed.files_at_kill} == resumed.files_at_kill


def test_every_row_has_a_pdf_or_an_error_and_the_summary_is_complete(resumed, fifty):
    out = resumed.out
    summary = read_csv(out / "summary.csv")
    assert [int(r["row"]) for r in summary] == list(range(2, COUNT + 2))
    bad = bad_rows(COUNT)
    for row in summary:
        if int(row["row"]) in bad:
            assert (row["status"], row["file"]) == ("bad answers", "")
        else:
            assert row["status"] == "plan" and row["referral"] in ("yes", "no")
            assert row["focus"] and row["exercises"] and (out / row["file"]).is_file()
    assert sorted(snapshot(out)) == sorted(r["file"] for r in summary if r["file"])
    errors = read_csv(out / "errors.csv")
    assert sorted(int(e["row"]) for e in errors) == bad
    assert all(e["field"] and e["message"] for e in errors)
    assert not list(out.glob(".*.part"))
    names = {r["row"]: r["name"] for r in summary}
    first = next(r for r in summary if r["file"])
    assert names[first["row"]] in " ".join(
        PdfReader(out / first["file"]).pages[0].extract_text().split()
    )


@pytest.fixture(scope="module")
def dask_scheduler():
    """A local Dask cluster: two worker processes with one thread each."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def test_the_same_fifty_on_a_local_dask_cluster(dask_scheduler, fifty, resumed):
    out = fifty.parent / "dask"
    result = batch(str(fifty), "--out", str(out), "--scheduler", dask_scheduler)
    assert result.returncode == 1, result.stderr
    made = COUNT - len(bad_rows(COUNT))
    assert f"{made} plans made, 0 done before" in result.stdout
    assert "with 2 workers" in result.stdout
    on_dask = read_csv(out / "summary.csv")
    assert on_dask == read_csv(resumed.out / "summary.csv")  # the same plans, the same names
    assert (out / "errors.csv").read_bytes() == (resumed.out / "errors.csv").read_bytes()
    assert sorted(snapshot(out)) == sorted(snapshot(resumed.out))
    assert all(_is_complete(out / name) for name in snapshot(out))
    again = batch(str(fifty), "--out", str(out), "--scheduler", dask_scheduler)
    assert f"0 plans made, {made} done before" in again.stdout
    from distributed import Client

    with Client(dask_scheduler) as client:  # the profiler that made workers grow is off
        profiling = client.run(lambda dask_worker: "profile" in dask_worker.periodic_callbacks)
    assert list(profiling.values()) == [False, False]


def test_a_run_stopped_by_sigterm_writes_its_reports_and_leaves_no_worker(resumed):
    """Stopped by SIGTERM (as a service manager does), the command writes the reports of what
    it did, says how to go on, and its workers end."""
    out = resumed.out.parent / "terminated"
    process = subprocess.Popen(
        [SCREENING, "batch", str(resumed.out.parent / "club.csv"), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while done_entries(out) < 2:
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.strip().endswith("Stopped. What is done is kept: run the same command to go on.")
    summary = read_csv(out / "summary.csv")
    assert len(summary) == COUNT and "not done" in {r["status"] for r in summary}
    assert left_behind(process.pid) == []
