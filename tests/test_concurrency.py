"""One `Screener` shared by many threads, as a web server's thread pool shares it: every plan
must be the plan its own answers give when screened alone.

Before engines were pooled (one experta engine per `Screener`), this test failed: 4 threads
gave hundreds of plans that belonged to other answers, and KeyError tracebacks.
"""

from __future__ import annotations

import random
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from screening.core.answers import parse_answers
from screening.core.engine import Screener
from tests.strategies import random_answers


@pytest.fixture
def fast_switching():
    """Switch threads every 10 microseconds, so any shared state shows up at once."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(before)


def test_many_threads_on_one_screener_get_the_plans_they_would_alone(kb, fast_switching):
    rng = random.Random(8)
    runners = [parse_answers(random_answers(rng)) for _ in range(40)]
    screener = Screener(kb)
    alone = [screener.screen(a).model_dump_json() for a in runners]
    assert len(set(alone)) > 30  # the runners differ

    def screen_many(offset: int) -> list[int]:
        wrong = []
        for j in range(60):
            i = (j * 7 + offset) % len(runners)
            if screener.screen(runners[i]).model_dump_json() != alone[i]:
                wrong.append(i)
        return wrong

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(screen_many, range(8)))
    assert results == [[]] * 8


def test_engines_are_reused_not_rebuilt(kb, monkeypatch):
    screener = Screener(kb)
    built = []
    real = screener.new_engine
    monkeypatch.setattr(screener, "new_engine", lambda: built.append(1) or real())
    runner = parse_answers({"runner": {"name": "Ana", "age": 30}})
    for _ in range(5):
        screener.screen(runner)
    assert len(built) == 1
