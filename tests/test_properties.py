"""Invariants over generated answers: safety first, no stretch for the hyper-mobile, the
source's order, determinism, and no valid answers file that breaks the engine."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from screening.core.answers import parse_answers
from screening.core.resolve import SAFETY_RULES
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
