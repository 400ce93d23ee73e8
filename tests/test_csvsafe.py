"""Spreadsheet-safe CSV (`screening.store.csvsafe`): no text cell can start a formula, numbers
stay numbers, files are written owner-only."""

from __future__ import annotations

import csv
import io
import os
import stat

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screening.core.errors import ScreeningError
from screening.store.csvsafe import BOM, FORMULA_STARTS, csv_bytes, safe_cell, write_csv

FORMULAS = ['=HYPERLINK("http://x","y")', "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1", "  =1+1"]


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
    assert safe_cell(3) == 3 and safe_cell(2.5) == 2.5 and safe_cell(-1) == -1
    assert safe_cell(None) == ""
    assert safe_cell(True) == "True"


def test_commas_quotes_and_line_breaks_stay_in_their_cell():
    data = csv_bytes(["name", "note"], [['Ana "Nan", López', "two\nlines"], [7, None]])
    assert read(data) == [["name", "note"], ['Ana "Nan", López', "two\nlines"], ["7", ""]]
    assert b"\r\n" in data


@given(st.lists(st.lists(st.text(), min_size=1, max_size=4), max_size=5))
def test_no_cell_read_back_starts_a_formula(rows):
    for row in read(csv_bytes(["h"], rows))[1:]:
        for cell in row:
            assert not cell.lstrip(" ").startswith(FORMULA_STARTS)


def test_files_are_owner_only_and_never_replaced_silently(tmp_path):
    old = os.umask(0o022)
    try:
        out = write_csv(str(tmp_path / "x.csv"), ["Client"], [["=1+1"]])
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert read(out.read_bytes()) == [["Client"], ["'=1+1"]]
    with pytest.raises(ScreeningError, match="already exists"):
        write_csv(str(out), ["Client"], [])
    write_csv(str(out), ["Other"], [], force=True)
    assert read(out.read_bytes()) == [["Other"]]
