"""The answers file: validation, plain-word errors, the JSON Schema."""

from __future__ import annotations

import json

import pytest

from screening.core.answers import json_schema, load_answers, parse_answers
from screening.core.errors import ScreeningError
from tests.conftest import ROOT


def test_example_file_is_valid():
    a = load_answers(ROOT / "examples" / "ana.yaml")
    assert a.runner.name == "Ana Example"
    assert a.symptoms.short_stride is True
    assert a.symptoms.knee_pain is False  # a missing key means no


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"runner": {"name": "A", "age": 7}},
            "runner.age: 7 is not allowed; expected a whole number from 12 to 100",
        ),
        ({"runner": {"name": "A", "age": "old"}}, 'runner.age: "old" is not allowed'),
        ({"runner": {"name": "A" * 81, "age": 30}}, "runner.name:"),
        ({"runner": {"age": 30}}, "runner.name: missing; expected 1 to 80 characters on one line"),
        (
            {"runner": {"name": "A", "age": 30, "strength_experience": "pro"}},
            "expected one of none, beginner, confident",
        ),
        ({"runner": {"name": "A", "age": 30, "equipment": ["rowing_machine"]}}, "runner.equipment"),
        (
            {"runner": {"name": "A", "age": 30}, "symptoms": {"short_strde": True}},
            "symptoms.short_strde: unknown key (did you mean 'short_stride'?)",
        ),
        (
            {"runner": {"name": "A", "age": 30}, "symptoms": {"knee_pain": "sometimes"}},
            "expected true or false",
        ),
        (
            {"runner": {"name": "A", "age": 30}, "hypermobility": {"beighton_score": 10}},
            "from 0 to 9",
        ),
        (
            {"runner": {"name": "A", "age": 30}, "red_flag": {}},
            "red_flag: unknown key (did you mean 'red_flags'?)",
        ),
    ],
)
def test_bad_answers_give_one_line_naming_the_field(data, message):
    with pytest.raises(ScreeningError) as err:
        parse_answers(data)
    text = str(err.value)
    assert message in text
    assert "\n" not in text


def test_missing_file_and_broken_yaml(tmp_path):
    with pytest.raises(ScreeningError, match="no such file"):
        load_answers(tmp_path / "nope.yaml")
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    with pytest.raises(ScreeningError, match="not valid JSON"):
        load_answers(broken)


def test_schema_names_every_section_and_rejects_unknown_keys():
    schema = json_schema()
    assert set(schema["properties"]) == {"runner", "symptoms", "pain", "hypermobility", "red_flags"}
    assert schema["additionalProperties"] is False
    assert json.dumps(schema)  # serialisable


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "twice.yaml",
            "runner: {name: A, age: 30}\nred_flags:\n  chest_pain: true\n  chest_pain: false\n",
            'twice.yaml: line 4: key "chest_pain" is given twice',
        ),
        (
            "twice.yaml",
            "runner: {name: A, age: 30}\nred_flags: {chest_pain: true}\nred_flags: {}\n",
            'key "red_flags" is given twice',
        ),
        (
            "twice.json",
            '{"runner": {"name": "A", "age": 30}, "runner": {"name": "B", "age": 40}}',
            'twice.json: key "runner" is given twice',
        ),
        ("number.yaml", "1: x\nrunner: {name: A, age: 30}\n", "line 1: key 1 is not a name"),
    ],
)
def test_a_repeated_key_never_silently_replaces_an_answer(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ScreeningError) as err:
        load_answers(path)
    assert message in str(err.value)


def test_names_with_control_characters_and_repeated_equipment_are_refused():
    with pytest.raises(ScreeningError, match=r"it has a line break \(U\+000A\)"):
        parse_answers({"runner": {"name": "Ana\nREFERRAL: none", "age": 30}})
    with pytest.raises(ScreeningError, match="each at most once"):
        parse_answers({"runner": {"name": "A", "age": 30, "equipment": ["kettlebell"] * 2}})
