"""What a worker does for one runner: screen, render the PDF, and sum the plan up for summary.csv.

It runs in a worker process, of the local pool or of a Dask worker on another machine, and sends
back bytes; only the batch command writes files. Whatever a task needs travels with it
(`Setup`): a Dask worker needs `screening` installed and nothing else, since the rules folder is
sent along and unpacked into the worker's cache, checked by its fingerprint.
"""

from __future__ import annotations

import os
import resource
import select
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from screening import __version__
from screening.batch.fingerprint import fingerprint, folder_files, folder_fingerprint
from screening.batch.report import plan_summary
from screening.core.resources import templates_dir


@dataclass(frozen=True)
class Rules:
    """The rules folder plans are made with: its path (the local pool reads it), or its files
    (sent to Dask workers), and its fingerprint."""

    fingerprint: str
    folder: str | None = None
    files: tuple[tuple[str, bytes], ...] = ()


@dataclass(frozen=True)
class Setup:
    """What every task of a batch shares."""

    rules: Rules
    templates: str  # the fingerprint of the templates the batch command has
    clinic: str | None
    paper: str
    on: date


@dataclass(frozen=True)
class Outcome:
    """One runner's result: the PDF and its summary, or why there is none."""

    key: str
    pdf: bytes | None
    summary: dict[str, str]
    error: str
    peak_memory: int  # the worker process's peak resident memory so far, in bytes


def make_plan(key: str, data: dict[str, Any], setup: Setup) -> Outcome:
    """Screen one runner's (already checked) answers and render the plan as PDF."""
    from screening import service

    try:
        if templates_fingerprint() != setup.templates:
            raise RuntimeError(
                f"this worker has other templates than the batch command (screening "
                f"{__version__}); install the same version of screening everywhere"
            )
        plan = service.screen(data, rules_folder(setup.rules))
        pdf = service.render(plan, "pdf", service.Look(setup.clinic, setup.paper, setup.on))
    except Exception as exc:  # any failure stays with this runner; the batch goes on
        return Outcome(key, None, {}, f"{type(exc).__name__}: {exc}", peak_memory())
    return Outcome(key, pdf, plan_summary(plan), "", peak_memory())


def identity() -> tuple[str, str]:
    """What a worker runs: the screening version and the templates' fingerprint."""
    return __version__, templates_fingerprint()


def peak_memory() -> int:
    """This process's peak resident memory in bytes."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def start_worker(batch_pid: int) -> None:
    """In each pool worker: leave Ctrl-C to the batch command (it stops the workers in order),
    and end when the batch command ends, even if it was killed and could not stop them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(batch_pid,), daemon=True).start()


def _exit_with(pid: int) -> None:
    try:
        select.select([os.pidfd_open(pid)], [], [])  # Linux: readable once the process ends
    except ProcessLookupError:
        pass
    except OSError:  # no process descriptors here: look every second
        while _alive(pid):
            time.sleep(1)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@cache
def templates_fingerprint() -> str:
    return folder_fingerprint(templates_dir())


@cache
def rules_folder(rules: Rules) -> Path:
    """The folder to load the rules from, checked against the batch's fingerprint (once per
    process): the given folder, or the sent files unpacked into the user's cache."""
    if rules.folder is not None:
        folder = Path(rules.folder)
        if folder_fingerprint(folder) != rules.fingerprint:
            raise RuntimeError(f"{folder}: the rules changed during the batch; run it again")
        return folder
    return _unpack(rules)


def _unpack(rules: Rules) -> Path:
    if fingerprint(dict(rules.files)) != rules.fingerprint:
        raise RuntimeError("the rules sent to this worker do not match their fingerprint")
    cache_home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    root = Path(cache_home) / "screening" / "rules"
    folder = root / rules.fingerprint
    if folder.is_dir() and folder_fingerprint(folder) == rules.fingerprint:
        return folder
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    unpacked = Path(tempfile.mkdtemp(prefix=".unpack-", dir=root))
    for name, data in rules.files:
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts:
            raise RuntimeError(f"refused a rules file named {name!r}")
        (unpacked / relative).parent.mkdir(parents=True, exist_ok=True)
        (unpacked / relative).write_bytes(data)
    try:
        unpacked.rename(folder)
    except OSError:  # another worker on this machine unpacked the same rules meanwhile
        shutil.rmtree(unpacked, ignore_errors=True)
    if folder_fingerprint(folder) != rules.fingerprint:
        raise RuntimeError(f"{folder}: this copy of the rules was changed; delete it")
    return folder


def rules_files(folder: Path) -> tuple[tuple[str, bytes], ...]:
    """A rules folder's files, to send to workers on other machines."""
    return tuple(folder_files(folder).items())
