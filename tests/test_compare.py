"""Comparing a runner's plan with an earlier one (`screening.core.compare`): what they report
now and did not then, scores then and now, the referral, the focus, the routine's changes."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings

from screening.core.compare import compare, scores
from tests.conftest import answers
from tests.strategies import answers_data

ON = date(2025, 2, 3)


def test_new_gone_and_still_reported_come_from_the_checklists(screener):
    then = screener.screen(answers(symptoms={"short_stride": True, "hamstring_tightness": True}))
    now = screener.screen(answers(symptoms={"short_stride": True, "knee_pain": True}))
    c = compare(then, now, then_on=ON)
    assert [r.path for r in c.new] == ["symptoms.knee_pain"]
    assert [r.label for r in c.gone] == ["Tight hamstrings (backs of the thighs)"]
    assert [r.path for r in c.still] == ["symptoms.short_stride"]
    assert c.then_on == ON


def test_a_new_red_flag_is_new_and_the_referral_changes(screener):
    then = screener.screen(answers())
    now = screener.screen(answers(red_flags={"chest_pain": True}))
    c = compare(then, now)
    assert [r.path for r in c.new] == ["red_flags.chest_pain"]
    assert c.new[0].group == "Safety questions"
    assert (c.referral.then, c.referral.now, c.referral.changed) == (False, True, True)


def test_pain_then_and_now_with_none_where_it_was_not_asked(screener):
    then = screener.screen(answers(symptoms={"knee_pain": True}, pain={"level": 6}))
    now = screener.screen(answers(symptoms={"knee_pain": True}, pain={"level": 3}))
    (pain,) = compare(then, now).scores
    assert (pain.path, pain.label, pain.then, pain.now) == ("pain.level", "How much it hurts", 6, 3)
    nothing = screener.screen(answers())
    (gone,) = compare(then, nothing).scores
    assert (gone.then, gone.now) == (6, None)
    assert compare(nothing, nothing).scores == ()
    assert scores(then.answers) == [("How much it hurts", 6)]


def test_the_routine_added_dropped_changed_and_kept(screener):
    runner = {"equipment": ["kettlebell"], "strength_experience": "confident"}
    then = screener.screen(answers(runner=runner, symptoms={"short_stride": True}))
    now = screener.screen(
        answers(runner=runner | {"equipment": ["foam_roller"]}, hypermobility={"beighton_score": 7})
    )
    c = compare(then, now)
    before = {i.exercise: i for i in then.routine}
    after = {i.exercise: i for i in now.routine}
    assert {i.exercise for i in c.routine.added} == set(after) - set(before)
    assert {i.exercise for i in c.routine.dropped} == set(before) - set(after)
    both = set(before) & set(after)
    assert {d.item.exercise for d in c.routine.dose_changed} | {
        i.exercise for i in c.routine.kept
    } == both
    for change in c.routine.dose_changed:
        assert change.then == before[change.item.exercise].dose != change.now
    assert c.routine.changed and c.hypermobility.changed


def test_the_same_plan_twice_changes_nothing(screener):
    plan = screener.screen(answers(symptoms={"knee_pain": True}, pain={"level": 4}))
    c = compare(plan, plan)
    assert not c.new and not c.gone and [r.path for r in c.still] == ["symptoms.knee_pain"]
    assert not (c.referral.changed or c.focus.changed or c.hypermobility.changed)
    assert not c.routine.changed and len(c.routine.kept) == len(plan.routine)


@settings(max_examples=40, deadline=None)
@given(before=answers_data(), after=answers_data())
def test_every_exercise_and_every_tick_is_accounted_for_once(screener, before, after):
    then, now = screener.screen(_parse(before)), screener.screen(_parse(after))
    c = compare(then, now)
    r = c.routine
    assert [i.exercise for i in now.routine] == sorted(
        [i.exercise for i in (*r.added, *r.kept, *(d.item for d in r.dose_changed))],
        key=[i.exercise for i in now.routine].index,
    )
    assert {i.exercise for i in r.dropped}.isdisjoint(i.exercise for i in now.routine)
    assert not {x.path for x in c.new} & {x.path for x in c.gone}
    assert set(c.new) | set(c.still) == set(compare(now, now).still)


def _parse(data):
    from screening.core.answers import parse_answers

    return parse_answers(data)
