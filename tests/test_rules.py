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
    "pregnancy_warning_signs",
    "not_sure",
]
PREGNANT = {"status": "pregnant"}
AFTER_BIRTH = {"status": "postpartum"}
RISE_35 = {"weekly_km": 27, "weekly_km_before": 20}  # 35 % in two weeks
RISE_30 = {"weekly_km": 26, "weekly_km_before": 20}  # 30 %: not more than about 30 %

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
    "bone-stress-missed-periods": (
        {"health": {"missed_periods": "yes"}, "pain": {"sites": ["foot"]}},
        {"health": {"missed_periods": "yes"}, "pain": {"sites": ["calf"]}},
    ),
    "bone-stress-previous-fracture": (
        {"history": {"stress_fracture": True}, "symptoms": {"shin_splints": True}},
        {"history": {"stress_fracture": True}, "pain": {"sites": ["knee_other"]}},
    ),
    "pregnancy-warning-sign-no-end-range": (
        {"pregnancy": PREGNANT, "red_flags": {"pregnancy_warning_signs": True}},
        {"pregnancy": PREGNANT},
    ),
    "after-birth-pelvic-floor-physio": (
        {"pregnancy": {**AFTER_BIRTH, "pelvic_floor_symptoms": True}},
        {"pregnancy": {**PREGNANT, "pelvic_floor_symptoms": True}},
    ),
    "after-birth-not-running-yet": (
        {"pregnancy": {**AFTER_BIRTH, "weeks": 11}},
        {"pregnancy": {**AFTER_BIRTH, "weeks": 12}},
    ),
    "after-birth-build-back": (
        {"pregnancy": {**AFTER_BIRTH, "weeks": 30}},
        {"pregnancy": AFTER_BIRTH, "red_flags": {"swelling": True}},
    ),
    "pelvic-floor-no-swings": (
        {"pregnancy": {**PREGNANT, "pelvic_floor_symptoms": True}},
        {"pregnancy": PREGNANT},
    ),
    "pregnancy-pelvic-floor-physio": (
        {"pregnancy": {**PREGNANT, "pelvic_floor_symptoms": True}},
        {"pregnancy": {**AFTER_BIRTH, "pelvic_floor_symptoms": True}},
    ),
    "pregnancy-keep-moving": (
        {"pregnancy": PREGNANT},
        {"pregnancy": PREGNANT, "red_flags": {"pregnancy_warning_signs": True}},
    ),
    "pregnancy-warning-signs-listed": ({"pregnancy": PREGNANT}, {"pregnancy": AFTER_BIRTH}),
    "pregnancy-no-new-stretching": ({"pregnancy": PREGNANT}, {"pregnancy": AFTER_BIRTH}),
    "pregnancy-easy-kicks": ({"pregnancy": PREGNANT}, {}),
    "pregnancy-off-the-back-after-20-weeks": (
        {"pregnancy": {**PREGNANT, "weeks": 20}},
        {"pregnancy": {**PREGNANT, "weeks": 19}},
    ),
    "pregnancy-off-the-back-weeks-unknown": (
        {"pregnancy": PREGNANT},
        {"pregnancy": {**PREGNANT, "weeks": 8}},
    ),
    "distance-rise-build-gradually": ({"training": RISE_35}, {"training": RISE_30}),
    "distance-rise-with-shin-or-foot-pain": (
        {"training": RISE_35, "pain": {"sites": ["shin"]}},
        {"training": RISE_35, "pain": {"sites": ["calf"]}},
    ),
    "missed-periods-see-a-doctor": (
        {"health": {"missed_periods": "yes"}},
        {"health": {"missed_periods": "not_applicable"}},
    ),
    "recent-injury-light-lifting": (
        {"history": {"last_injury": "under_3_months"}},
        {"history": {"last_injury": "3_to_12_months"}},
    ),
    "recent-hamstring-strain-light-lifting": (
        {"history": {"hamstring_strain": "under_3_months"}},
        {"history": {"hamstring_strain": "over_12_months"}},
    ),
    "growth-plate-knee": (
        {"runner": {"age": 15}, "pain": {"sites": ["knee_front"]}},
        {"runner": {"age": 16}, "pain": {"sites": ["knee_front"]}},
    ),
    "growth-plate-heel": (
        {"runner": {"age": 14}, "pain": {"sites": ["heel"]}},
        {"runner": {"age": 15}, "pain": {"sites": ["heel"]}},
    ),
    "warm-up-foundation": ({}, None),
    "warm-up-habit": ({}, {"pregnancy": {**AFTER_BIRTH, "weeks": 6}}),
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
