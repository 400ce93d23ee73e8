"""The answers file: validation, plain-word errors, the JSON Schema."""

from __future__ import annotations

import json

import pytest

from screening.core.answers import json_schema, load_answers, parse_answers
from screening.core.errors import ScreeningError
from tests.conftest import MINIMAL, ROOT


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
    assert set(schema["properties"]) == {
        "runner",
        "symptoms",
        "pain",
        "training",
        "history",
        "pregnancy",
        "health",
        "hypermobility",
        "red_flags",
    }
    assert schema["additionalProperties"] is False
    assert json.dumps(schema)  # serialisable


def _field(schema: dict, section: str, name: str) -> dict:
    ref = schema["properties"][section]["$ref"].rsplit("/", 1)[-1]
    prop = schema["$defs"][ref]["properties"][name]
    return next((p for p in prop.get("anyOf", []) if p.get("type") != "null"), prop)


@pytest.mark.parametrize(
    ("section", "name", "expected"),
    [
        ("pregnancy", "status", {"enum": ["none", "pregnant", "postpartum"]}),
        ("pregnancy", "weeks", {"type": "integer", "minimum": 0, "maximum": 52}),
        ("pregnancy", "pelvic_floor_symptoms", {"type": "boolean"}),
        ("training", "weekly_km", {"type": "integer", "minimum": 0, "maximum": 300}),
        ("training", "weekly_km_before", {"type": "integer", "minimum": 0, "maximum": 300}),
        (
            "history",
            "last_injury",
            {"enum": ["none", "under_3_months", "3_to_12_months", "over_12_months"]},
        ),
        (
            "history",
            "hamstring_strain",
            {"enum": ["under_3_months", "3_to_12_months", "over_12_months", "none"]},
        ),
        ("history", "stress_fracture", {"type": "boolean"}),
        ("health", "missed_periods", {"enum": ["no", "yes", "not_applicable"]}),
        ("red_flags", "pregnancy_warning_signs", {"type": "boolean"}),
    ],
)
def test_the_schema_lists_the_new_answers_with_their_limits(section, name, expected):
    field = _field(json_schema(), section, name)
    assert {k: field[k] for k in expected} == expected


def test_pain_sites_are_a_list_of_named_places():
    sites = _field(json_schema(), "pain", "sites")
    assert sites["type"] == "array"
    assert sites["items"]["enum"] == [
        "heel",
        "foot",
        "shin",
        "calf",
        "knee_front",
        "knee_other",
        "thigh_back",
        "thigh_front",
        "hip_groin",
        "low_back",
    ]


def test_the_new_answers_default_to_nothing_said():
    a = parse_answers(MINIMAL)
    assert a.pregnancy.status == "none" and a.pregnancy.weeks is None
    assert a.pregnancy.pelvic_floor_symptoms is False
    assert a.training.weekly_km is None and a.training.weekly_km_before is None
    assert a.history.last_injury == "none" and a.history.hamstring_strain == "none"
    assert a.history.stress_fracture is False
    assert a.health.missed_periods == "not_applicable"
    assert a.pain.sites == () and a.red_flags.pregnancy_warning_signs is False


def test_every_answers_file_in_the_repository_stays_valid():
    files = [*(ROOT / "examples").glob("*.yaml"), *(ROOT / "tests/golden/runners").glob("*.yaml")]
    assert len(files) > 10
    for path in files:
        load_answers(path)


@pytest.mark.parametrize(("written", "read"), [("yes", "yes"), ("no", "no"), ("'yes'", "yes")])
def test_missed_periods_written_as_a_bare_yes_or_no_in_yaml(tmp_path, written, read):
    """YAML reads a bare yes as true: the answer still means the word the catalogue offers."""
    path = tmp_path / "a.yaml"
    path.write_text(f"runner: {{name: A, age: 30}}\nhealth: {{missed_periods: {written}}}\n")
    assert load_answers(path).health.missed_periods == read


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"pregnancy": {"weeks": 53}},
            "pregnancy.weeks: 53 is not allowed; expected a whole number from 0 to 52 (weeks)",
        ),
        (
            {"training": {"weekly_km": -1}},
            "training.weekly_km: -1 is not allowed; expected a whole number from 0 to 300 (km)",
        ),
        ({"pregnancy": {"status": "expecting"}}, "one of none, pregnant, postpartum"),
        ({"pain": {"sites": ["toe"]}}, 'pain.sites: "toe" is not allowed'),
        ({"history": {"last_injury": "recent"}}, "under_3_months"),
    ],
)
def test_a_new_answer_out_of_range_is_one_clear_line(data, message):
    with pytest.raises(ScreeningError) as err:
        parse_answers({**MINIMAL, **data})
    assert message in str(err.value)


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
