"""Beighton classification: 2017 age cut-offs, the self-report rule, unknown items."""

from __future__ import annotations

import pytest

from screening.core.hypermobility import BEIGHTON_ITEMS, assess
from tests.conftest import answers


def status(kb, age: int, **hyper) -> str:
    a = answers(runner={"age": age}, hypermobility=hyper)
    return assess(a.hypermobility, age, kb.beighton).status


@pytest.mark.parametrize(
    ("age", "score", "expected"),
    [
        (15, 6, "hypermobile"),
        (15, 5, "not_hypermobile"),
        (18, 5, "hypermobile"),
        (50, 5, "hypermobile"),
        (50, 4, "not_hypermobile"),
        (51, 4, "hypermobile"),
        (51, 3, "not_hypermobile"),
    ],
)
def test_age_cutoffs_2017(kb, age, score, expected):
    assert status(kb, age, beighton_score=score) == expected


def test_one_point_below_counts_with_two_self_report_answers(kb):
    two = {"double_jointed": True, "contortion_as_child": True}
    assert status(kb, 30, beighton_score=4, self_report=two) == "hypermobile"
    one = {"double_jointed": True}
    assert status(kb, 30, beighton_score=4, self_report=one) == "not_hypermobile"
    assert status(kb, 30, beighton_score=3, self_report=two) == "not_hypermobile"


def test_items_are_counted_one_point_each(kb):
    no = dict.fromkeys(BEIGHTON_ITEMS, False)
    five = {**no, **dict.fromkeys(BEIGHTON_ITEMS[:5], True)}
    assert status(kb, 30, beighton=five) == "hypermobile"
    four = {**no, **dict.fromkeys(BEIGHTON_ITEMS[:4], True)}
    assert status(kb, 30, beighton=four) == "not_hypermobile"


def test_items_left_out_of_the_file_are_unknown_not_no(kb):
    """A check never done must not count as a negative result (stretches would follow)."""
    assert status(kb, 15, beighton={}) == "uncertain"
    assert status(kb, 30, beighton=dict.fromkeys(BEIGHTON_ITEMS[:4], False)) == "uncertain"


def test_unknown_items_that_could_reach_the_cutoff_make_it_uncertain(kb):
    items = {
        **dict.fromkeys(BEIGHTON_ITEMS, False),
        **dict.fromkeys(BEIGHTON_ITEMS[:3], True),
        "knee_left": None,
        "knee_right": None,
    }
    a = answers(hypermobility={"beighton": items})
    result = assess(a.hypermobility, 30, kb.beighton)
    assert result.status == "uncertain"
    assert result.unknown_items == ("knee_left", "knee_right")
    assert "not known: knee left, knee right" in result.summary


def test_nine_dont_knows_print_no_score(kb):
    """All nine left open is not a score of 0/9."""
    a = answers(hypermobility={"beighton": dict.fromkeys(BEIGHTON_ITEMS)})
    result = assess(a.hypermobility, 34, kb.beighton)
    assert result.status == "uncertain"
    assert "0/9" not in result.summary
    assert result.summary == (
        "Beighton score not known at age 34 (cut-off 5, 2017 criteria; self-test of the nine "
        "items): all nine checks answered don't know"
    )


def test_clinician_score_wins_over_items_and_is_named(kb):
    a = answers(hypermobility={"beighton_score": 7, "beighton": {"pinky_left": True}})
    result = assess(a.hypermobility, 34, kb.beighton)
    assert result.score == 7 and result.method == "clinician score"
    assert result.summary.startswith("Beighton 7/9 at age 34 (cut-off 5, 2017 criteria")


def test_no_answers_means_not_checked(kb):
    assert status(kb, 30) == "not_checked"


ALL_YES_SELF_REPORT = dict.fromkeys(
    [
        "palms_to_floor",
        "thumb_to_forearm",
        "contortion_as_child",
        "dislocation_repeated",
        "double_jointed",
    ],
    True,
)


def test_a_score_and_items_that_disagree_take_the_more_cautious_reading_and_say_so(kb, screener):
    """A score of 0 beside nine "yes" items and five "yes" self-report answers: hyper-mobile."""
    hyper = {
        "beighton_score": 0,
        "beighton": dict.fromkeys(BEIGHTON_ITEMS, True),
        "self_report": ALL_YES_SELF_REPORT,
    }
    a = answers(hypermobility=hyper, symptoms={"hamstring_tightness": True})
    result = assess(a.hypermobility, 30, kb.beighton)
    assert (result.status, result.score, result.method) == (
        "hypermobile",
        9,
        "self-test of the nine items",
    )
    assert result.summary == (
        "Beighton 9/9 at age 30 (cut-off 5, 2017 criteria; self-test of the nine items); the "
        "clinician score gives 0/9, which reads otherwise: the plan follows the more cautious "
        "reading"
    )
    plan = screener.screen(a)
    assert plan.hypermobile and all(item.kind != "stretch" for item in plan.routine)
    assert "the plan follows the more cautious reading" in plan.hypermobility.summary


def test_a_score_that_agrees_with_the_items_is_used_as_given(kb):
    items = {**dict.fromkeys(BEIGHTON_ITEMS, False), "pinky_left": True}
    a = answers(hypermobility={"beighton_score": 2, "beighton": items})
    result = assess(a.hypermobility, 30, kb.beighton)
    assert (result.status, result.method, result.score) == ("not_hypermobile", "clinician score", 2)
    assert "reads otherwise" not in result.summary
