"""Where plans are made: worker processes on this machine, or a Dask distributed cluster.

Both take (key, answers) tasks and yield `Outcome`s as they finish, in any order, with only a
few tasks in flight at once (memory stays flat, and a stopped run has little to redo). A task
that fails, or whose worker dies, becomes a failed outcome; the batch goes on.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from screening.batch.work import Outcome, Setup, identity, make_plan, start_worker
from screening.core.errors import ScreeningError

Task = tuple[str, dict[str, Any]]  # (key, answers data)
IN_FLIGHT_PER_WORKER = 2
# Imported once by the fork server, so a new or recycled worker starts warm.
PRELOAD = ["screening.batch.work", "screening.service", "screening.core.engine", "weasyprint"]
CONNECT_TIMEOUT = 10.0  # seconds to reach a Dask scheduler
WORKERS_TIMEOUT = 30.0  # seconds to wait for its first worker


class Executor(Protocol):
    workers: int

    def run(self, tasks: Iterable[Task], setup: Setup) -> Iterator[Outcome]: ...

    def close(self) -> None: ...


def _failed(key: str, exc: BaseException) -> Outcome:
    return Outcome(key, None, {}, f"{type(exc).__name__}: {exc}".rstrip(": "), 0)


class LocalPool:
    """`workers` processes on this machine, each replaced by a fresh one after `recycle` plans."""

    def __init__(self, workers: int, recycle: int) -> None:
        self.workers, self.recycle = workers, recycle
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # max_tasks_per_child needs workers started by spawn or a fork server; the fork
            # server imports the heavy modules once and forks warm workers from itself.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=context,
                initializer=start_worker,
                initargs=(os.getpid(),),
                max_tasks_per_child=self.recycle,
            )
        return self._pool

    def run(self, tasks: Iterable[Task], setup: Setup) -> Iterator[Outcome]:
        pending: dict[Future[Outcome], str] = {}
        for key, data in tasks:
            while len(pending) >= self.workers * IN_FLIGHT_PER_WORKER:
                yield from self._finished(pending)
            try:
                future = self._executor().submit(make_plan, key, data, setup)
            except BrokenProcessPool:  # a worker died (killed?): start a new pool
                self._pool = None
                future = self._executor().submit(make_plan, key, data, setup)
            pending[future] = key
        while pending:
            yield from self._finished(pending)

    @staticmethod
    def _finished(pending: dict[Future[Outcome], str]) -> Iterator[Outcome]:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            key = pending.pop(future)
            try:
                yield future.result()
            except Exception as exc:  # the worker died under this task
                yield _failed(key, exc)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskCluster:
    """The workers of a Dask distributed scheduler: they screen and render, this process
    writes. Connecting checks the scheduler, its workers, and that they run this version."""

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise ScreeningError(
                "--scheduler: Dask is not installed; install it with: pip install 'screening[dask]'"
            ) from None
        self.address = address
        try:
            self.client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except Exception as exc:
            raise self._error(f"cannot reach the Dask scheduler ({_reason(exc)})") from None
        try:
            self._check_workers()
        except BaseException:
            self.client.close()
            raise
        self.workers = sum(self.client.nthreads().values())

    def _error(self, message: str) -> ScreeningError:
        return ScreeningError(f"--scheduler {self.address}: {message}")

    def _check_workers(self) -> None:
        try:
            self.client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        except TimeoutError:
            raise self._error(
                f"no worker joined within {WORKERS_TIMEOUT:.0f} s; start some with: "
                f"dask worker {self.address}"
            ) from None
        try:
            found = set(self.client.run(identity).values())
        except Exception as exc:
            raise self._error(
                f"the workers cannot run screening ({_reason(exc)}); install "
                "'screening[dask]' on every worker"
            ) from None
        if found != {identity()}:
            raise self._error(
                "the workers run another version of screening or other templates "
                f"({', '.join(sorted(v for v, _ in found))}); install this one "
                f"({identity()[0]}) on every worker"
            )
        from screening.batch.dask_plugin import NoProfiler

        self.client.register_plugin(NoProfiler())  # keeps the workers' memory flat

    def run(self, tasks: Iterable[Task], setup: Setup) -> Iterator[Outcome]:
        from distributed import as_completed

        shared = self.client.scatter(setup, broadcast=True)
        finished = as_completed(loop=self.client.loop, with_results=True, raise_errors=False)
        keys: dict[str, str] = {}
        todo = iter(tasks)
        try:
            for key, data in todo:
                future = self.client.submit(make_plan, key, data, shared, pure=False)
                keys[future.key] = key
                finished.add(future)
                if len(keys) >= max(self.workers, 1) * IN_FLIGHT_PER_WORKER:
                    future, result = next(finished)
                    yield self._outcome(keys.pop(future.key), result)
            for future, result in finished:
                yield self._outcome(keys.pop(future.key), result)
        finally:
            self.client.cancel([f for f in finished.futures])

    @staticmethod
    def _outcome(key: str, result: Any) -> Outcome:
        """The task's outcome; a task Dask could not run (its worker died, say) comes back as
        (type, exception, traceback) and becomes a failed outcome."""
        if isinstance(result, Outcome):
            return result
        return _failed(key, result[1] if isinstance(result, tuple) else result)

    def close(self) -> None:
        self.client.close()


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
