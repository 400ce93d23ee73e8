"""Text for the terminal: wrapped at word boundaries to a width, and the catalogue's notices
styled so that an urgent one stands out. No prompt library here: the plan and demo commands
use it too."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

import click

from screening.core.catalogue import Notice


def wrap_lines(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """`text` wrapped at word boundaries to `width` columns (hyphenated words kept whole)."""
    return textwrap.wrap(
        text, width, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
    )


def wrap(text: str, width: int, first: str = "", rest: str = "") -> str:
    """`wrap_lines` as one string."""
    return "\n".join(wrap_lines(text, width, first, rest)) or first.rstrip()


def wrap_styled(parts: Sequence[tuple[str, dict[str, Any]]], width: int, rest: str = "") -> str:
    """Text in several styles (click.style keywords), wrapped at word boundaries as one
    paragraph; continuation lines start with `rest`."""
    words = [(w, style) for text, style in parts for w in text.split()]
    lines: list[list[tuple[str, dict[str, Any]]]] = [[]]
    used = 0
    for word, style in words:
        if used and used + 1 + len(word) > width:
            lines.append([])
            used = len(rest)
        elif used:
            used += 1
        while used + len(word) > width and width - used > 0:  # a word wider than a line
            cut = width - used
            lines[-1].append((word[:cut], style))
            lines.append([])
            word, used = word[cut:], len(rest)
        lines[-1].append((word, style))
        used += len(word)

    def styled(line: list[tuple[str, dict[str, Any]]]) -> str:
        runs: list[tuple[list[str], dict[str, Any]]] = []
        for word, style in line:
            if runs and runs[-1][1] == style:
                runs[-1][0].append(word)
            else:
                runs.append(([word], style))
        return " ".join(click.style(" ".join(ws), **s) if s else " ".join(ws) for ws, s in runs)

    return ("\n" + rest).join(styled(line) for line in lines)


def notice_line(notice: Notice, width: int) -> str:
    """A notice from the catalogue as the terminal shows it, wrapped; urgent ones stand out."""
    if notice.level == "urgent":
        text = wrap("URGENT: " + notice.text, width)
        return click.style(text, fg="red", bold=True, reverse=True)
    return click.style(wrap(notice.text, width), fg="red", bold=True)
