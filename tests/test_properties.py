"""Invariants over generated answers: safety first, no stretch for the hyper-mobile, the
clinical rules (nerve signs, referred runners, teenagers, older runners), the source's order,
determinism, and no valid answers file that breaks the engine."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from screening.core.answers import parse_answers
from screening.core.resolve import SAFETY_RULES
from screening.render.html import render_html
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
    pain = data.get("pain", {}).get("level") or 0
    return any(data.get("red_flags", {}).values()) or pain >= 5


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
