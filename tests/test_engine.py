"""What the engine decides for typical runners: the source's routine, substitutes,
progressions, safety, and the explanations that come with them."""

from __future__ import annotations

from tests.conftest import answers

HYPER = {"beighton_score": 6}
NOT_HYPER = {"beighton_score": 1}
FULL_KIT = ["foam_roller", "kettlebell", "barbell", "couch_or_bed"]


def routine(plan) -> list[str]:
    return [item.exercise for item in plan.routine]


def left_out(plan) -> dict[str | None, str]:
    return {lo.exercise: lo.rule for lo in plan.left_out}


def test_plain_runner_gets_the_four_steps_in_order(screener):
    plan = screener.screen(answers(runner={"equipment": FULL_KIT}, hypermobility=NOT_HYPER))
    assert routine(plan) == ["foam_roll", "drive_back", "deadlift", "straight_leg_walking_kick"]
    assert plan.referral.required is False
    assert plan.emphases[0].id == "foundation"
    assert plan.routine[2].dose.startswith("3 sets of 10 with no weight")  # new to deadlifts


def test_confident_lifter_with_a_kettlebell_adds_swings_after_the_deadlift(screener):
    plan = screener.screen(
        answers(
            runner={"strength_experience": "confident", "equipment": FULL_KIT},
            hypermobility=NOT_HYPER,
        )
    )
    assert routine(plan) == [
        "foam_roll",
        "drive_back",
        "deadlift",
        "kettlebell_swing",
        "straight_leg_walking_kick",
    ]
    assert "light weight" in plan.routine[2].dose


def test_missing_equipment_brings_substitutes_and_says_why(screener):
    plan = screener.screen(answers(runner={"equipment": []}, hypermobility=NOT_HYPER))
    assert routine(plan)[:2] == ["improvised_roll", "glute_bridge"]
    assert left_out(plan)["foam_roll"] == "no-foam-roller"
    assert left_out(plan)["drive_back"] == "no-couch-or-bed"
    assert plan.routine[0].because[0].answers == {
        "recommended": "foam_roll",
        "equipment.foam_roller": False,
    }


def test_short_stride_names_hip_extension_and_explains_with_answers(screener):
    plan = screener.screen(answers(symptoms={"short_stride": True}, hypermobility=NOT_HYPER))
    assert plan.emphases[0].id == "hip_extension"
    deadlift = next(i for i in plan.routine if i.exercise == "deadlift")
    reasons = {b.rule: b.answers for b in deadlift.because}
    assert reasons["short-stride-hip-extension"] == {"symptoms.short_stride": True}


def test_hypermobile_runner_gets_stability_and_no_stretch_even_when_tight(screener):
    plan = screener.screen(
        answers(symptoms={"hamstring_tightness": True, "quad_tightness": True}, hypermobility=HYPER)
    )
    assert plan.hypermobile
    assert {"single_leg_balance", "side_plank"} <= set(routine(plan))
    assert not [i for i in plan.routine if i.kind == "stretch"]
    assert left_out(plan)["hamstring_stretch"] == "hypermobile-stability"
    assert left_out(plan)["quad_stretch"] == "hypermobile-stability"
    reason = next(lo.reason for lo in plan.left_out if lo.exercise == "hamstring_stretch")
    assert reason.startswith(
        "Stability work instead of stretching: Beighton 6/9 at age 30 (cut-off 5"
    )


def test_hypermobile_runner_without_tightness_still_hears_why_there_is_no_stretching(screener):
    plan = screener.screen(answers(hypermobility=HYPER))
    assert any(lo.exercise is None and lo.kind == "stretch" for lo in plan.left_out)


def test_tight_runner_who_is_not_hypermobile_gets_targeted_stretches_within_the_ceiling(
    screener, kb
):
    tight = dict.fromkeys(
        [
            "hamstring_tightness",
            "quad_tightness",
            "hip_flexor_tightness",
            "low_back_tightness",
            "shin_splints",
        ],
        True,
    )
    plan = screener.screen(
        answers(runner={"equipment": FULL_KIT}, symptoms=tight, hypermobility=NOT_HYPER)
    )
    assert len(plan.routine) == kb.max_exercises
    assert routine(plan)[:4] == ["foam_roll", "drive_back", "deadlift", "straight_leg_walking_kick"]
    assert "cat_camel" in routine(plan)  # the low back's gentle movement outranks a stretch
    stretches = [i.exercise for i in plan.routine if i.kind == "stretch"]
    assert len(stretches) == kb.max_exercises - 5
    trimmed = [lo for lo in plan.left_out if lo.rule == "max-exercises"]
    assert len(trimmed) == 5 - len(stretches)
    assert all(lo.kind == "stretch" for lo in trimmed)


def test_red_flag_refers_and_removes_every_loaded_lift(screener):
    plan = screener.screen(
        answers(
            runner={"strength_experience": "confident", "equipment": FULL_KIT},
            red_flags={"focal_bone_pain": True},
            hypermobility=NOT_HYPER,
        )
    )
    assert plan.referral.required
    assert [r.rule for r in plan.referral.reasons] == ["red-flag-focal-bone-pain"]
    assert "stress fracture" in plan.referral.reasons[0].text
    assert {"deadlift", "kettlebell_swing"}.isdisjoint(routine(plan))
    assert left_out(plan)["deadlift"] == "referral-no-loaded-work"
    assert left_out(plan)["kettlebell_swing"] == "referral-no-loaded-work"
    assert plan.emphases[0].id == "referral_first"


def test_pain_level_follows_the_soreness_rules(screener):
    assert screener.screen(answers(pain={"level": 2})).referral.required is False
    assert screener.screen(answers(pain={"level": 4})).emphases[0].id == "ease_pain"
    severe = screener.screen(answers(pain={"level": 9}))
    assert severe.referral.reasons[0].text.startswith(
        "Pain of 9/10 when running: seek medical care"
    )


def test_trace_lists_rules_in_priority_order_with_matched_facts(screener):
    plan = screener.screen(answers(red_flags={"chest_pain": True}, hypermobility=HYPER))
    saliences = [t.salience for t in plan.trace]
    assert saliences == sorted(saliences, reverse=True)
    assert plan.trace[0].rule == "red-flag-chest-pain"
    assert plan.trace[0].matched == {"red_flags.chest_pain": True}
    loaded = next(t for t in plan.trace if t.rule == "referral-no-loaded-work")
    assert loaded.matched == {"referral": ["red-flag-chest-pain"]}


def test_stability_work_outranks_a_second_lift_at_the_ceiling(screener):
    plan = screener.screen(
        answers(
            runner={"strength_experience": "confident", "equipment": FULL_KIT},
            symptoms={"hamstring_strain_history": True},
            hypermobility=HYPER,
        )
    )
    assert {"single_leg_balance", "side_plank", "deadlift"} <= set(routine(plan))
    assert left_out(plan)["kettlebell_swing"] == "max-exercises"


def test_a_dose_that_gives_way_says_so(screener):
    plan = screener.screen(
        answers(symptoms={"hamstring_strain_history": True}, hypermobility=HYPER)
    )
    kicks = next(i for i in plan.routine if i.exercise == "straight_leg_walking_kick")
    assert "never pushed back past straight" in kicks.dose
    assert kicks.dose_id == "soft_knee"
    assert kicks.because[0].rule == "hypermobile-soft-knee-kicks"  # the reason that set the dose
    strain = next(b for b in kicks.because if b.rule == "hamstring-strain-history")
    assert strain.text.endswith(
        "(The dose shown follows the first reason listed, which takes priority.)"
    )
    assert "hypermobile-soft-knee-kicks" not in strain.text  # rule ids are not for the runner
