"""Loading a rules folder: a clinic's copy works; a broken one gets one line naming the
file, the rule and the field."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from screening.core import yamlfile
from screening.core.catalogue import CATALOGUE_PATH
from screening.core.errors import ScreeningError
from screening.core.knowledge import load_knowledge
from screening.core.resources import default_rules


@pytest.fixture
def rules_copy(tmp_path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(default_rules(), folder)
    return folder


def edit_rule(folder: Path, file: str, rule_id: str, **changes) -> None:
    path = folder / "decisions" / file
    rules = yaml.safe_load(path.read_text())
    for rule in rules:
        if rule["id"] == rule_id:
            rule.update(changes)
    path.write_text(yaml.safe_dump(rules, sort_keys=False))


def test_bundled_rules_load(kb):
    assert len(kb.rules) > 30
    assert {
        "foam_roll",
        "drive_back",
        "deadlift",
        "kettlebell_swing",
        "straight_leg_walking_kick",
    } <= set(kb.exercises)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"when": {"symptoms.short_strde": True}}, 'when: unknown fact "symptoms.short_strde"'),
        ({"when": {"runner.strength_experience": "expert"}}, '"expert" can never match'),
        (
            {"when": {"symptoms.short_stride": 1}},
            "1 can never match; symptoms.short_stride is a bool",
        ),
        ({"when": {"symptoms.short_stride": {"at_least": 1}}}, "need a number fact"),
        ({"then": [{"add": "moonwalk"}]}, 'then.add: unknown exercise "moonwalk"'),
        ({"then": [{"add": {"exercise": "deadlift", "dose": "heavy"}}]}, 'has no dose "heavy"'),
        ({"then": [{"emphasis": "speed"}]}, 'unknown emphasis "speed"'),
        ({"then": [{"note": "snacks"}]}, 'then.note: unknown note "snacks"'),
        (
            {"explain_without": {"moonwalk": "Another sentence."}},
            'explain_without: "moonwalk" is not an exercise this rule adds',
        ),
        (  # a real exercise, but not one this rule adds: no left-out line would say why
            {"explain_without": {"straight_leg_walking_kick": "Another sentence."}},
            'explain_without: "straight_leg_walking_kick" is not an exercise this rule adds',
        ),
        ({"explain_without": {"deadlift": "Two\nlines."}}, "explain_without: "),
        ({"then": [{"exclude": {"tag": "heavvy"}}]}, 'no exercise is tagged "heavvy"'),
        ({"when": {"hypermobility.self_report_yes": True}}, "self_report_yes is a int"),
        (
            {"then": [{"exclude": {"kind": "stretch", "tag": "loaded"}}]},
            "give one of exercise, kind or tag",
        ),
        ({"when": {"pain.level": None}}, "null can never match; pain.level is always known"),
        ({"when": {"symptoms.short_stride": None}}, "null can never match"),
        ({"when": {"running": "paused"}}, 'when.running: "paused" is not one of allowed, held'),
        (
            {"then": [{"adapt": {"exercise": "glute_bridge", "dose": "upside_down"}}]},
            'then.adapt.dose: glute_bridge has no dose "upside_down"',
        ),
        ({"then": [{"adapt": {"exercise": "glute_bridge"}}]}, "adapt.dose: Field required"),
        ({"salience": "high"}, "salience"),
        ({"colour": "red"}, "colour: Extra inputs are not permitted"),
    ],
)
def test_broken_rule_names_file_rule_and_field(rules_copy, changes, message):
    edit_rule(rules_copy, "30-symptoms.yaml", "short-stride-hip-extension", **changes)
    with pytest.raises(ScreeningError) as err:
        load_knowledge(rules_copy)
    text = str(err.value)
    assert "30-symptoms.yaml: short-stride-hip-extension" in text
    assert message in text
    assert "\n" not in text


def test_duplicate_rule_id_and_bad_yaml(rules_copy):
    edit_rule(rules_copy, "30-symptoms.yaml", "quads-glute-led", id="short-stride-hip-extension")
    with pytest.raises(ScreeningError, match="used twice"):
        load_knowledge(rules_copy)
    (rules_copy / "decisions" / "30-symptoms.yaml").write_text("- id: [\n")
    with pytest.raises(ScreeningError, match=r"30-symptoms\.yaml: not valid YAML at line"):
        load_knowledge(rules_copy)


def test_a_clinic_can_change_the_ceiling_and_a_dose(
    rules_copy,
):
    from screening.core.engine import Screener
    from tests.conftest import answers

    settings = rules_copy / "settings.yaml"
    settings.write_text(settings.read_text().replace("max_exercises: 6", "max_exercises: 3"))
    plan = Screener(load_knowledge(rules_copy)).screen(
        answers(symptoms={"hamstring_tightness": True}, hypermobility={"beighton_score": 0})
    )
    assert len(plan.routine) == 3
    assert any(lo.rule == "max-exercises" for lo in plan.left_out)


def test_safety_holds_even_when_a_clinic_edits_the_rules_away(rules_copy):
    from screening.core.engine import Screener
    from tests.conftest import answers

    edit_rule(
        rules_copy,
        "10-safety.yaml",
        "referral-no-loaded-work",
        then=[{"emphasis": "referral_first"}],
    )
    edit_rule(
        rules_copy,
        "20-hypermobility.yaml",
        "hypermobile-stability",
        then=[{"emphasis": "stability"}],
    )
    screener = Screener(load_knowledge(rules_copy))
    red = screener.screen(
        answers(
            runner={"strength_experience": "confident", "equipment": ["kettlebell", "barbell"]},
            red_flags={"chest_pain": True},
            hypermobility={"beighton_score": 0},
        )
    )
    assert {"deadlift", "kettlebell_swing"}.isdisjoint(i.exercise for i in red.routine)
    assert {lo.rule for lo in red.left_out if lo.exercise == "deadlift"} == {"safety-red-flag"}
    loose = screener.screen(
        answers(
            symptoms={"hamstring_tightness": True},
            hypermobility={"beighton_score": 8},
        )
    )
    assert all(i.kind != "stretch" for i in loose.routine)
    assert any(lo.rule == "safety-hypermobility" for lo in loose.left_out)


def test_strength_work_must_be_tagged_loaded(rules_copy):
    path = rules_copy / "exercises.yaml"
    path.write_text(path.read_text().replace("  tags: [loaded]\n", "", 1))
    with pytest.raises(ScreeningError, match="deadlift: tags: strength work must be tagged loaded"):
        load_knowledge(rules_copy)


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("exercises.yaml", None, "- a\n", "exercises.yaml: expected a mapping of ids to entries"),
        (
            "exercises.yaml",
            "foam_roll:\n",
            "foam_roll: hello\nfoam_roll_x:\n",
            "exercises.yaml: foam_roll: expected a mapping of fields",
        ),
        ("emphases.yaml", None, "b: [1]\n", "emphases.yaml: b: expected a mapping of fields"),
        (
            "exercises.yaml",
            "illustration: foam_roll\n",
            "illustration: no_such_pic\n",
            'illustration: no drawing "no_such_pic"',
        ),
        (
            "exercises.yaml",
            "illustration: single_leg_balance_supported\n",
            "illustration: no_such_pic\n",
            'single_leg_balance: doses.supported.illustration: no drawing "no_such_pic"',
        ),
        (
            "progressions.yaml",
            "dose: light\n",
            "dose: heavy\n",
            'progressions.yaml: hip_hinge: steps.1.dose: deadlift has no dose "heavy"',
        ),
        (
            "progressions.yaml",
            "exercise: kettlebell_swing\n",
            "exercise: kettlebell_snatch\n",
            'hip_hinge: steps.2.exercise: unknown exercise "kettlebell_snatch"',
        ),
        (
            "notes.yaml",
            "  title: For you and",
            "  titel: For you and",
            "notes.yaml: with_a_parent: title: Field required",
        ),
        (
            "settings.yaml",
            "  cutoffs:\n",
            "  cutoffs: []\n  old_cutoffs:\n",
            "settings.yaml: beighton.cutoffs",
        ),
        (
            "settings.yaml",
            "{up_to_age: 100, cutoff: 4}",
            "{up_to_age: 90, cutoff: 4}",
            "the last must be 100",
        ),
        # strict: no number or yes/no written as something else, no path in a drawing's name,
        # no escape sequence in the words
        (
            "exercises.yaml",
            "illustration: foam_roll\n",
            "illustration: ../illustrations/foam_roll\n",
            "foam_roll: illustration: String should match pattern",
        ),
        (
            "exercises.yaml",
            "illustration: foam_roll\n",
            "illustration: /etc/passwd\n",
            "foam_roll: illustration: String should match pattern",
        ),
        (
            "exercises.yaml",
            "  order: 10\n",
            "  order: '10'\n",
            "order: Input should be a valid integer",
        ),
        (
            "exercises.yaml",
            "  core: true\n",
            "  core: 1\n",
            "core: Input should be a valid boolean",
        ),
        (
            "exercises.yaml",
            "name: Full-body foam rolling",
            'name: "Foam \\e[5mrolling"',
            "foam_roll: name: ",
        ),
        ("settings.yaml", "max_exercises: 6", "max_exercises: '6'", "max_exercises: Input should"),
        ("settings.yaml", "max_exercises: 6", "max_exercises: 6.0", "max_exercises: Input should"),
        (
            "emphases.yaml",
            "referral_first:",
            "Referral First:",
            "entry #1: id: String should match",
        ),
        (
            "emphases.yaml",
            "    straight_leg_walking_kick: Release them",
            "    walking_kick: Release them",
            "hamstring_care: sentence_without: rule hamstring-sequence gives this focus without "
            'adding "walking_kick"',
        ),
    ],
)
def test_broken_library_or_settings_is_one_line(rules_copy, file, old, new, message):
    path = rules_copy / file
    assert old is None or old in path.read_text()
    path.write_text(new if old is None else path.read_text().replace(old, new, 1))
    with pytest.raises(ScreeningError) as err:
        load_knowledge(rules_copy)
    assert message in str(err.value)
    assert "\n" not in str(err.value) and "\x1b" not in str(err.value)


def test_a_clinic_folder_from_before_notes_and_progressions_still_loads(rules_copy):
    """notes.yaml and progressions.yaml came later: a folder without them loads, and only a
    rule that names a note needs the file."""
    (rules_copy / "progressions.yaml").unlink()
    (rules_copy / "notes.yaml").unlink()
    for later in ("25-pregnancy.yaml", "35-load-and-history.yaml"):  # they came later still
        (rules_copy / "decisions" / later).unlink()
    for rule_id in (
        "under-18-with-a-parent",
        "over-65-floor-safely",
        "growth-plate-knee",
        "growth-plate-heel",
    ):
        edit_rule(rules_copy, "15-age.yaml", rule_id, then=[{"exclude": {"tag": "ballistic"}}])
    edit_rule(
        rules_copy,
        "20-hypermobility.yaml",
        "self-report-repeated-dislocation",
        then=[{"emphasis": "beighton_check"}],
    )
    kb = load_knowledge(rules_copy)
    assert kb.notes == {}
    assert kb.progressions == {}
    (rules_copy / "decisions" / "15-age.yaml").unlink()
    edit_rule(
        rules_copy,
        "20-hypermobility.yaml",
        "self-report-repeated-dislocation",
        then=[{"note": "dislocation_check"}],
    )
    with pytest.raises(ScreeningError, match='unknown note "dislocation_check"'):
        load_knowledge(rules_copy)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"when": {"pain.level": {"at_least": 9, "at_most": 2}}},
            "when.pain.level: at_least 9 is above at_most 2: it can never match",
        ),
        ({"when": {"pain.level": {}}}, "give at_least, at_most or both"),
        ({"salience": True}, "salience: Input should be a valid integer"),
        ({"salience": "100"}, "salience: Input should be a valid integer"),
        ({"then": [{"refer": "yes"}]}, "then.0.refer: Input should be a valid boolean"),
        ({"when": {"pain.level": {"at_least": "5"}}}, "Input should be a valid integer"),
        (
            {"explain": "Fine.\x1b[2J\x1b[31mREFERRAL: none"},
            'explain: "Fine.\\u001b[2J\\u001b[31mREFERRAL: none": it has a terminal '
            "escape (U+001B)",
        ),
        ({"source": "Line one\nline two"}, "source: "),
        ({"explain": "Hidden \u202etxt.exe"}, "an invisible formatting character (U+202E)"),
        ({"explain": "   "}, 'explain: "   ": it is empty'),
    ],
)
def test_a_rule_that_could_never_work_or_would_reach_a_terminal_raw_is_refused(
    rules_copy, changes, message
):
    edit_rule(rules_copy, "30-symptoms.yaml", "short-stride-hip-extension", **changes)
    with pytest.raises(ScreeningError) as err:
        load_knowledge(rules_copy)
    text = str(err.value)
    assert text.startswith(f"{rules_copy / 'decisions' / '30-symptoms.yaml'}: ")
    assert "short-stride-hip-extension" in text and message in text
    assert "\n" not in text and "\x1b" not in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (  # the second `when` would silently win and refer everyone
            "- id: everyone\n  when: {red_flags.chest_pain: true}\n  when: {}\n",
            'line 3: key "when" is given twice',
        ),
        ("- &a {id: x}\n- *a\n", "line 1: anchors and aliases (& and *) are not allowed"),
        ("- !!python/object:os.system {}\n", 'the tag "!!python/object:os.system" is not allowed'),
        ("- id: x\n  salience: !!binary aGVsbG8=\n", 'line 2: the tag "!!binary" is not allowed'),
        (
            "- {id: x, when: {}, then: [refer], source: s, explain: e, salience: 0x64}\n",
            "x: salience: Input should be a valid integer",
        ),
        ("- id: x\n  salience: 1" + "0" * 5000 + "\n", "a number of 5,001 digits is too long"),
        ("[" * 10_000 + "]" * 10_000, "lists or mappings nested more than 20 levels deep"),
    ],
)
def test_a_rules_file_is_read_as_plain_data(rules_copy, text, message):
    (rules_copy / "decisions" / "35-clinic.yaml").write_text(text)
    with pytest.raises(ScreeningError) as err:
        load_knowledge(rules_copy)
    line = str(err.value)
    assert line.startswith(str(rules_copy / "decisions" / "35-clinic.yaml")), line
    assert message in line and "\n" not in line and len(line) < 300


def test_a_rules_file_that_is_not_a_regular_file_is_refused_before_reading(rules_copy):
    fifo = rules_copy / "decisions" / "35-clinic.yaml"
    os.mkfifo(fifo)
    with pytest.raises(ScreeningError, match=r"35-clinic\.yaml: is a named pipe, not a regular"):
        load_knowledge(rules_copy)
    fifo.unlink()
    (rules_copy / "exercises.yaml").unlink()
    (rules_copy / "exercises.yaml").mkdir()
    with pytest.raises(ScreeningError, match=r"exercises\.yaml: is a folder, not a regular file"):
        load_knowledge(rules_copy)


def test_a_rule_may_test_an_unknown_fact_and_hold_running(rules_copy, screener):
    from tests.conftest import answers

    edit_rule(
        rules_copy,
        "30-symptoms.yaml",
        "short-stride-hip-extension",
        when={"training.weekly_km": None},
        then=["no_running"],
    )
    from screening.core.engine import Screener

    clinic = Screener(load_knowledge(rules_copy))
    plan = clinic.screen(answers())
    assert [r.rule for r in plan.running_hold] == ["short-stride-hip-extension"]
    assert "foundation" not in [e.id for e in plan.emphases]  # the habit is for runners
    assert not clinic.screen(answers(training={"weekly_km": 10})).running_hold


@pytest.mark.parametrize(
    ("not_tagged", "message"),
    [(["loaded"], "cannot leave out the tag loaded"), (["on_bak"], "no exercise is tagged on_bak")],
)
def test_a_dose_leaves_out_only_known_tags_and_never_loaded(rules_copy, not_tagged, message):
    path = rules_copy / "exercises.yaml"
    library = yaml.safe_load(path.read_text())
    library["deadlift"]["doses"]["form"]["not_tagged"] = not_tagged
    path.write_text(yaml.safe_dump(library, sort_keys=False))
    with pytest.raises(ScreeningError, match=f"deadlift: doses.form.not_tagged: .*{message}"):
        load_knowledge(rules_copy)


def test_the_fast_yaml_loader_reads_the_rules_as_the_safe_loader_does():
    files = [*default_rules().rglob("*.yaml"), CATALOGUE_PATH]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert yamlfile.load(text) == yaml.safe_load(text), path.name
    assert yamlfile.SafeLoader is getattr(yaml, "CSafeLoader", yaml.SafeLoader)
