"""CSV files that are safe to open in a spreadsheet.

A spreadsheet runs a cell as a formula when its text starts with `=`, `+`, `-` or `@` (and some
also after a tab, a carriage return or a line feed), so a client who types `=HYPERLINK(...)` as
their name could make the clinic's spreadsheet fetch or run something. Such a text cell is
written with an apostrophe in front: spreadsheets show it as the text it is. Numbers are written
as numbers. Files are UTF-8 with a byte-order mark (so spreadsheets read accents right) and are
written like every other file here: atomically, owner-only (0600).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from screening.store import files

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
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
    """The table as CSV text (with the byte-order mark; lines end in CRLF, as RFC 4180 says)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return BOM + buffer.getvalue()


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """The table as the bytes of a CSV file (UTF-8), e.g. for a download."""
    return csv_text(header, rows).encode("utf-8")


def write_csv(
    output: str, header: Sequence[Any], rows: Iterable[Sequence[Any]], *, force: bool = False
) -> Path:
    """Write the table to the file `output` (0600, atomically; an existing file only with
    `force`, as `files.write_output` says). Returns the path written."""
    return files.write_output(output, csv_bytes(header, rows), force=force)
