"""Checks that text on a terminal breaks only between words.

A word cut in two ("stret" / "ches") leaves pieces that appear nowhere in the project's own
wording. So every word on screen must be a word of the catalogue, the rules or the terminal
code (or a number, or something the test typed).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from functools import cache

from tests.conftest import ROOT

LONE_MARKS = frozenset({"?", "-", "\u2014", "<", "»", "○", "·", "---------------"})
SOURCES = ("screening/core", "screening/terminal", "screening/render", "rules")
_EDGES = "\"'.,;:!?()[]{}\u201c\u201d\u2018\u2019«»○•*<>=|`\u2013\u2014-"


def _norm(token: str) -> str:
    return token.strip(_EDGES).lower()


@cache
def project_words() -> frozenset[str]:
    """Every word of the project's wording: the catalogue and the rules (YAML), and the
    string literals of the code that shows text."""
    words: set[str] = set()
    for folder in SOURCES:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix == ".yaml":
                texts = [path.read_text(encoding="utf-8")]
            elif path.suffix == ".py":
                tree = ast.parse(path.read_text(encoding="utf-8"))
                texts = [
                    n.value
                    for n in ast.walk(tree)
                    if isinstance(n, ast.Constant) and isinstance(n.value, str)
                ]
            else:
                continue
            words.update(_norm(t) for text in texts for t in text.split())
    return frozenset(words)


def broken_words(lines: Iterable[str], typed: Iterable[str] = ()) -> list[str]:
    """The words on these lines that are not whole words of the project (nor typed): the
    pieces of a word cut in two, a lone letter or a lone closing bracket among them."""
    known = project_words() | {_norm(t) for text in typed for t in text.split()}
    out = []
    for line in lines:
        for token in line.split():
            if not _whole(token, known):
                out.append(token)
    return out


def _whole(token: str, known: frozenset[str]) -> bool:
    word = _norm(token)
    if not word:  # only marks: a bracket or a full stop alone was cut off its word
        return token in LONE_MARKS
    if len(word) == 1 and word.isalpha():
        return word in ("a", "i")
    return re.fullmatch(r"[0-9/.-]+", word) is not None or word in known


def too_wide(lines: Iterable[str], width: int) -> list[str]:
    return [line for line in lines if len(line.rstrip()) > width]
