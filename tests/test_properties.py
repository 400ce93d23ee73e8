"""Invariants over generated answers: safety first, no stretch for the hyper-mobile, the
clinical rules (nerve signs, referred runners, teenagers, older runners), the source's order,
determinism, and no valid answers file that breaks the engine."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.core.answers import parse_answers
from screening.core.resolve import SAFETY_RULES
from screening.render.html import render_html
from screening.render.view import RUN_ROW
from tests.conftest import RUN_WORDS, plan_words, printed_words
from tests.golden.support import ON
from tests.strategies import answers_data

SOURCE_ORDER = [
    "foam_roll",
    "drive_back",
    "deadlift",
    "kettlebell_swing",
    "straight_leg_walking_kick",
]
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def has_red_flag(data) -> bool:
    """Whether the answers call for a referral: a red flag, pain of 5 or more, pelvic-floor
    symptoms after a birth, or missed periods or a past stress fracture with shin or foot pain."""
    pain = data.get("pain", {})
    pregnancy, history = data.get("pregnancy", {}), data.get("history", {})
    shin_or_foot = bool(
        {"shin", "foot", "heel"} & set(pain.get("sites", ()))
        or data.get("symptoms", {}).get("shin_splints")
    )
    bone_stress = data.get("health", {}).get("missed_periods") == "yes" or history.get(
        "stress_fracture"
    )
    return (
        any(data.get("red_flags", {}).values())
        or (pain.get("level") or 0) >= 5
        or (pregnancy.get("status") == "postpartum" and pregnancy.get("pelvic_floor_symptoms"))
        or bool(bone_stress and shin_or_foot)
    )


@PROPERTY
@given(answers_data())
def test_any_red_flag_means_referral_and_no_loaded_exercise(screener, kb, data):
    plan = screener.screen(parse_answers(data))
    assert plan.referral.required == has_red_flag(data)
    if plan.referral.required:
        assert plan.referral.reasons
        assert not [i for i in plan.routine if "loaded" in kb.exercises[i.exercise].tags]
        assert plan.emphases[0].id == "referral_first"


@PROPERTY
@given(answers_data())
def test_hypermobile_or_unchecked_runner_never_gets_a_stretch(screener, data):
    plan = screener.screen(parse_answers(data))
    if plan.hypermobility.status != "not_hypermobile":
        assert all(item.kind != "stretch" for item in plan.routine)
    if plan.hypermobile:
        assert any(item.kind == "stability" for item in plan.routine)


# Rendering the printed plan costs more than screening: fewer examples where it is checked too.
PRINTED = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def tagged(plan, kb, tag: str) -> list[str]:
    return [i.exercise for i in plan.routine if tag in kb.exercises[i.exercise].tags]


@PROPERTY
@given(answers_data())
def test_nerve_signs_mean_no_nerve_tension_position(screener, kb, data):
    plan = screener.screen(parse_answers(data))
    if data.get("red_flags", {}).get("numbness_or_weakness"):
        assert not tagged(plan, kb, "nerve_tension")
        assert plan.referral.required


@PROPERTY
@given(answers_data())
def test_pain_of_8_or_more_means_nothing_to_end_range(screener, kb, data):
    plan = screener.screen(parse_answers(data))
    if (data.get("pain", {}).get("level") or 0) >= 8:
        assert not tagged(plan, kb, "end_range")
        assert not tagged(plan, kb, "loaded")


@PRINTED
@given(answers_data())
def test_a_referred_runner_is_never_told_to_run_in_the_plan_or_the_log(screener, data):
    plan = screener.screen(parse_answers(data))
    if plan.referral.required:
        assert not RUN_WORDS.search(plan_words(plan))
        printed = printed_words(render_html(plan, on=ON, for_print=True))
        assert not RUN_WORDS.search(printed), RUN_WORDS.search(printed)
        assert "please do not run" in printed


@PRINTED
@given(answers_data())
def test_a_runner_under_18_gets_no_ballistic_lift_and_a_plan_for_a_parent_too(screener, kb, data):
    plan = screener.screen(parse_answers(data))
    if data["runner"]["age"] < 18:
        assert not tagged(plan, kb, "ballistic")
        assert any("parent or guardian" in note.text for note in plan.notes)
        assert "for a parent or guardian too" in render_html(plan, on=ON, for_print=True)


@PROPERTY
@given(answers_data())
def test_every_runner_over_65_gets_balance_work_with_support(screener, data):
    plan = screener.screen(parse_answers(data))
    if data["runner"]["age"] >= 65:
        supported = [
            item
            for item in plan.routine
            if item.kind == "stability" and any("counter" in cue for cue in item.cues)
        ]
        assert supported, [item.exercise for item in plan.routine]


@PROPERTY
@given(answers_data())
def test_routine_keeps_the_source_order_and_the_ceiling(screener, kb, data):
    plan = screener.screen(parse_answers(data))
    ids = [item.exercise for item in plan.routine]
    in_source = [e for e in ids if e in SOURCE_ORDER]
    assert in_source == sorted(in_source, key=SOURCE_ORDER.index)
    assert [kb.exercises[e].order for e in ids] == sorted(kb.exercises[e].order for e in ids)
    assert len(ids) == len(set(ids)) <= kb.max_exercises


@PROPERTY
@given(answers_data())
def test_every_item_and_omission_is_explained(screener, data):
    plan = screener.screen(parse_answers(data))
    fired = {t.rule for t in plan.trace}
    for item in plan.routine:
        assert item.because and {b.rule for b in item.because} <= fired
    for left in plan.left_out:
        assert left.reason and (left.rule in fired or left.rule in {"max-exercises", *SAFETY_RULES})
    assert not {i.exercise for i in plan.routine} & {lo.exercise for lo in plan.left_out}


@PROPERTY
@given(answers_data())
def test_same_answers_same_plan(screener, data):
    first = screener.screen(parse_answers(data))
    screener.screen(parse_answers({"runner": {"name": "Someone Else", "age": 70}}))
    assert screener.screen(parse_answers(data)) == first


# ------------------------------------------------------------------ pregnancy and after a birth


def with_pregnancy(data: dict, **pregnancy) -> dict:
    """`data` with these pregnancy answers over the generated ones (None: left out)."""
    merged = {**data.get("pregnancy", {}), **pregnancy}
    return {**data, "pregnancy": {k: v for k, v in merged.items() if v is not None}}


@PROPERTY
@given(answers_data(), st.one_of(st.integers(20, 52), st.none()))
def test_a_pregnant_runner_past_20_weeks_never_lies_flat_on_the_back(screener, kb, data, weeks):
    """Past about 20 weeks (or weeks not given), everything done on the back comes in its
    propped, sitting, side-lying or wall version, and no stretch is started."""
    plan = screener.screen(parse_answers(with_pregnancy(data, status="pregnant", weeks=weeks)))
    for item in plan.routine:
        assert "on_back" not in item.tags, item.exercise
        if "on_back" in kb.exercises[item.exercise].tags:
            assert item.illustration != kb.exercises[item.exercise].illustration or (
                item.cues != list(kb.exercises[item.exercise].cues)
            )
        assert not any("lie on your back" in cue.lower() for cue in item.cues), item.exercise
        assert item.kind != "stretch"
    assert "pregnancy_warning_signs" in [n.id for n in plan.notes]


@PROPERTY
@given(answers_data(), st.sampled_from(["pregnant", "postpartum", "none"]))
def test_pelvic_floor_symptoms_never_come_with_swings(screener, kb, data, status):
    plan = screener.screen(
        parse_answers(with_pregnancy(data, status=status, pelvic_floor_symptoms=True))
    )
    assert not tagged(plan, kb, "ballistic")
    assert "kettlebell_swing" not in [item.exercise for item in plan.routine]
    if status == "postpartum":
        assert plan.referral.required


@PRINTED
@given(answers_data(), st.integers(0, 11))
def test_a_runner_told_not_to_run_yet_has_no_exercise_tied_to_runs(screener, data, weeks):
    """In the first weeks after a birth: not referred for that, but no "before every run", no
    runs in the log, and the plan says when running can start."""
    plan = screener.screen(parse_answers(with_pregnancy(data, status="postpartum", weeks=weeks)))
    assert bool(plan.running_hold) != plan.referral.required  # one or the other says it
    for item in plan.routine:
        assert not RUN_WORDS.search(item.how_often), item.how_often
    printed = printed_words(render_html(plan, on=ON, for_print=True))
    assert RUN_ROW not in printed and "run days and rest days" not in printed
    assert "Before every run" not in printed
    if plan.running_hold:
        assert "12 weeks" in printed and "Build the warm-up habit" not in printed


@PROPERTY
@given(answers_data())
def test_running_is_held_only_with_a_reason_and_never_beside_a_referral(screener, data):
    plan = screener.screen(parse_answers(data))
    assert not (plan.running_hold and plan.referral.required)
    for reason in plan.running_hold:
        assert reason.rule in {t.rule for t in plan.trace}


@PROPERTY
@given(answers_data())
def test_no_focus_or_reason_names_walking_kicks_a_plan_leaves_out(screener, data):
    """The focus sentences and the reasons printed beside the routine speak of the kicks only
    when the routine holds them; where they are left out, the left-out line says why."""
    plan = screener.screen(parse_answers(data))
    if any(i.exercise == "straight_leg_walking_kick" for i in plan.routine):
        return
    said = [e.sentence for e in plan.emphases]
    said += [b.text for e in plan.emphases for b in e.because]
    said += [b.text for i in plan.routine for b in i.because]
    said += [b.text for n in plan.notes for b in n.because] + [n.text for n in plan.notes]
    assert not [text for text in said if "kick" in text.lower()]
