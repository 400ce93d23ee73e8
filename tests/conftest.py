"""Shared fixtures: the bundled knowledge base, a warm screener and an answers factory."""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from screening.core.answers import parse_answers
from screening.core.knowledge import load_knowledge
from screening.core.resources import default_rules

ROOT = Path(__file__).resolve().parent.parent
pytest_plugins = ["tests.places"]  # --desk-database: the desk's tests on SQLite or PostgreSQL

MINIMAL: dict[str, Any] = {"runner": {"name": "Min Runner", "age": 30}}
# Words that tell a runner to run (or to log runs): never in a plan that needs a referral.
RUN_WORDS = re.compile(
    r"(?i)\b(before|after|every|each|next|your) (every |each |a |your )?runs?\b"
    r"|\bruns? (short|easy)|\bkeep runs\b|\brun days\b|\bI ran\b|\bkeep running\b"
)


def answers(**sections: dict[str, Any]) -> Any:
    """Validated answers: a minimal runner with the given sections merged in."""
    data = copy.deepcopy(MINIMAL)
    for name, values in sections.items():
        data.setdefault(name, {}).update(values)
    return parse_answers(data)


def plan_words(plan: Any) -> str:
    """Everything in a plan that is read as words (not ids, not answers)."""
    parts = [e.sentence for e in plan.emphases] + [n.text for n in plan.notes]
    for item in plan.routine:
        parts += [item.dose, item.how_often, item.purpose, *item.cues]
        parts += [b.text for b in item.because]
    for progression in plan.progression:
        parts += [s.how for s in progression.steps] + [s.move_on or "" for s in progression.steps]
    parts += [lo.reason for lo in plan.left_out] + [r.text for r in plan.referral.reasons]
    return "\n".join(parts)


def pdf_text(source: bytes | Path) -> str:
    """The text of a PDF (its bytes or its file), each run of whitespace one space."""
    reader = PdfReader(io.BytesIO(source) if isinstance(source, bytes) else source)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def printed_words(html: str) -> str:
    """The text of a printed plan, without its markup."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


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
