"""How long screening takes: one runner on a warm engine, many threads sharing one `Screener`,
a new engine instance, and a cold start.

Run: .venv/bin/python benchmarks/screening_speed.py   (prints figures; it is not a test)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from screening.core.answers import load_answers, parse_answers
from screening.core.resources import default_rules, example_answers

RUNNERS = {
    "demo (hyper-mobile, short stride)": load_answers(example_answers()),
    "red flags + pain": parse_answers(
        {
            "runner": {
                "name": "R",
                "age": 52,
                "strength_experience": "confident",
                "equipment": ["kettlebell", "barbell"],
            },
            "symptoms": {"knee_pain": True, "shin_splints": True},
            "pain": {"level": 6},
            "red_flags": {"chest_pain": True, "focal_bone_pain": True},
        }
    ),
    "tight, not hyper-mobile": parse_answers(
        {
            "runner": {"name": "T", "age": 40},
            "symptoms": dict.fromkeys(
                [
                    "hamstring_tightness",
                    "quad_tightness",
                    "hip_flexor_tightness",
                    "low_back_tightness",
                    "shin_splints",
                ],
                True,
            ),
            "hypermobility": {"beighton_score": 1},
        }
    ),
}


def timed(func, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    start = time.perf_counter()
    from screening.core.engine import Screener
    from screening.core.knowledge import load_knowledge

    imported = time.perf_counter()
    kb = load_knowledge(default_rules())
    loaded = time.perf_counter()
    screener = Screener(kb)
    compiled = time.perf_counter()
    print(f"import engine (experta):   {(imported - start) * 1000:7.1f} ms")
    print(
        f"load + check rules/:       {(loaded - imported) * 1000:7.1f} ms ({len(kb.rules)} rules)"
    )
    print(f"compile experta engine:    {(compiled - loaded) * 1000:7.1f} ms")
    print("\nwarm screening, one runner (median / p95 of 500):")
    for label, runner in RUNNERS.items():
        screener.screen(runner)
        times = sorted(timed(lambda r=runner: screener.screen(r), 500))
        print(f"  {label:36} {statistics.median(times):6.2f} ms / {times[474]:6.2f} ms")

    instances = sorted(timed(screener.new_engine, 50))
    print(f"\nnew engine instance (median of 50): {statistics.median(instances):.2f} ms")

    print("\nthreads sharing one Screener (2,000 screenings of the three runners):")
    runners = list(RUNNERS.values()) * 667
    for threads in (1, 2, 8):
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(screener.screen, runners[: threads * 3]))  # engines for each thread
            start = time.perf_counter()
            list(pool.map(screener.screen, runners[:2000]))
            took = time.perf_counter() - start
        print(
            f"  {threads} thread{'s' if threads > 1 else ' '}: {2000 / took:7.0f} screenings/s"
            f"  ({took / 2000 * 1000 * threads:.2f} ms per screening per thread)"
        )

    exe = Path(sys.executable).with_name("screening")
    cold = timed(
        lambda: subprocess.run(
            [exe, "plan", str(example_answers()), "--format", "json"],
            check=True,
            capture_output=True,
        ),
        5,
    )
    print(f"\ncold start, `screening plan demo --format json`: {statistics.median(cold):.0f} ms")
    help_ = timed(lambda: subprocess.run([exe, "--help"], check=True, capture_output=True), 5)
    print(f"cold start, `screening --help`:                   {statistics.median(help_):.0f} ms")


if __name__ == "__main__":
    main()
