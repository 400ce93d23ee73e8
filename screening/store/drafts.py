"""Intake drafts: the answers given so far, one file per intake, saved after every answer.

Each intake has its own draft (an id), so two intakes on one machine never meet, and a new
intake never shows another person's unfinished answers. A draft is a small JSON file written
atomically (a temporary file and a rename), owner-only, in a folder only its owner can list.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from screening.core.errors import ScreeningError
from screening.store.files import write_atomic

VERSION = 1
FOLDER_MODE = 0o700
_ID = re.compile(r"[0-9]{8}-[0-9]{4}-[0-9a-f]{4}")


@dataclass
class Draft:
    """The answers given so far; `save()` after each one, `discard()` once the file is written."""

    path: Path
    answers: dict[str, Any] = field(default_factory=dict)
    saved: str | None = None  # local time of the last save, e.g. "2026-11-25 10:32"

    @property
    def id(self) -> str:
        return self.path.stem

    @property
    def name(self) -> str | None:
        """The runner's name, once given."""
        name = self.answers.get("runner.name")
        return name if isinstance(name, str) else None

    def save(self) -> None:
        self.saved = datetime.now().strftime("%Y-%m-%d %H:%M")
        data = {"version": VERSION, "saved": self.saved, "answers": self.answers}
        write_atomic(self.path, (json.dumps(data, indent=1) + "\n").encode(), overwrite=True)

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


class DraftStore:
    """The unfinished intakes in one folder (e.g. `reports/.intakes/`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def new(self) -> Draft:
        """A new, empty draft with an id of its own (written at its first `save()`)."""
        self._make_folder()
        while True:
            draft_id = f"{datetime.now():%Y%m%d-%H%M}-{secrets.token_hex(2)}"
            path = self.folder / f"{draft_id}.json"
            if not path.exists():
                return Draft(path)

    def load(self, draft_id: str) -> Draft:
        """The draft with this id; a missing or damaged one is one plain error."""
        if not _ID.fullmatch(draft_id):
            raise ScreeningError(f"{draft_id!r} is not the id of an unfinished intake")
        path = self.folder / f"{draft_id}.json"
        draft = load_draft(path)
        if draft is None:
            raise ScreeningError(f"no unfinished intake {draft_id} in {self.folder}")
        return draft

    def unfinished(self) -> list[Draft]:
        """Every unfinished intake, the least recently saved first (a damaged one is listed
        with `saved` "damaged", for `load` to name)."""
        if not self.folder.is_dir():
            return []
        drafts = []
        for path in sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns):
            if _ID.fullmatch(path.stem):
                try:
                    draft = load_draft(path)
                except ScreeningError:  # listed, so choosing it names the problem
                    draft = Draft(path, saved="damaged")
                if draft is not None:
                    drafts.append(draft)
        return drafts

    def _make_folder(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
            os.chmod(self.folder, FOLDER_MODE)
        except OSError as exc:
            raise ScreeningError(f"{self.folder}: cannot create ({exc.strerror})") from None


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
    version = data.get("version", VERSION)
    if not isinstance(version, int) or version > VERSION:
        raise ScreeningError(
            f"{path}: the saved intake was written by a newer version of screening; "
            "continue it with that version (it is kept as it is)"
        )
    return Draft(path, dict(data["answers"]), data.get("saved"))
