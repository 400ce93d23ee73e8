"""The safety invariants no rules folder can switch off (`screening.core.safety`): a referral
from the answers themselves, only unchanged bundled exercises during a referral, no stretch for
a runner who may be hyper-mobile, Beighton cut-offs never raised, and a folder that would weaken
any of it refused when loaded."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from unittest import mock

import pytest
import yaml

from screening.core.engine import Screener
from screening.core.errors import ScreeningError
from screening.core.knowledge import load_knowledge
from screening.core.resources import default_rules
from screening.core.safety import RED_FLAGS, SAFETY_RULES
from tests.conftest import answers

FULL_KIT = ["foam_roller", "kettlebell", "barbell", "couch_or_bed", "dumbbells"]
LIFTER = {"strength_experience": "confident", "equipment": FULL_KIT}


@pytest.fixture
def folder(tmp_path) -> Path:
    """A clinic's copy of the bundled rules folder, to edit."""
    copy = tmp_path / "clinic-rules"
    shutil.copytree(default_rules(), copy)
    return copy


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    data = change(data) or data
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def drop_rules(folder: Path, keep) -> None:
    """Remove every rule (in every decisions file) for which keep(rule) is false."""
    for path in (folder / "decisions").glob("*.yaml"):
        edit_yaml(path, lambda rules: [r for r in rules if keep(r)])


def unchecked(folder: Path) -> Screener:
    """A screener on a folder with the load-time safety check switched off: what the built-in
    net does on its own, whatever the rules say."""
    with mock.patch("screening.core.engine.check_safety"):
        return Screener(load_knowledge(folder))


def refers(rule) -> bool:
    return "refer" in rule["then"] or any(
        isinstance(e, dict) and e.get("refer") for e in rule["then"]
    )


# ---------------------------------------------------------------- the referral


@pytest.mark.parametrize("flag", RED_FLAGS)
def test_every_red_flag_refers_even_with_no_referring_rule_left(folder, flag):
    drop_rules(folder, lambda r: not refers(r))
    plan = unchecked(folder).screen(
        answers(runner=LIFTER, red_flags={flag.split(".")[1]: True}, hypermobility={})
    )
    assert plan.referral.required
    [reason] = plan.referral.reasons
    assert reason.rule == "safety-referral"
    assert reason.answers == {flag: True}
    assert reason.text == SAFETY_RULES["safety-referral"]
    assert plan.emphases[0].id == "referral_first"
    assert plan.emphases[0].because == [reason]
    assert not {"deadlift", "kettlebell_swing"} & {i.exercise for i in plan.routine}


@pytest.mark.parametrize(("level", "referred"), [(4, False), (5, True), (7, True), (10, True)])
def test_pain_from_5_refers_even_with_the_pain_rules_gone(folder, level, referred):
    drop_rules(folder, lambda r: "pain.level" not in r["when"])
    plan = unchecked(folder).screen(answers(runner=LIFTER, pain={"level": level}))
    assert plan.referral.required is referred
    if referred:
        assert [(b.rule, b.answers) for b in plan.referral.reasons] == [
            ("safety-referral", {"pain.level": level})
        ]
        assert f"pain of {level}/10" in plan.referral.reasons[0].text
        assert all("loaded" not in i.tags for i in plan.routine)


def test_an_inverted_red_flag_rule_cannot_send_a_runner_away_unreferred(folder):
    """chest_pain: false -> refer, chest_pain: true -> nothing: the answer still refers."""
    edit_yaml(
        folder / "decisions" / "10-safety.yaml",
        lambda rules: [
            {**r, "when": {"red_flags.chest_pain": False}}
            if r["id"] == "red-flag-chest-pain"
            else r
            for r in rules
        ],
    )
    screener = unchecked(folder)
    plan = screener.screen(answers(runner=LIFTER, red_flags={"chest_pain": True}))
    assert plan.referral.required
    assert {b.rule for b in plan.referral.reasons} == {"safety-referral"}
    assert "deadlift" not in {i.exercise for i in plan.routine}


def test_rules_that_already_say_why_are_not_repeated(screener):
    plan = screener.screen(answers(red_flags={"chest_pain": True}, pain={"level": 6}))
    assert [b.rule for b in plan.referral.reasons] == [
        "red-flag-chest-pain",
        "pain-stop-and-get-advice",
    ]


def test_not_sure_counts_as_a_red_flag(folder):
    drop_rules(folder, lambda r: r["id"] != "red-flag-not-sure")
    plan = unchecked(folder).screen(answers(red_flags={"not_sure": True}))
    assert plan.referral.required
    assert plan.referral.reasons[0].answers == {"red_flags.not_sure": True}


def test_a_clinic_can_add_a_referral_of_its_own(folder):
    edit_yaml(
        folder / "decisions" / "10-safety.yaml",
        lambda rules: [
            *rules,
            {
                "id": "clinic-over-80",
                "when": {"runner.age": {"at_least": 80}},
                "then": ["refer"],
                "salience": 100,
                "source": "Clinic policy",
                "explain": "Our clinic sees every runner over 80 first.",
            },
        ],
    )
    screener = Screener(load_knowledge(folder))
    plan = screener.screen(answers(runner={"age": 85, **LIFTER}))
    assert plan.referral.required
    assert [b.rule for b in plan.referral.reasons] == ["clinic-over-80"]
    assert plan.emphases[0].id == "referral_first"
    assert "deadlift" not in {i.exercise for i in plan.routine}
    assert not screener.screen(answers(runner={"age": 40})).referral.required


def test_rules_that_depend_on_the_referral_fire_when_the_answers_refer(folder):
    drop_rules(folder, lambda r: not refers(r))
    plan = unchecked(folder).screen(answers(red_flags={"swelling": True}))
    fired = {t.rule: t.matched for t in plan.trace}
    assert fired["referral-no-loaded-work"] == {"referral": ["safety-referral"]}


# ---------------------------------------------------------------- the bundled library


def heavy_deadlift(folder: Path, **fields) -> None:
    """A clinic's new exercise that is a lift in all but its labels, added for every runner."""
    edit_yaml(
        folder / "exercises.yaml",
        lambda lib: {
            **lib,
            "heavy_deadlift": {
                **copy.deepcopy(lib["deadlift"]),
                "name": "Heavy deadlift",
                "kind": "mobility",
                "tags": [],
                **fields,
            },
        },
    )
    edit_yaml(
        folder / "decisions" / "90-warm-up.yaml",
        lambda rules: [
            *rules,
            {
                "id": "everyone-lifts-heavy",
                "when": {},
                "then": [{"add": "heavy_deadlift"}],
                "salience": 100,
                "source": "Clinic",
                "explain": "Lift heavy.",
            },
        ],
    )


def test_an_exercise_the_clinic_adds_never_reaches_a_referred_runner(folder):
    heavy_deadlift(folder)
    screener = Screener(load_knowledge(folder))
    red = screener.screen(answers(runner=LIFTER, red_flags={"chest_pain": True}))
    assert "heavy_deadlift" not in {i.exercise for i in red.routine}
    [entry] = [lo for lo in red.left_out if lo.exercise == "heavy_deadlift"]
    assert (entry.rule, entry.reason) == ("safety-library", SAFETY_RULES["safety-library"])
    calm = screener.screen(answers(runner=LIFTER))
    assert "heavy_deadlift" in {i.exercise for i in calm.routine}  # the clinic's own choice


def test_a_referred_runners_printout_does_not_name_the_clinics_additions(folder):
    from screening.render.view import left_out

    heavy_deadlift(folder)
    screener = Screener(load_knowledge(folder))
    shown = left_out(screener.screen(answers(runner=LIFTER, red_flags={"chest_pain": True})))
    names = [o.name for o in shown]
    assert "Exercises your clinic added to this tool" in names
    assert not any("eadlift" in n for n in names)


@pytest.mark.parametrize(
    ("exercise", "change", "rule"),
    [
        ("deadlift", {"kind": "mobility", "tags": []}, "safety-red-flag"),
        # still `ballistic` (a rule excludes that tag), no longer `loaded`
        ("kettlebell_swing", {"kind": "stability", "tags": ["ballistic"]}, "safety-red-flag"),
        ("glute_bridge", {"tags": ["gentle"]}, "safety-library"),
        ("straight_leg_walking_kick", {"kind": "stability"}, "safety-library"),
    ],
)
def test_an_exercise_whose_kind_or_tags_the_clinic_changed_is_left_out(
    folder, exercise, change, rule
):
    edit_yaml(folder / "exercises.yaml", lambda lib: lib[exercise].update(change))
    plan = Screener(load_knowledge(folder)).screen(
        answers(
            runner={**LIFTER, "equipment": ["kettlebell", "barbell"]},
            red_flags={"dizziness": True},
            hypermobility={"beighton_score": 0},
        )
    )
    assert exercise not in {i.exercise for i in plan.routine}
    [entry] = [lo for lo in plan.left_out if lo.exercise == exercise]
    assert entry.rule == rule
    if rule == "safety-red-flag":  # described as the bundled library knows it: a loaded lift
        assert entry.kind == "strength" and "loaded" in entry.tags


def test_a_clinic_cannot_relabel_a_stretch_for_a_runner_who_may_be_hyper_mobile(folder):
    edit_yaml(
        folder / "exercises.yaml", lambda lib: lib["hamstring_stretch"].update(kind="mobility")
    )
    screener = Screener(load_knowledge(folder))
    tight = {"hamstring_tightness": True}
    loose = screener.screen(answers(symptoms=tight, hypermobility={"beighton_score": 8}))
    assert "hamstring_stretch" not in {i.exercise for i in loose.routine}
    stiff = screener.screen(answers(symptoms=tight, hypermobility={"beighton_score": 0}))
    assert "hamstring_stretch" in {i.exercise for i in stiff.routine}


# ---------------------------------------------------------------- what a folder may not do


def refused(folder: Path) -> str:
    with pytest.raises(ScreeningError) as err:
        Screener(load_knowledge(folder))
    line = str(err.value)
    assert "\n" not in line
    return line


def test_a_folder_without_a_rule_for_each_red_flag_is_refused(folder):
    drop_rules(folder, lambda r: r["id"] != "red-flag-chest-pain")
    line = refused(folder)
    assert line.startswith(f"{folder / 'decisions'}: no rule refers a runner who answers ")
    assert "red_flags.chest_pain: true" in line


@pytest.mark.parametrize(
    ("rule", "when", "missing"),
    [
        (  # narrowed by a second condition
            "red-flag-swelling",
            {"red_flags.swelling": True, "runner.age": {"at_least": 40}},
            "red_flags.swelling: true",
        ),
        ("red-flag-dizziness", {"red_flags.dizziness": False}, "red_flags.dizziness: true"),
        ("pain-seek-medical-care", {"pain.level": {"at_least": 9}}, "pain.level is 8"),
        ("pain-stop-and-get-advice", {"pain.level": 5}, "pain.level is 6"),
    ],
)
def test_a_red_flag_rule_narrowed_or_inverted_is_refused(folder, rule, when, missing):
    edit_yaml(
        folder / "decisions" / "10-safety.yaml",
        lambda rules: [{**r, "when": when} if r["id"] == rule else r for r in rules],
    )
    assert missing in refused(folder)


def test_no_red_flag_coverage_at_all_is_refused_by_rules_check(folder, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from screening.terminal.cli import cli

    drop_rules(folder, lambda r: not refers(r))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["rules", "--check", str(folder)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "no rule refers a runner" in result.stderr


@pytest.mark.parametrize(
    ("cutoffs", "needed", "message"),
    [
        (
            [
                {"up_to_age": 17, "cutoff": 7},
                {"up_to_age": 50, "cutoff": 5},
                {"up_to_age": 100, "cutoff": 4},
            ],
            2,
            "beighton.cutoffs: a cut-off of 7 at age 12 is above the 2017 criteria's 6",
        ),
        (
            [{"up_to_age": 20, "cutoff": 6}, {"up_to_age": 100, "cutoff": 4}],
            2,
            "a cut-off of 6 at age 18 is above the 2017 criteria's 5",
        ),
        (
            [
                {"up_to_age": 17, "cutoff": 6},
                {"up_to_age": 60, "cutoff": 5},
                {"up_to_age": 100, "cutoff": 4},
            ],
            2,
            "a cut-off of 5 at age 51 is above the 2017 criteria's 4",
        ),
        (None, 3, "beighton.self_report_needed: 3 is above the 2017 criteria's 2"),
    ],
)
def test_a_beighton_cutoff_may_not_be_raised(folder, cutoffs, needed, message):
    def change(settings):
        if cutoffs:
            settings["beighton"]["cutoffs"] = cutoffs
        settings["beighton"]["self_report_needed"] = needed

    edit_yaml(folder / "settings.yaml", change)
    line = refused(folder)
    assert line.startswith(f"{folder / 'settings.yaml'}: ") and message in line


def test_a_beighton_cutoff_may_be_lowered(folder):
    def change(settings):
        settings["beighton"]["cutoffs"] = [{"up_to_age": 100, "cutoff": 3}]
        settings["beighton"]["self_report_needed"] = 1

    edit_yaml(folder / "settings.yaml", change)
    screener = Screener(load_knowledge(folder))
    plan = screener.screen(answers(hypermobility={"beighton_score": 3}))
    assert plan.hypermobile and plan.hypermobility.cutoff == 3


def test_the_bundled_folder_meets_every_invariant(kb):
    from screening.core.safety import check

    check(kb)  # raises if not
