"""A batch from start to end: read and check the input, skip what the manifest says is done,
send the rest to the workers, write each PDF as it comes back, then the summary and the errors.

Everything that can be wrong with the input as a whole (the file, its header, the rules folder,
the output folder, the scheduler) is found before anything is written.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from screening import __version__, service
from screening.batch.executors import DaskCluster, Executor, LocalPool
from screening.batch.fingerprint import folder_fingerprint
from screening.batch.manifest import Entry, MadeWith, Manifest, open_manifest
from screening.batch.report import ERRORS, SUMMARY, Line, write_reports
from screening.batch.source import Item, read_items
from screening.batch.work import Outcome, Rules, Setup, rules_files, templates_fingerprint
from screening.core.errors import ScreeningError
from screening.core.resources import default_rules
from screening.store import files

FOLDER_MODE = 0o700
RECYCLE_AFTER = 100  # plans per worker process before a fresh one takes over


@dataclass(frozen=True)
class Options:
    source: Path
    out: Path
    jobs: int
    scheduler: str | None = None
    retry_failed: bool = False
    rules: Path | None = None
    look: service.Look = field(default_factory=service.Look)
    recycle: int = RECYCLE_AFTER


@dataclass
class Report:
    """What a run did, for the closing lines."""

    rows: int = 0
    made: int = 0  # plans made in this run
    skipped: int = 0  # plans made before, with the same answers, rules and templates
    invalid: int = 0  # rows with bad answers (in errors.csv)
    failed: int = 0  # rows whose plan could not be made (in errors.csv)
    seconds: float = 0.0
    peak_memory: int = 0  # the largest worker process, in bytes
    workers: int = 0

    @property
    def rate(self) -> float:
        return self.made / self.seconds if self.seconds else 0.0

    def lines(self, out: Path) -> list[str]:
        """The closing lines the batch command prints."""
        lines = [
            f"{_count(self.rows, 'runner')}: {_count(self.made, 'plan')} made, "
            f"{self.skipped} done before, {self.invalid} with bad answers, {self.failed} failed"
        ]
        if self.made:
            lines.append(
                f"{self.seconds:.1f} s, {self.rate:.1f} plans/s with "
                f"{_count(self.workers, 'worker')} (peak memory per worker "
                f"{self.peak_memory / 2**20:.0f} MB)"
            )
        lines.append(f"Wrote {out / SUMMARY}")
        if self.invalid or self.failed:
            lines.append(f"See {out / ERRORS} for the rows without a plan")
        return lines


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def default_jobs() -> int:
    """Every core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_batch(options: Options, executor: Executor | None = None) -> Report:
    """Screen every runner of `options.source` into `options.out`; see the module's docstring.
    `executor` replaces the one the options name (a benchmark wraps one to watch it)."""
    items = read_items(options.source)
    rules = (options.rules or default_rules()).absolute()
    service.screener(rules)  # a broken rules folder: one line, before anything is written
    _check_out(options.out)
    on = options.look.on or date.today()
    made_with = MadeWith(
        rules=folder_fingerprint(rules),
        templates=templates_fingerprint(),
        options=f"{options.look.paper}|{options.look.clinic or ''}",
        version=__version__,
    )
    rules_sent = (
        Rules(made_with.rules, files=rules_files(rules))  # to other machines
        if options.scheduler
        else Rules(made_with.rules, folder=str(rules))
    )
    setup = Setup(
        rules=rules_sent,
        templates=made_with.templates,
        clinic=options.look.clinic,
        paper=options.look.paper,
        on=on,
    )
    if executor is None:
        executor = (
            DaskCluster(options.scheduler)  # an unreachable scheduler: one line, nothing written
            if options.scheduler is not None
            else LocalPool(options.jobs, options.recycle)
        )
    try:
        options.out.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        with open_manifest(options.out) as manifest:
            batch = _Batch(options, items, manifest, made_with, on)
            return batch.run(executor, setup)
    finally:
        executor.close()


def _check_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise ScreeningError("--out: is not a folder", origin=str(out))


class _Batch:
    """One run over one output folder."""

    def __init__(
        self, options: Options, items: list[Item], manifest: Manifest, made_with: MadeWith, on: date
    ) -> None:
        self.options, self.items, self.manifest = options, items, manifest
        self.made_with, self.on = made_with, on
        self.by_key = {item.key: item for item in items}
        # Entries of rows whose answers are no longer in the input: replaced when the row is.
        self.stale: dict[str, list[Entry]] = {}
        for entry in manifest.entries.values():
            if entry.key not in self.by_key:
                self.stale.setdefault(entry.row, []).append(entry)
        self.tracked = {e.file for e in manifest.entries.values() if e.file}
        self.report = Report(rows=len(items))

    def run(self, executor: Executor, setup: Setup) -> Report:
        _remove_leftovers(self.options.out)
        todo = [item for item in self.items if self._needs_work(item)]
        self.report.workers = min(executor.workers, len(todo))
        start = time.perf_counter()
        try:
            with _stopped_by_sigterm(), _progress(len(todo)) as bar:
                tasks = ((item.key, item.data or {}) for item in todo)
                for outcome in executor.run(tasks, setup) if todo else ():
                    self._finish(self.by_key[outcome.key], outcome)
                    bar.update()
        finally:
            self.report.seconds = time.perf_counter() - start
            self._write_reports()
        self.manifest.compact()
        statuses = [self._entry(item) for item in self.items]
        done = sum(1 for e in statuses if e and e.status == "done")
        self.report.skipped = done - self.report.made
        self.report.invalid = sum(1 for e in statuses if e and e.status == "invalid")
        self.report.failed = sum(1 for e in statuses if e and e.status == "failed")
        return self.report

    def _entry(self, item: Item) -> Entry | None:
        return self.manifest.entries.get(item.key)

    def _needs_work(self, item: Item) -> bool:
        """Whether this run must make the item's plan (bad answers are recorded here)."""
        entry = self._entry(item)
        if item.data is None:
            problems = tuple((p.field, p.message) for p in item.problems)
            if entry is None or entry.status != "invalid" or entry.problems != problems:
                self._replace_old(item)
                self._record(item, "invalid", problems=problems)
            return False
        if entry is None or entry.made_with != self.made_with:
            return True
        if entry.status == "failed":
            return self.options.retry_failed
        return entry.status != "done" or not (self.options.out / (entry.file or "")).is_file()

    def _finish(self, item: Item, outcome: Outcome) -> None:
        self.report.peak_memory = max(self.report.peak_memory, outcome.peak_memory)
        self._replace_old(item)
        if outcome.pdf is None:
            self._record(item, "failed", problems=(("", f"no plan was made: {outcome.error}"),))
            return
        path = self.options.out / self._file_name(item, outcome.summary["name"])
        try:
            path = files.write_atomic(path, outcome.pdf, overwrite=path.exists())
        except ScreeningError as exc:
            self._record(item, "failed", problems=(("", f"no plan was written: {exc.line()}"),))
            return
        self._record(item, "done", file=path.name, summary=outcome.summary)
        self.report.made += 1

    def _file_name(self, item: Item, name: str) -> str:
        """`<row>-<name>-<date>.pdf`. A file of that name that the manifest does not know was
        written by a run killed before it could record it: it is replaced. A file another
        runner's entry holds is kept, and this one gets a numbered name."""
        stem = f"{item.number:04d}-{files.report_stem(name, self.on)}"
        if f"{stem}.pdf" not in self.tracked:
            return f"{stem}.pdf"
        return f"{files.free_stem(self.options.out, stem, ('pdf',))}.pdf"

    def _replace_old(self, item: Item) -> None:
        """Remove the item's earlier plan, and the plans of earlier answers in its row."""
        previous = [self._entry(item), *self.stale.pop(item.row, [])]
        for old in filter(None, previous):
            if old.file:
                with contextlib.suppress(FileNotFoundError):
                    (self.options.out / old.file).unlink()
                self.tracked.discard(old.file)
            if old.key != item.key:
                self.manifest.forget(old.key)

    def _record(
        self,
        item: Item,
        status: str,
        *,
        file: str | None = None,
        summary: dict[str, str] | None = None,
        problems: tuple[tuple[str, str], ...] = (),
    ) -> None:
        entry = Entry(item.key, item.row, status, self.made_with, file, summary or {}, problems)
        self.manifest.record(entry)
        if file:
            self.tracked.add(file)

    def _write_reports(self) -> None:
        lines = []
        for item in self.items:
            entry = self._entry(item)
            lines.append(
                Line(
                    row=item.row,
                    name=item.name,
                    status=entry.status if entry else None,
                    summary=entry.summary if entry else {},
                    file=entry.file if entry and entry.status == "done" else None,
                    problems=entry.problems if entry else (),
                )
            )
        write_reports(self.options.out, lines)


def _remove_leftovers(folder: Path) -> None:
    """Temporary files of a killed run (`files.write_atomic` names them `.<name>.*.part`)."""
    for path in folder.glob(".*.part"):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


@contextlib.contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """SIGTERM stops the run like Ctrl-C: workers are stopped, the reports written."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _progress(total: int) -> Iterator[object]:
    """A progress bar with the rate and the time left, on a terminal only."""
    from tqdm import tqdm

    with tqdm(total=total, unit="plan", desc="Screening", disable=None, dynamic_ncols=True) as bar:
        yield bar
