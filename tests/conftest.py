"""Shared fixtures: the bundled knowledge base, a warm screener and an answers factory."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from screening.core.answers import parse_answers
from screening.core.knowledge import load_knowledge
from screening.core.resources import default_rules

ROOT = Path(__file__).resolve().parent.parent

MINIMAL: dict[str, Any] = {"runner": {"name": "Min Runner", "age": 30}}


def answers(**sections: dict[str, Any]) -> Any:
    """Validated answers: a minimal runner with the given sections merged in."""
    data = copy.deepcopy(MINIMAL)
    for name, values in sections.items():
        data.setdefault(name, {}).update(values)
    return parse_answers(data)


@pytest.fixture(scope="session")
def kb():
    return load_knowledge(default_rules())


@pytest.fixture(scope="session")
def screener(kb):
    from screening.core.engine import Screener

    return Screener(kb)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The desk's browser tests run last: Playwright's sync API keeps an event loop running in
    the main thread from its first test to the end of the session, and the terminal intake's
    prompts (prompt_toolkit's `asyncio.run`) cannot run beside it."""
    items.sort(key=lambda item: item.path.parent.name == "browser")
