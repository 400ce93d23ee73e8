"""Fingerprints of what plans are made from: a hash over every file's name and bytes in the
rules folder and in the templates folder. A re-run redoes the plans whose fingerprints changed."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path


def folder_files(folder: Path) -> dict[str, bytes]:
    """Every regular file under `folder` (relative path -> bytes), without hidden files and
    Python caches, in a fixed order."""
    files = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
            continue
        if path.is_file():
            files[relative.as_posix()] = path.read_bytes()
    return files


def fingerprint(files: Mapping[str, bytes]) -> str:
    """A short hash of the files' names and contents."""
    digest = hashlib.sha256()
    for name in sorted(files):
        for part in (name.encode(), files[name]):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
    return digest.hexdigest()[:16]


def folder_fingerprint(folder: Path) -> str:
    return fingerprint(folder_files(folder))
