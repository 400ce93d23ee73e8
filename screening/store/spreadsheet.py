"""CSV files people open in a spreadsheet: no cell can run as a formula, owner-only, atomic.

A spreadsheet treats a cell that starts with `=`, `+`, `-` or `@` (some also after a tab, a
carriage return or spaces) as a formula, and a formula can fetch a web address or start a
program. Names and messages come from the public, so every such cell gets a leading apostrophe:
spreadsheets show it as text, and the apostrophe itself is hidden in most of them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from screening.store.files import write_atomic

# The ASCII triggers, control characters some spreadsheets skip, and the full-width equals,
# plus, minus and at signs that some convert to ASCII on import.
FORMULA_STARTS = (
    *("=", "+", "-", "@"),
    *("\t", "\r", "\n", "\0"),
    *("\uff1d", "\uff0b", "\uff0d", "\uff20"),
)


def safe_cell(value: object) -> str:
    """`value` as text that a spreadsheet shows as it is (`None` is an empty cell)."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) or text.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A whole CSV file: UTF-8 with a byte-order mark (Excel reads accents right with it),
    every cell quoted and made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    """Write (or replace) the CSV file `path`: atomically, readable by its owner only."""
    return write_atomic(path, csv_bytes(header, rows), overwrite=True)
