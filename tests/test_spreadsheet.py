"""Spreadsheet-safe CSV files: no cell can run as a formula, every value comes back as given."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screening.store.spreadsheet import FORMULA_STARTS, csv_bytes, safe_cell, write_csv


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://example.com","x")',
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",
        "  =1+1",
        "\uff1d1+1",
    ],
)
def test_a_cell_that_could_run_as_a_formula_starts_with_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Ana Example", "5", "a=b", "", "O'Neill", 7, None])
def test_other_cells_are_left_as_they_are(value):
    assert safe_cell(value) == ("" if value is None else str(value))


@given(st.lists(st.lists(st.text(), min_size=3, max_size=3), max_size=5))
def test_every_value_comes_back_and_none_starts_a_formula(rows):
    text = csv_bytes(["a", "b", "c"], rows).decode("utf-8-sig")
    read = list(csv.reader(io.StringIO(text, newline="")))
    assert read[0] == ["a", "b", "c"]
    assert len(read) == len(rows) + 1
    for written, back in zip(rows, read[1:], strict=True):
        for value, cell in zip(written, back, strict=True):
            assert cell in (value, "'" + value)
            assert not cell.lstrip(" ").startswith(FORMULA_STARTS)


def test_written_owner_only_with_a_byte_order_mark_and_replaced_whole(tmp_path):
    path = tmp_path / "out.csv"
    write_csv(path, ["name"], [["Zoë"]])
    write_csv(path, ["name"], [["=1+1"]])
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.read_bytes() == b'\xef\xbb\xbf"name"\r\n"\'=1+1"\r\n'
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
