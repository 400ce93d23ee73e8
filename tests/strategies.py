"""Hypothesis strategies for answers files, generated from the catalogue itself."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import strategies as st

from screening.core.catalogue import Group, Question, load_catalogue
from screening.core.text import line_problem

# Names in any script: letters, marks, digits, punctuation, symbols and spaces (what
# `screening.core.text` allows; joiners and the blank-looking fillers are tested on their own).
NAMES = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs")),
    min_size=1,
    max_size=80,
).filter(lambda s: line_problem(s, 80) is None)


def _value(q: Question) -> st.SearchStrategy[Any]:
    if q.type == "text":
        return NAMES
    if q.type == "integer":
        return st.integers(q.min, q.max)
    if q.type == "choice":
        return st.sampled_from(sorted(q.choices))
    if q.type == "multi":
        return st.lists(st.sampled_from(sorted(q.choices)), unique=True).map(sorted)
    if q.type == "tristate":
        return st.sampled_from([True, False, None])
    return st.booleans()


def _group(group: Group) -> st.SearchStrategy[dict[str, Any]]:
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for child in group.children:
        strategy = _group(child) if isinstance(child, Group) else _value(child)
        (required if child.required else optional)[child.id] = strategy
    return st.fixed_dictionaries(required, optional=optional)


@st.composite
def answers_data(draw: st.DrawFn) -> dict[str, Any]:
    """A valid answers file: every group and field drawn within its catalogue limits."""
    data = {}
    for group in load_catalogue().groups:
        if group.required or draw(st.booleans()):
            data[group.id] = draw(_group(group))
    return data


def random_answers(rng: random.Random) -> dict[str, Any]:
    """A valid answers file drawn with `rng` (for tests that need fixed data, not hypothesis)."""

    def value(q: Question) -> Any:
        if q.type == "text":
            return rng.choice(["Ana", "Bo Li", "María López", "Ola Nordmann"])
        if q.type == "integer":
            return rng.randint(q.min or 0, q.max or 0)
        if q.type in ("choice", "multi"):
            options = sorted(q.choices)
            return rng.choice(options) if q.type == "choice" else rng.sample(options, 2)
        if q.type == "tristate":
            return rng.choice([True, False, None])
        return rng.random() < 0.2

    def group(g: Group) -> dict[str, Any]:
        out = {}
        for child in g.children:
            if child.required or rng.random() < 0.7:
                out[child.id] = group(child) if isinstance(child, Group) else value(child)
        return out

    return {g.id: group(g) for g in load_catalogue().groups if g.required or rng.random() < 0.8}
