"""CSV files people open in a spreadsheet: no cell can run as a formula, owner-only, atomic.

A spreadsheet treats a cell that starts with `=`, `+`, `-` or `@` (some also after a tab, a
carriage return or spaces, and some turn full-width signs into ASCII ones) as a formula, and a
formula can fetch a web address or start a program. Names and messages come from the public,
so every such text cell gets a leading apostrophe: spreadsheets show it as the text it is.
Numbers stay numbers. Files are UTF-8 with a byte-order mark (so spreadsheets read accents
right), lines end in CRLF (RFC 4180), and text cells are quoted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from screening.store.files import write_atomic

# The ASCII triggers, control characters some spreadsheets skip, and the full-width equals,
# plus, minus and at signs that some convert to ASCII on import.
FORMULA_STARTS = (
    *("=", "+", "-", "@"),
    *("\t", "\r", "\n", "\0"),
    *("\uff1d", "\uff0b", "\uff0d", "\uff20"),
)
BOM = "\ufeff"


def safe_cell(value: Any) -> str | int | float:
    """A cell as written: a number as it is, None as empty, anything else as text that cannot
    start a formula (even after leading spaces)."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.lstrip(" ").startswith(FORMULA_STARTS) else text


def csv_text(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """The table as CSV text, with the byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return BOM + buffer.getvalue()


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """The table as the bytes of a CSV file (UTF-8), e.g. for a download."""
    return csv_text(header, rows).encode("utf-8")


def replace_csv(path: Path, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Path:
    """Write or replace a report file of our own (e.g. a batch's summary), whole and at once."""
    return write_atomic(path, csv_bytes(header, rows), overwrite=True)
