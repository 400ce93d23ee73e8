"""Each rule of the bundled knowledge base: a runner who triggers it and one who does not."""

from __future__ import annotations

import pytest

from screening.core.hypermobility import BEIGHTON_ITEMS
from tests.conftest import answers

NO_WEIGHTS = {"equipment": []}
ALL_NO = dict.fromkeys(BEIGHTON_ITEMS, False)
KIT = {"equipment": ["foam_roller", "couch_or_bed"]}
# Two points and three unknown items at 30 (cut-off 5): the unknowns could reach it.
UNCERTAIN = {
    "pinky_left": True,
    "pinky_right": True,
    "knee_left": None,
    "knee_right": None,
    "palms_to_floor": None,
}
SELF_REPORT_TWO = {"palms_to_floor": True, "dislocation_repeated": True}
RED_FLAGS = [
    "heart_condition",
    "chest_pain",
    "dizziness",
    "chronic_condition",
    "chronic_medication",
    "bone_joint_problem",
    "supervised_only",
    "focal_bone_pain",
    "rest_or_night_pain",
    "swelling",
    "numbness_or_weakness",
    "uncleared_injury",
    "not_sure",
]

# rule id -> (answers that trigger it, answers that do not)
CASES: dict[str, tuple[dict, dict]] = {
    **{
        f"red-flag-{flag.replace('_', '-')}": (
            {"red_flags": {flag: True}},
            {"red_flags": {flag: False}},
        )
        for flag in RED_FLAGS
    },
    "pain-stop-and-get-advice": ({"pain": {"level": 5}}, {"pain": {"level": 4}}),
    "pain-seek-medical-care": ({"pain": {"level": 8}}, {"pain": {"level": 7}}),
    "pain-ease-off": (
        {"pain": {"level": 3}},
        {"pain": {"level": 3}, "red_flags": {"swelling": True}},
    ),
    "referral-no-loaded-work": ({"red_flags": {"swelling": True}}, {}),
    "nerve-signs-no-nerve-tension": (
        {"red_flags": {"numbness_or_weakness": True}},
        {"red_flags": {"swelling": True}},
    ),
    "pain-severe-nothing-to-end-range": ({"pain": {"level": 8}}, {"pain": {"level": 7}}),
    "under-18-with-a-parent": ({"runner": {"age": 17}}, {"runner": {"age": 18}}),
    "under-18-no-swings-alone": ({"runner": {"age": 12}}, {"runner": {"age": 18}}),
    "over-65-balance-with-support": ({"runner": {"age": 65}}, {"runner": {"age": 64}}),
    "over-65-kicks-with-support": ({"runner": {"age": 100}}, {"runner": {"age": 64}}),
    "over-65-floor-safely": ({"runner": {"age": 70}}, {"runner": {"age": 64}}),
    "hypermobile-stability": (
        {"hypermobility": {"beighton_score": 5}},
        {"hypermobility": {"beighton_score": 4}},
    ),
    "hypermobile-soft-knee-kicks": (
        {"hypermobility": {"beighton_score": 9}},
        {"hypermobility": {"beighton_score": 0}},
    ),
    "hypermobility-uncertain": (
        {"hypermobility": {"beighton": UNCERTAIN}},
        {"hypermobility": {"beighton": {**ALL_NO, "pinky_left": True, "knee_left": None}}},
    ),
    "hypermobility-uncertain-soft-knee-kicks": (
        {"hypermobility": {"beighton": UNCERTAIN}},
        {"hypermobility": {"beighton": ALL_NO}},
    ),
    "hypermobility-self-report-possible": (
        {"hypermobility": {"self_report": SELF_REPORT_TWO}},
        {"hypermobility": {"self_report": {"double_jointed": True}}},
    ),
    "self-report-repeated-dislocation": (
        {"hypermobility": {"beighton_score": 1, "self_report": {"dislocation_repeated": True}}},
        {"hypermobility": {"self_report": {**SELF_REPORT_TWO, "dislocation_repeated": False}}},
    ),
    "hypermobility-not-checked": ({}, {"hypermobility": {"beighton_score": 0}}),
    "short-stride-hip-extension": ({"symptoms": {"short_stride": True}}, {}),
    "quads-glute-led": ({"symptoms": {"quad_tightness": True}}, {}),
    "shin-splints-hip-extension": ({"symptoms": {"shin_splints": True}}, {}),
    "knee-pain-hip-extension": ({"symptoms": {"knee_pain": True}}, {}),
    "hip-flexors-hip-extension": ({"symptoms": {"hip_flexor_tightness": True}}, {}),
    "hamstring-sequence": ({"symptoms": {"hamstring_tightness": True}}, {}),
    "hamstring-strain-history": ({"symptoms": {"hamstring_strain_history": True}}, {}),
    "hamstring-strain-hip-extension": ({"symptoms": {"hamstring_strain_history": True}}, {}),
    "low-back-hip-extension": ({"symptoms": {"low_back_tightness": True}}, {}),
    "low-back-gentle-movement": ({"symptoms": {"low_back_tightness": True}}, {}),
    "deadlift-form-first": (
        {"runner": {"strength_experience": "beginner"}},
        {"runner": {"strength_experience": "confident"}},
    ),
    "deadlift-no-weights": ({"runner": NO_WEIGHTS}, {"runner": {"equipment": ["dumbbells"]}}),
    "deadlift-light-load": (
        {"runner": {"strength_experience": "confident", "equipment": ["barbell"]}},
        {"runner": {"strength_experience": "beginner", "equipment": ["barbell"]}},
    ),
    "kettlebell-swings": (
        {"runner": {"strength_experience": "confident", "equipment": ["kettlebell"]}},
        {"runner": {"strength_experience": "beginner", "equipment": ["kettlebell"]}},
    ),
    "kettlebell-not-yet": (
        {"runner": {"strength_experience": "beginner", "equipment": ["kettlebell"]}},
        {"runner": {"strength_experience": "confident", "equipment": ["kettlebell"]}},
    ),
    "stretch-hamstrings": ({"symptoms": {"hamstring_tightness": True}}, {}),
    "stretch-quads": ({"symptoms": {"quad_tightness": True}}, {}),
    "stretch-hip-flexors": ({"symptoms": {"hip_flexor_tightness": True}}, {}),
    "stretch-calves": ({"symptoms": {"shin_splints": True}}, {}),
    "stretch-low-back": ({"symptoms": {"low_back_tightness": True}}, {}),
    "no-foam-roller": ({"runner": {"equipment": []}}, {"runner": KIT}),
    "no-couch-or-bed": ({"runner": {"equipment": []}}, {"runner": KIT}),
    "warm-up-foundation": ({}, None),
    "warm-up-habit": ({}, {"red_flags": {"chest_pain": True}}),
}


def fired(screener, sections: dict) -> list[str]:
    return [t.rule for t in screener.screen(answers(**sections)).trace]


def test_every_bundled_rule_has_a_case(kb):
    assert {r.id for r in kb.rules} == set(CASES)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_only_when_its_conditions_hold(screener, rule_id):
    trigger, other = CASES[rule_id]
    assert rule_id in fired(screener, trigger)
    if other is not None:
        assert rule_id not in fired(screener, other)
