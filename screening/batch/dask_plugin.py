"""A Dask worker plugin the batch command registers: it switches off the worker's statistical
profiler. The profiler samples every task's call stack every 10 ms and keeps up to 1,000 s of
samples; WeasyPrint's deep stacks made each worker grow by about 40 MB per 100 plans with it on
(129 to 236 MB over 300 plans), and stay flat with it off (116 to 124 MB). Imported only where
Dask is (the batch command with --scheduler, and the workers)."""

from __future__ import annotations

from typing import Any

from distributed import WorkerPlugin

PROFILER_CALLBACKS = ("profile", "profile-cycle")


class NoProfiler(WorkerPlugin):
    """Stops the profiler on every worker, including workers that join later."""

    name = "screening-no-profiler"

    def setup(self, worker: Any) -> None:
        for name in PROFILER_CALLBACKS:
            callback = worker.periodic_callbacks.pop(name, None)
            if callback is not None:
                callback.stop()
        worker.profile_history.clear()
        worker.profile_keys_history.clear()
