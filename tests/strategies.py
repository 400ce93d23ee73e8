"""Hypothesis strategies for answers files, generated from the catalogue itself."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from screening.catalogue import Group, Question, load_catalogue

NAMES = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cf")),
    min_size=1,
    max_size=80,
).filter(lambda s: s.strip())


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
