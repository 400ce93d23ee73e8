"""The answers file as a CSV row: one column per catalogue question, named by its dotted key
(`runner.name`, `symptoms.short_stride`, `hypermobility.beighton.knee_left`).

An empty cell means what a key left out of an answers file means (the catalogue says: a yes/no
question no, a Beighton item don't know, a choice its default); yes/no cells read yes, no, true
or false; a list (the equipment) is values separated by semicolons.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from screening.core.catalogue import Question, load_catalogue
from screening.core.errors import Problem

TRUE_WORDS = ("yes", "true")
FALSE_WORDS = ("no", "false")
LIST_SEPARATOR = ";"
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


@cache
def columns() -> dict[str, Question]:
    """Every column a CSV may have, in catalogue order."""
    return {q.path: q for q in load_catalogue().questions()}


def header() -> list[str]:
    """The full header row."""
    return list(columns())


@cache
def required_columns() -> tuple[str, ...]:
    """The columns every CSV needs: required questions of required groups (name, age)."""
    catalogue = load_catalogue()

    def needed(path: str) -> bool:
        parts = path.split(".")
        groups = (".".join(parts[:n]) for n in range(1, len(parts)))
        return all(catalogue.group(g).required for g in groups)

    return tuple(path for path, q in columns().items() if q.required and needed(path))


def cell_value(question: Question, text: str) -> Any:
    """The answer in a non-empty cell; ValueError (the message) if it cannot be one."""
    if question.type in ("yesno", "tristate"):
        word = text.lower()
        if word in TRUE_WORDS or word in FALSE_WORDS:
            return word in TRUE_WORDS
        empty = "don't know" if question.type == "tristate" else "no"
        raise ValueError(
            f"{json.dumps(text)} is not allowed; expected yes, no, true or false "
            f"(an empty cell means {empty})"
        )
    if question.type == "integer":
        if not _WHOLE_NUMBER.fullmatch(text):
            raise ValueError(f"{json.dumps(text)} is not allowed; expected {question.allowed()}")
        return int(text)
    if question.type == "multi":
        return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]
    return text  # text and choice: checked with the rest of the answers


def row_answers(cells: Mapping[str, str]) -> tuple[dict[str, Any], list[Problem]]:
    """A row's cells (column -> text) as answers-file data, and the cells that cannot be read.

    Empty cells are left out, like keys missing from an answers file; a group with no answer
    is left out too.
    """
    known = columns()
    data: dict[str, Any] = {}
    problems: list[Problem] = []
    for column, raw in cells.items():
        text = raw.strip()
        if not text:
            continue
        try:
            value = cell_value(known[column], text)
        except ValueError as exc:
            problems.append(Problem(column, str(exc)))
            continue
        *groups, key = column.split(".")
        node = data
        for group in groups:
            node = node.setdefault(group, {})
        node[key] = value
    return data, problems
