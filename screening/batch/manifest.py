"""The batch's memory, `manifest.jsonl` in the output folder: one line per runner done, keyed by
the content hash of the runner's answers, with what the plan was made with (the rules' and the
templates' fingerprints, the printing options, the version), its status and its file.

Lines are appended as runners finish (each line one write, so a killed run loses at most the
runners in flight; a `forget` line drops an entry) and the file is rewritten atomically at the
end of a run, keeping only the latest line per runner. A lock file keeps a second batch out of
the same folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from screening.core.errors import ScreeningError
from screening.store.files import FILE_MODE, write_atomic

MANIFEST = "manifest.jsonl"
LOCK = ".manifest.lock"
STATUSES = ("done", "invalid", "failed")


@dataclass(frozen=True)
class MadeWith:
    """What a plan depends on besides the answers."""

    rules: str
    templates: str
    options: str  # the printing options (paper, clinic)
    version: str


@dataclass(frozen=True)
class Entry:
    key: str
    row: str
    status: str  # done: `file` holds the plan; invalid: bad answers; failed: an error
    made_with: MadeWith
    file: str | None = None
    summary: dict[str, str] = field(default_factory=dict)
    problems: tuple[tuple[str, str], ...] = ()  # (field, message) pairs

    def to_line(self) -> bytes:
        return (json.dumps(asdict(self), ensure_ascii=False, sort_keys=True) + "\n").encode()

    @classmethod
    def from_line(cls, line: bytes) -> Entry | None:
        """The entry on one line; None for a line cut short or not ours."""
        try:
            raw: dict[str, Any] = json.loads(line)
            entry = cls(
                key=raw["key"],
                row=raw["row"],
                status=raw["status"],
                made_with=MadeWith(**raw["made_with"]),
                file=raw["file"],
                summary=dict(raw["summary"]),
                problems=tuple((str(f), str(m)) for f, m in raw["problems"]),
            )
        except (ValueError, KeyError, TypeError):
            return None
        return entry if entry.status in STATUSES else None


class Manifest:
    """The entries of one output folder, latest per key; `record` appends one."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / MANIFEST
        self.entries: dict[str, Entry] = {}
        if self.path.exists():
            with self.path.open("rb") as handle:
                for line in handle:
                    if (entry := Entry.from_line(line)) is not None:
                        self.entries[entry.key] = entry
                    elif (gone := _forgotten(line)) is not None:
                        self.entries.pop(gone, None)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)

    def record(self, entry: Entry) -> None:
        os.write(self._fd, entry.to_line())
        self.entries[entry.key] = entry

    def forget(self, key: str) -> None:
        """Drop an entry (its row now holds other answers)."""
        os.write(self._fd, (json.dumps({"forget": key}) + "\n").encode())
        self.entries.pop(key, None)

    def compact(self) -> None:
        """Rewrite the file with the latest line of every entry kept."""
        data = b"".join(e.to_line() for e in self.entries.values())
        write_atomic(self.path, data, overwrite=True)

    def close(self) -> None:
        os.close(self._fd)


def _forgotten(line: bytes) -> str | None:
    try:
        key = json.loads(line).get("forget")
    except (ValueError, AttributeError):
        return None
    return key if isinstance(key, str) else None


@contextlib.contextmanager
def open_manifest(folder: Path) -> Iterator[Manifest]:
    """The folder's manifest, held for one batch at a time."""
    lock = os.open(folder / LOCK, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ScreeningError(
                "another `screening batch` is writing into this folder; wait for it to finish",
                origin=str(folder),
            ) from None
        manifest = Manifest(folder)
        try:
            yield manifest
        finally:
            manifest.close()
    finally:
        os.close(lock)
