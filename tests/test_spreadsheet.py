"""Spreadsheet-safe CSV files (`screening.store.spreadsheet`, used by the batch runner and the
desk's exports): no cell can run as a formula, every value comes back as given, numbers stay
numbers, files are owner-only."""

from __future__ import annotations

import csv
import io
import os
import stat

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screening.core.errors import ScreeningError
from screening.store.files import write_output
from screening.store.spreadsheet import (
    BOM,
    FORMULA_STARTS,
    csv_bytes,
    replace_csv,
    safe_cell,
)

FORMULAS = [
    '=HYPERLINK("http://example.com","x")',
    "+SUM(A1)",
    "-2+3",
    "@cmd",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\uff1d1+1",
]


def read(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[1:], newline="")))


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_looking_text_is_written_as_text(text):
    assert safe_cell(text) == "'" + text
    (row,) = read(csv_bytes([text], []))
    assert row == ["'" + text]


def test_plain_text_numbers_and_empty_cells_are_kept():
    assert safe_cell("Ana López") == "Ana López"
    assert safe_cell("a=b") == "a=b"  # only a formula's first character counts
    assert safe_cell("O'Neill") == "O'Neill" and safe_cell("5") == "5"
    assert safe_cell(3) == 3 and safe_cell(2.5) == 2.5 and safe_cell(-1) == -1
    assert safe_cell(None) == ""
    assert safe_cell(True) == "True"


def test_commas_quotes_and_line_breaks_stay_in_their_cell():
    data = csv_bytes(["name", "note"], [['Ana "Nan", López', "two\nlines"], [7, None]])
    assert read(data) == [["name", "note"], ['Ana "Nan", López', "two\nlines"], ["7", ""]]
    assert b"\r\n" in data


@given(st.lists(st.lists(st.text(), min_size=3, max_size=3), max_size=5))
def test_every_value_comes_back_and_none_starts_a_formula(rows):
    read_back = read(csv_bytes(["a", "b", "c"], rows))
    assert read_back[0] == ["a", "b", "c"]
    assert len(read_back) == len(rows) + 1
    for written, back in zip(rows, read_back[1:], strict=True):
        for value, cell in zip(written, back, strict=True):
            assert cell in (value, "'" + value)
            assert not cell.lstrip(" ").startswith(FORMULA_STARTS)


def test_a_named_file_is_owner_only_and_never_replaced_silently(tmp_path):
    old = os.umask(0o022)
    try:
        out = write_output(str(tmp_path / "x.csv"), csv_bytes(["Client"], [["=1+1"]]))
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert read(out.read_bytes()) == [["Client"], ["'=1+1"]]
    with pytest.raises(ScreeningError, match="already exists"):
        write_output(str(out), csv_bytes(["Client"], []))
    write_output(str(out), csv_bytes(["Other"], []), force=True)
    assert read(out.read_bytes()) == [["Other"]]


def test_a_report_of_our_own_is_replaced_whole(tmp_path):
    path = tmp_path / "out.csv"
    replace_csv(path, ["name"], [["Zoë"]])
    replace_csv(path, ["name"], [["=1+1"]])
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.read_bytes() == b'\xef\xbb\xbf"name"\r\n"\'=1+1"\r\n'
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
