"""Free text from people (a runner's name, a clinic's name, the words in a clinic's rules): what
one line of it may hold, and how a bad value is shown back in an error line.

Names come from every clinic's clients, so any script is welcome, right to left as well as left
to right, with the zero-width non-joiner and joiner that Persian and Indic names need inside a
word. Refused: what breaks a line (control characters, line and paragraph separators), what
hides or reorders text (invisible formatting characters such as bidirectional overrides), and
what only looks blank (U+2800, U+3164 and the other fillers, or nothing visible at all).
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

# Allowed inside a word (Persian and Indic names need them), nowhere else.
JOINERS = {"\u200c": "a zero-width non-joiner", "\u200d": "a zero-width joiner"}
# Characters that print as nothing although Unicode files them as letters or symbols.
BLANK_LOOKING = frozenset("\u2800\u3164\u115f\u1160\uffa0")
# Leading and trailing whitespace that is trimmed rather than refused.
TRIMMED = " \t\r\n"
_KINDS = {
    "Cc": "a control character",
    "Cf": "an invisible formatting character",
    "Cs": "a broken character (half of a surrogate pair)",
    "Co": "a private-use character",
    "Cn": "a character Unicode has not assigned",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
}
_NAMED = {"\n": "a line break", "\r": "a line break", "\t": "a tab", "\x1b": "a terminal escape"}


def code(char: str) -> str:
    """A character's code point as people look it up: U+200C."""
    return f"U+{ord(char):04X}"


def _word_part(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMS" and char not in BLANK_LOOKING


def _visible(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNPS" and char not in BLANK_LOOKING


def _unsafe(char: str) -> bool:
    """Whether `char` breaks a line, hides text or looks blank (wherever it stands)."""
    category = unicodedata.category(char)
    return category[0] == "C" or category in ("Zl", "Zp") or char in BLANK_LOOKING


def line_problem(text: str, max_length: int | None = None) -> str | None:
    """What is wrong with `text` as one line of free text, in plain words and without a
    subject, so that each front door can say whose text it is ("has a tab (U+0009)"); None
    when it is fine. Leading and trailing spaces and line ends are trimmed
    first, as `one_line` does."""
    text = text.strip(TRIMMED)
    if text.isprintable() and BLANK_LOOKING.isdisjoint(text) and any(map(_visible, text)):
        pass  # the common case, checked at C speed: nothing to refuse but the length
    else:
        problem = _character_problem(text)
        if problem:
            return problem
    length = len(text.strip())
    if max_length is not None and length > max_length:
        return f"is {length:,} characters long"
    return None


def _character_problem(text: str) -> str | None:
    for i, char in enumerate(text):
        if char in JOINERS:
            if 0 < i < len(text) - 1 and _word_part(text[i - 1]) and _word_part(text[i + 1]):
                continue
            return f"has {JOINERS[char]} ({code(char)}) outside a word"
        if char in BLANK_LOOKING:
            return f"has a character that looks blank ({code(char)})"
        if _unsafe(char):
            kind = _NAMED.get(char) or _KINDS[unicodedata.category(char)]
            return f"has {kind} ({code(char)})"
    if not any(map(_visible, text)):
        return "has nothing visible in it" if text.strip() else "is empty"
    return None


def one_line(text: str, max_length: int | None = None) -> str:
    """`text` trimmed of surrounding whitespace, or ValueError saying what is wrong with it
    ("it has a tab (U+0009)")."""
    problem = line_problem(text, max_length)
    if problem:
        raise ValueError(f"it {problem}")
    return text.strip(TRIMMED).strip()


def _escaped(char: str) -> str:
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"


def shown(value: Any, limit: int = 60) -> str:
    """`value` as an error line shows it: text in quotes with every character that could
    break, hide or blank the line written as an escape, and cut to `limit` characters, so a
    50 MB name is never echoed back whole."""
    if isinstance(value, str):
        pieces: list[str] = []
        width = 0
        for char in value:
            piece = _escaped(char) if _unsafe(char) else json.dumps(char, ensure_ascii=False)[1:-1]
            width += len(piece)
            if width > limit:
                return f'"{"".join(pieces)}…" ({len(value):,} characters)'
            pieces.append(piece)
        return f'"{"".join(pieces)}"'
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        if value.bit_length() > 64:
            return f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return type(value).__name__
