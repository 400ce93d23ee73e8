"""How fast `screening batch` makes plans: 1,000 runners with 1 and 2 local worker processes and
on a local Dask cluster of 2 workers, and each worker's peak memory at plan 100 and plan 1,000.

    .venv/bin/python benchmarks/batch_speed.py [--count 1000] [--repeat 1]

Prints figures; it is not a test. Each run screens, renders and writes every PDF (the whole
batch command, in process); "peak memory" is the resident memory of the worker processes that
made the plans around plan 100 and around the last plan (the local pool replaces each worker
after 100 plans; Dask workers are never replaced).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from screening.batch.executors import DaskCluster, Executor, LocalPool, Task  # noqa: E402
from screening.batch.run import RECYCLE_AFTER, Options, Report, run_batch  # noqa: E402
from screening.batch.work import Outcome, Setup  # noqa: E402
from tests.batch_rows import write_runners  # noqa: E402

MB = 2**20
WINDOW = 10  # outcomes around a milestone whose workers' memory is read


class Watched:
    """An executor whose outcomes' worker memory is noted at each plan, and the machine's load
    (other programs on it slow every figure down)."""

    def __init__(self, inner: Executor) -> None:
        self.inner = inner
        self.workers = inner.workers
        self.memory: list[int] = []
        self.load = 0.0

    def run(self, tasks: Iterable[Task], setup: Setup) -> Iterator[Outcome]:
        for outcome in self.inner.run(tasks, setup):
            self.memory.append(outcome.peak_memory)
            yield outcome

    def close(self) -> None:
        self.load = os.getloadavg()[1]  # the last 5 minutes
        self.inner.close()

    def at(self, plan: int) -> float:
        """The largest worker's peak memory (MB) among the plans just before `plan`."""
        plan = min(plan, len(self.memory))
        around = self.memory[max(0, plan - WINDOW) : plan]
        return max(around) / MB


def one_run(
    source: Path, executor: Executor, scheduler: str | None = None
) -> tuple[Report, Watched]:
    watched = Watched(executor)
    with tempfile.TemporaryDirectory() as out:
        options = Options(source=source, out=Path(out), jobs=executor.workers, scheduler=scheduler)
        report = run_batch(options, watched)  # type: ignore[arg-type]
    assert report.made == report.rows, report
    return report, watched


def describe(label: str, runs: list[tuple[Report, Watched]], count: int) -> float:
    """Print the best rate of the runs (the machine is shared: the best is the least
    disturbed) and the worker memory of the first run; return the best rate."""
    rates = [report.rate for report, _ in runs]
    loads = ", ".join(f"{w.load:.1f}" for _, w in runs)
    _, watched = runs[0]
    print(
        f"  {label:30} {max(rates):6.2f} plans/s (runs: {', '.join(f'{r:.2f}' for r in rates)}; "
        f"load average {loads})"
        f"\n  {'':30} peak memory per worker {watched.at(100):.0f} MB at plan 100, "
        f"{watched.at(count):.0f} MB at plan {count:,}"
    )
    return max(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        source = write_runners(Path(folder) / "runners.csv", args.count, bad=False)
        print(
            f"{args.count:,} plans (screen, render, write the PDF); workers recycled every "
            f"{RECYCLE_AFTER} plans in the local pool:"
        )
        from distributed import LocalCluster

        runs: dict[str, list[tuple[Report, Watched]]] = {"1": [], "2": [], "dask": []}
        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            address = cluster.scheduler_address
            for _ in range(args.repeat):  # interleaved, so a busy spell hits every kind
                runs["1"].append(one_run(source, LocalPool(1, RECYCLE_AFTER)))
                runs["2"].append(one_run(source, LocalPool(2, RECYCLE_AFTER)))
                runs["dask"].append(one_run(source, DaskCluster(address), address))
        one = describe("local pool, 1 process", runs["1"], args.count)
        two = describe("local pool, 2 processes", runs["2"], args.count)
        dask = describe("local Dask cluster, 2 workers", runs["dask"], args.count)

    print(f"\n2 processes / 1 process: {two / one:.2f}x (target: at least 1.8x)")
    print(f"Dask / local pool of 2:  {dask / two:.2f}  (target: within 15%, 0.85 or more)")


if __name__ == "__main__":
    main()
