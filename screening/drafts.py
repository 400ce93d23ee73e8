"""Intake drafts: every answer given so far, keyed by question path, saved after each answer.

A draft is a small JSON file written atomically (a temporary file and a rename), so an
interrupt, a closed terminal or a crash leaves either the previous draft or the new one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from screening.errors import ScreeningError

VERSION = 1


@dataclass
class Draft:
    """The answers given so far; `save()` after each one, `discard()` once the file is written."""

    path: Path
    answers: dict[str, Any] = field(default_factory=dict)
    saved: str | None = None  # local time of the last save, e.g. "2026-11-25 10:32"

    def save(self) -> None:
        from screening.render import write_atomic

        self.saved = datetime.now().strftime("%Y-%m-%d %H:%M")
        data = {"version": VERSION, "saved": self.saved, "answers": self.answers}
        write_atomic(self.path, (json.dumps(data, indent=1) + "\n").encode(), overwrite=True)

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)

    def set(self, key: str, value: Any) -> None:
        self.answers[key] = value

    def drop(self, keys: list[str] | tuple[str, ...]) -> None:
        for key in keys:
            self.answers.pop(key, None)


def load_draft(path: Path) -> Draft | None:
    """The draft at `path`, or None if there is none; a damaged draft is one plain error."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise ScreeningError(
            f"{path}: the saved intake is damaged; delete it to start again"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        raise ScreeningError(f"{path}: the saved intake is damaged; delete it to start again")
    return Draft(path, dict(data["answers"]), data.get("saved"))
