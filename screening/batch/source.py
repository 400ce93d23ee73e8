"""The runners of a batch: the rows of a CSV file or the answers files in a folder, each read,
checked and fingerprinted (a hash of its content, so a re-run knows what it has done).

A problem with the input as a whole (an empty file, a header naming an unknown column, a file
that is not UTF-8 text) raises a `ScreeningError` before anything is screened. A problem with one
runner's answers stays with that runner (`Item.problems`): the rest of the batch goes on.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import hashlib
import io
import json
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from screening.batch import columns
from screening.core.answers import load_answers, parse_answers
from screening.core.errors import Problem, ScreeningError

ANSWERS_SUFFIXES = (".yaml", ".yml", ".json")
HEADER_HINT = "`screening schema --csv-header` prints every column"


@dataclass(frozen=True)
class Item:
    """One runner of the batch."""

    row: str  # where it came from: the CSV row ("2": the header is row 1) or the file's name
    number: int  # the CSV row, or the file's place in the folder (1, 2, ...): names its PDF
    key: str  # the content hash, with "#2", "#3", ... for a repeat of the same content
    name: str  # the runner's name as given (maybe invalid)
    data: dict[str, Any] | None  # valid answers-file data, or None
    problems: tuple[Problem, ...] = ()


def read_items(path: Path) -> list[Item]:
    """Every runner in `path`: a CSV file, or a folder of answers files (YAML or JSON)."""
    if path.is_dir():
        return _keyed(_folder_items(path))
    if not path.exists():
        raise ScreeningError("no such file or folder", origin=str(path))
    return _keyed(_csv_items(path))


def _keyed(items: list[Item]) -> list[Item]:
    """Items whose content repeats get keys of their own: each row gets its plan."""
    seen: Counter[str] = Counter()
    out = []
    for item in items:
        seen[item.key] += 1
        n = seen[item.key]
        out.append(item if n == 1 else replace(item, key=f"{item.key}#{n}"))
    return out


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _folder_items(folder: Path) -> list[Item]:
    paths = sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in ANSWERS_SUFFIXES and not p.name.startswith(".") and p.is_file()
    )
    if not paths:
        raise ScreeningError(
            f"no answers files ({', '.join('*' + s for s in ANSWERS_SUFFIXES)}) in this folder",
            origin=str(folder),
        )
    items = []
    for number, path in enumerate(paths, 1):
        try:
            digest = _digest(path.read_bytes())
        except OSError as exc:
            raise ScreeningError(f"cannot read ({exc.strerror})", origin=str(path)) from None
        try:
            answers = load_answers(path)
        except ScreeningError as exc:
            items.append(Item(path.name, number, digest, "", None, exc.problems))
            continue
        data = answers.model_dump(mode="json")
        items.append(Item(path.name, number, digest, answers.runner.name, data))
    return items


def _csv_items(path: Path) -> list[Item]:
    records = _records(path)
    header = _check_header(records, path)
    items = []
    for number, cells in enumerate(records[1:], 2):
        if not any(c.strip() for c in cells):
            continue  # a blank line
        if len(cells) > len(header) and not any(c.strip() for c in cells[len(header) :]):
            cells = cells[: len(header)]  # empty cells past the last column
        row = {c: t for c, t in zip(header, cells, strict=False) if c}
        given = {c: t.strip() for c, t in row.items() if t.strip()}
        digest = _digest(json.dumps(given, sort_keys=True).encode())
        name = row.get("runner.name", "").strip()
        if len(cells) != len(header):
            problem = Problem(
                "",
                f"the row has {len(cells)} cells and the header {len(header)} columns "
                "(an empty answer still needs its comma)",
            )
            items.append(Item(str(number), number, digest, name, None, (problem,)))
            continue
        data, problems = columns.row_answers(row)
        try:
            valid = parse_answers(data).model_dump(mode="json")
        except ScreeningError as exc:  # cells already reported are not reported again
            bad_cells = {p.field for p in problems}
            problems += [p for p in exc.problems if p.field not in bad_cells]
        if problems:
            items.append(Item(str(number), number, digest, name, None, tuple(problems)))
        else:
            items.append(Item(str(number), number, digest, name, valid))
    return items


def _records(path: Path) -> list[list[str]]:
    """The CSV's records; the first is the header. UTF-8, with or without a byte-order mark."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ScreeningError(f"cannot read ({exc.strerror})", origin=str(path)) from None
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScreeningError(_not_utf8(raw, exc), origin=str(path)) from None
    if not text.strip():
        raise ScreeningError(
            f"the file is empty; expected a header row ({HEADER_HINT})", origin=str(path)
        )
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ScreeningError(f"not a CSV file ({exc})", origin=str(path)) from None


def _not_utf8(raw: bytes, exc: UnicodeDecodeError) -> str:
    """Where the first byte that is not UTF-8 is: its row and column."""
    bad = raw[exc.start : exc.start + 1].hex().upper()
    text = raw.decode("utf-8", errors="surrogateescape")
    records = list(csv.reader(io.StringIO(text, newline="")))
    for number, cells in enumerate(records, 1):
        for index, cell in enumerate(cells):
            if any("\udc80" <= c <= "\udcff" for c in cell):
                column = records[0][index] if number > 1 and index < len(records[0]) else ""
                where = f"row {number}, column {column or index + 1}"
                return f"{where}: byte 0x{bad} is not UTF-8 text; save the spreadsheet as CSV UTF-8"
    return f"byte 0x{bad} is not UTF-8 text; save the spreadsheet as CSV UTF-8"


def _check_header(records: list[list[str]], path: Path) -> list[str]:
    """The header's column names (empty for a nameless column that holds no answer)."""
    header = [c.strip() for c in records[0]]
    known = columns.columns()
    problems: list[Problem] = []
    if len(header) == 1 and columns.LIST_SEPARATOR in header[0]:
        raise ScreeningError(
            "the header's columns are separated by semicolons; save the file as "
            "comma-separated CSV (a semicolon separates the items of a list)",
            origin=str(path),
        )
    for index, name in enumerate(header, 1):
        if not name:
            if any(len(r) >= index and r[index - 1].strip() for r in records[1:]):
                problems.append(Problem("", f"column {index} has answers but no name"))
        elif name not in known:
            close = difflib.get_close_matches(name, list(known), n=1)
            hint = f"did you mean '{close[0]}'?" if close else HEADER_HINT
            problems.append(Problem("", f"unknown column '{name}' ({hint})"))
    for name, count in Counter(header).items():
        if name and count > 1:
            problems.append(Problem("", f"column '{name}' is given {count} times in the header"))
    for name in columns.required_columns():
        if name not in header:
            problems.append(Problem("", f"missing column '{name}' (every runner needs it)"))
    if problems:
        raise ScreeningError(*problems, origin=str(path))
    return header
