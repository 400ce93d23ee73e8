"""Reading a batch's input: the CSV header and cells through the catalogue, answers folders, and
whole-file problems found before anything is screened (no rendering here: fast)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from screening.batch.columns import columns, header, required_columns, row_answers
from screening.batch.source import read_items
from screening.core.answers import parse_answers
from screening.core.catalogue import load_catalogue
from screening.core.errors import ScreeningError
from tests.strategies import answers_data

HEAD = "runner.name,runner.age"


def items_of(tmp_path, text: str | bytes):
    path = tmp_path / "club.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return read_items(path)


def test_the_header_is_every_catalogue_question_in_order():
    assert header() == [q.path for q in load_catalogue().questions()]
    assert "hypermobility.beighton.knee_left" in header()
    assert required_columns() == ("runner.name", "runner.age")


def test_cells_are_read_as_the_catalogue_says(tmp_path):
    (item,) = items_of(
        tmp_path,
        "runner.name,runner.age,runner.equipment,symptoms.short_stride,symptoms.knee_pain,"
        "symptoms.shin_splints,hypermobility.beighton.knee_left,hypermobility.beighton.knee_right,"
        "hypermobility.beighton.pinky_left,red_flags.swelling\n"
        " Ana ,34,foam_roller; kettlebell;,YES,false,,no,,True,\n",
    )
    data = item.data
    assert data["runner"]["name"] == "Ana" and data["runner"]["age"] == 34
    assert data["runner"]["equipment"] == ["foam_roller", "kettlebell"]
    assert data["runner"]["strength_experience"] == "none"  # a column left out: its default
    symptoms = data["symptoms"]
    assert (symptoms["short_stride"], symptoms["knee_pain"], symptoms["shin_splints"]) == (
        True,
        False,
        False,  # an empty yes/no cell means no
    )
    beighton = data["hypermobility"]["beighton"]
    assert (beighton["knee_left"], beighton["knee_right"], beighton["pinky_left"]) == (
        False,
        None,  # an empty Beighton item means don't know, never no
        True,
    )
    assert data["red_flags"]["swelling"] is False


def test_a_byte_order_mark_blank_lines_and_empty_spare_columns_are_accepted(tmp_path):
    items = items_of(tmp_path, "\ufeffrunner.name,runner.age\r\nAna,34,,\r\n\r\nBo,40\r\n".encode())
    assert [(i.row, i.name, i.problems) for i in items] == [("2", "Ana", ()), ("4", "Bo", ())]
    spare = items_of(tmp_path, b"runner.name,,runner.age,\nAna,,34,\n")  # unnamed, unused
    assert spare[0].data["runner"]["age"] == 34


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ("Ana,forty,,,,", "runner.age", '"forty" is not allowed; expected a whole number'),
        ("Ana,9,,,,", "runner.age", "9 is not allowed; expected a whole number from 12 to 100"),
        (",34,,,,", "runner.name", "missing; expected"),
        ("Ana,34,maybe,,,", "symptoms.knee_pain", '"maybe" is not allowed; expected yes, no, true'),
        ("Ana,34,,sometimes,,", "hypermobility.beighton.knee_left", "empty cell means don't"),
        ("Ana,34,,,foam_roller;treadmill,", "runner.equipment", '"treadmill" is not allowed'),
        ("Ana,34,,,foam_roller;foam_roller,", "runner.equipment", "at most once"),
        ("Ana,34,,,,dancer", "runner.strength_experience", '"dancer" is not allowed'),
        ("Ana", "", "the row has 1 cells and the header 6 columns"),
        ("Ana,34,no,no,,,surplus", "", "the row has 7 cells and the header 6 columns"),
    ],
)
def test_a_bad_cell_stays_with_its_row_and_names_its_column(tmp_path, row, field, message):
    head = (
        HEAD + ",symptoms.knee_pain,hypermobility.beighton.knee_left,runner.equipment,"
        "runner.strength_experience"
    )
    good, bad = items_of(tmp_path, f"{head}\nBo,40,,,,\n{row}\n")
    assert good.data is not None and not good.problems
    assert bad.data is None and bad.row == "3"
    assert bad.problems[0].field == field
    assert message in bad.problems[0].message
    assert len(bad.problems) == 1  # the bad age is not reported again as a missing one


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty; expected a header row"),
        (b"\xef\xbb\xbf\r\n", "the file is empty"),
        (b"runner.name,runner.nmae,runner.age\n", "unknown column 'runner.nmae' (did you mean"),
        (b"runner.name,symptom.knee_pain,runner.age\n", "(did you mean 'symptoms.knee_pain'?)"),
        (b"runner.name,colour,runner.age\n", "unknown column 'colour' (`screening schema"),
        (b"runner.name\nAna\n", "missing column 'runner.age' (every runner needs it)"),
        (b"runner.age,runner.name,runner.age\n", "column 'runner.age' is given 2 times"),
        (b"runner.name,,runner.age\nAna,x,30\n", "column 2 has answers but no name"),
        (b"runner.name;runner.age\nAna;3\n", "separated by semicolons"),
        (b"runner.name,runner.age\nZo\xe9,30\n", "row 2, column runner.name: byte 0xE9 is not"),
        (b"runner.name,runner.\xff\n", "row 1, column 2: byte 0xFF is not UTF-8 text"),
    ],
)
def test_a_problem_with_the_whole_file_is_one_line_naming_it(tmp_path, content, expected):
    with pytest.raises(ScreeningError) as caught:
        items_of(tmp_path, content)
    assert expected in caught.value.line()
    assert caught.value.line().startswith(str(tmp_path / "club.csv"))


def test_repeated_rows_get_keys_of_their_own_and_a_changed_row_a_new_key(tmp_path):
    first = items_of(tmp_path, f"{HEAD}\nAna,34\nAna,34\nBo,40\n")
    assert len({i.key for i in first}) == 3
    assert first[1].key == first[0].key + "#2"
    moved = items_of(tmp_path, "runner.age,runner.name,symptoms.knee_pain\n34,Ana,\n40,Bo,yes\n")
    assert moved[0].key == first[0].key  # the same answers, whatever the column order
    assert moved[1].key != first[2].key


def test_a_folder_of_answers_files(tmp_path):
    (tmp_path / "a.yaml").write_text("runner: {name: Ana, age: 34}\n")
    (tmp_path / "b.json").write_text('{"runner": {"name": "Bo", "age": 9}}')
    (tmp_path / "notes.txt").write_text("not an answers file")
    ana, bo = read_items(tmp_path)
    assert (ana.row, ana.number, ana.name, ana.data["runner"]["age"]) == ("a.yaml", 1, "Ana", 34)
    assert (bo.row, bo.number, bo.data) == ("b.json", 2, None)
    assert bo.problems[0].field == "runner.age"


def test_an_empty_folder_or_a_missing_file_is_one_line(tmp_path):
    with pytest.raises(ScreeningError, match="no answers files"):
        read_items(tmp_path)
    with pytest.raises(ScreeningError, match="no such file or folder"):
        read_items(tmp_path / "missing.csv")


def cells_of(data: dict[str, Any]) -> dict[str, str]:
    """An answers file as a CSV row, written the way a spreadsheet user would."""
    cells = dict.fromkeys(header(), "")
    for path in header():
        node: Any = data
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, bool):
            cells[path] = "yes" if node else "no"
        elif isinstance(node, list):
            cells[path] = ";".join(node)
        elif node is not None:
            cells[path] = str(node)
    return cells


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers_data())
def test_any_answers_file_as_a_csv_row_reads_back_the_same(data):
    data_back, problems = row_answers(cells_of(data))
    assert not problems
    expected = parse_answers(data).model_dump()
    hyper = expected["hypermobility"]
    if hyper["beighton"] and all(v is None for v in hyper["beighton"].values()):
        hyper["beighton"] = None  # nine empty cells: the checks were not done
    if hyper["self_report"] and not any(hyper["self_report"].values()):
        hyper["self_report"] = None  # the same for the five questions
    back = parse_answers(data_back).model_dump()
    if back["hypermobility"]["self_report"] and not any(
        back["hypermobility"]["self_report"].values()
    ):
        back["hypermobility"]["self_report"] = None
    assert back == expected
    assert set(columns()) == set(cells_of(data))
