"""What the clinical rules do to a plan: teenagers, older runners, severe pain, nerve signs,
referred runners, the five-question self-report, the article's chain, progression and the
doses that bring their own cues and drawings."""

from __future__ import annotations

import pytest

from screening.core.resolve import HELD_HOW_OFTEN
from tests.conftest import RUN_WORDS, answers, plan_words
from tests.test_engine import FULL_KIT, NOT_HYPER, left_out
from tests.test_hypermobility import ALL_YES_SELF_REPORT as ALL_YES

CONFIDENT = {"strength_experience": "confident", "equipment": FULL_KIT}


def routine(plan) -> dict[str, object]:
    return {item.exercise: item for item in plan.routine}


# ------------------------------------------------------------------ teenagers


def test_a_confident_teenager_with_a_kettlebell_gets_no_swings_and_a_note_for_a_parent(screener):
    plan = screener.screen(answers(runner={"age": 13, **CONFIDENT}, hypermobility=NOT_HYPER))
    assert "kettlebell_swing" not in routine(plan)
    assert left_out(plan)["kettlebell_swing"] == "under-18-no-swings-alone"
    note = next(n for n in plan.notes if n.id == "with_a_parent")
    assert "parent or guardian" in note.text
    assert note.because[0].answers == {"runner.age": 13}
    adult = screener.screen(answers(runner={"age": 18, **CONFIDENT}, hypermobility=NOT_HYPER))
    assert "kettlebell_swing" in routine(adult)
    assert not adult.notes


def test_a_teenager_without_a_kettlebell_still_hears_why_swings_are_not_for_now(screener):
    plan = screener.screen(answers(runner={"age": 15}))
    line = next(lo for lo in plan.left_out if lo.rule == "under-18-no-swings-alone")
    assert line.exercise is None
    assert line.name == "Fast swinging lifts"
    assert {"ballistic", "loaded"} <= set(line.tags)  # so a referral plan does not name it


# ------------------------------------------------------------------ older runners


@pytest.mark.parametrize("age", [65, 85, 100])
def test_an_older_runner_gets_balance_and_kicks_with_support_and_the_floor_note(screener, age):
    plan = screener.screen(answers(runner={"age": age}))
    items = routine(plan)
    balance = items["single_leg_balance"]
    assert balance.dose_id == "supported"
    assert balance.illustration == "single_leg_balance_supported"
    assert any("counter" in cue for cue in balance.cues)
    assert not any("towel" in cue for cue in balance.cues)  # no wobbly surface for this variant
    kicks = items["straight_leg_walking_kick"]
    assert kicks.dose_id == "supported"
    assert kicks.illustration == "walking_kick_supported"
    assert "standing still" in kicks.dose
    assert [n.id for n in plan.notes] == ["floor_safely"]
    assert plan.emphases[0].id == "steady"


def test_support_wins_over_the_hypermobile_kick_and_keeps_the_knee_cue(screener):
    plan = screener.screen(answers(runner={"age": 70}, hypermobility={"beighton_score": 7}))
    kicks = routine(plan)["straight_leg_walking_kick"]
    assert kicks.dose_id == "supported"
    assert any("never pushed back past straight" in cue for cue in kicks.cues)
    assert kicks.because[0].rule == "over-65-kicks-with-support"
    assert "takes priority" in kicks.because[1].text


def test_a_runner_of_64_is_not_treated_as_older(screener):
    plan = screener.screen(answers(runner={"age": 64}, hypermobility=NOT_HYPER))
    assert "single_leg_balance" not in routine(plan)
    assert routine(plan)["straight_leg_walking_kick"].dose_id == "standard"


# ------------------------------------------------------------------ pain 8-10 and nerve signs


def test_pain_of_8_or_more_leaves_out_everything_taken_to_end_range(screener, kb):
    tight = {"hamstring_tightness": True, "quad_tightness": True, "low_back_tightness": True}
    plan = screener.screen(answers(symptoms=tight, pain={"level": 8}, hypermobility=NOT_HYPER))
    assert plan.referral.required
    assert not [i for i in plan.routine if "end_range" in kb.exercises[i.exercise].tags]
    assert not [i for i in plan.routine if "loaded" in kb.exercises[i.exercise].tags]
    for gone in ("straight_leg_walking_kick", "hamstring_stretch", "quad_stretch"):
        assert left_out(plan)[gone] == "pain-severe-nothing-to-end-range"
    seven = screener.screen(answers(symptoms=tight, pain={"level": 7}, hypermobility=NOT_HYPER))
    assert "straight_leg_walking_kick" in routine(seven)


def test_nerve_signs_leave_out_every_nerve_tension_position(screener, kb):
    tight = {"hamstring_tightness": True, "low_back_tightness": True, "quad_tightness": True}
    plan = screener.screen(
        answers(symptoms=tight, red_flags={"numbness_or_weakness": True}, hypermobility=NOT_HYPER)
    )
    assert not [i for i in plan.routine if "nerve_tension" in kb.exercises[i.exercise].tags]
    for gone in ("straight_leg_walking_kick", "hamstring_stretch", "knees_to_chest"):
        assert left_out(plan)[gone] == "nerve-signs-no-nerve-tension"
    reason = next(lo.reason for lo in plan.left_out if lo.exercise == "knees_to_chest")
    assert "nerve" in reason
    # the positions themselves are tagged in the library, so a new one is caught too
    tagged = {e for e, ex in kb.exercises.items() if "nerve_tension" in ex.tags}
    assert {"straight_leg_walking_kick", "hamstring_stretch", "knees_to_chest"} <= tagged


# ------------------------------------------------------------------ referred runners


def test_a_referred_runner_with_mild_pain_is_never_told_to_run(screener):
    plan = screener.screen(
        answers(
            symptoms={"knee_pain": True},
            pain={"level": 3},
            red_flags={"swelling": True},
            hypermobility=NOT_HYPER,
        )
    )
    ids = [e.id for e in plan.emphases]
    assert ids == ["referral_first", "hip_extension"]  # no "ease off" runs, no warm-up habit
    assert "do not run" in plan.emphases[0].sentence
    assert not RUN_WORDS.search(plan_words(plan)), RUN_WORDS.search(plan_words(plan))
    assert {i.how_often for i in plan.routine} == {
        "Once a day, after a clinician has agreed to it; no running until they clear you"
    }
    unreferred = screener.screen(answers(pain={"level": 3}, hypermobility=NOT_HYPER))
    assert "ease_pain" in [e.id for e in unreferred.emphases]
    assert RUN_WORDS.search(plan_words(unreferred))  # the check above can fail


# ------------------------------------------------------------------ the five-question self-report


def test_the_self_report_alone_means_possible_hypermobility(screener):
    plan = screener.screen(
        answers(
            symptoms={"hamstring_tightness": True},
            hypermobility={"self_report": ALL_YES},
        )
    )
    assert plan.hypermobility.status == "not_checked"
    assert plan.hypermobility.summary.endswith("five-question self-report: 5 of 5 yes")
    assert plan.emphases[0].id == "beighton_check"
    assert "Beighton" in plan.emphases[0].title
    items = routine(plan)
    assert {"single_leg_balance", "side_plank"} <= set(items)
    assert items["straight_leg_walking_kick"].dose_id == "soft_knee"
    assert not [i for i in plan.routine if i.kind == "stretch"]
    assert [n.id for n in plan.notes] == ["dislocation_check"]


def test_one_yes_on_the_self_report_changes_nothing(screener):
    plan = screener.screen(answers(hypermobility={"self_report": {"double_jointed": True}}))
    assert "beighton_check" not in [e.id for e in plan.emphases]
    assert "single_leg_balance" not in routine(plan)
    assert plan.hypermobility.summary.endswith("1 of 5 yes")


def test_a_measured_beighton_score_outranks_the_self_report(screener):
    plan = screener.screen(answers(hypermobility={"beighton_score": 0, "self_report": ALL_YES}))
    assert "beighton_check" not in [e.id for e in plan.emphases]
    assert [n.id for n in plan.notes] == ["dislocation_check"]  # still worth a look


def test_uncertain_hypermobility_gets_the_soft_knee_kick(screener):
    unknown = dict.fromkeys(["knee_left", "knee_right", "elbow_left"], None)
    plan = screener.screen(
        answers(hypermobility={"beighton": {"pinky_left": True, "pinky_right": True, **unknown}})
    )
    assert plan.hypermobility.status == "uncertain"
    assert routine(plan)["straight_leg_walking_kick"].dose_id == "soft_knee"


# ------------------------------------------------------------------ the article's chain


def test_a_hamstring_strain_gets_hip_extension_strength_too(screener):
    plan = screener.screen(
        answers(symptoms={"hamstring_strain_history": True}, hypermobility=NOT_HYPER)
    )
    deadlift = routine(plan)["deadlift"]
    assert "hamstring-strain-hip-extension" in [b.rule for b in deadlift.because]
    assert "hip_extension" in [e.id for e in plan.emphases]
    assert routine(plan)["straight_leg_walking_kick"].dose_id == "gentle"


@pytest.mark.parametrize(
    "hyper",
    [{}, {"beighton_score": 7}, {"self_report": ALL_YES}],
    ids=["not checked", "hypermobile", "self-report"],
)
def test_a_tight_low_back_gets_something_when_stretches_are_barred(screener, hyper):
    plan = screener.screen(answers(symptoms={"low_back_tightness": True}, hypermobility=hyper))
    assert "knees_to_chest" not in routine(plan)
    low_back = {
        b.rule for item in plan.routine for b in item.because if b.rule.startswith("low-back")
    }
    assert "low-back-hip-extension" in low_back


def test_a_tight_low_back_with_no_checks_gets_gentle_movement(screener):
    plan = screener.screen(answers(symptoms={"low_back_tightness": True}))
    assert "cat_camel" in routine(plan)
    assert left_out(plan)["knees_to_chest"] == "hypermobility-not-checked"


# ------------------------------------------------------------------ progression


def test_a_beginner_with_weights_starts_with_no_weight_and_the_dose_says_nothing_of_load(
    screener,
):
    plan = screener.screen(
        answers(runner={"strength_experience": "beginner", "equipment": ["dumbbells"]})
    )
    deadlift = routine(plan)["deadlift"]
    assert deadlift.dose_id == "form"
    assert deadlift.illustration == "deadlift_no_weight"
    assert not any("load" in cue.lower() for cue in deadlift.cues)
    assert "no weight" in deadlift.dose
    light = screener.screen(answers(runner=CONFIDENT))
    assert any("load light" in cue for cue in routine(light)["deadlift"].cues)


def test_the_progression_marks_where_the_runner_is(screener):
    def steps(**runner):
        plan = screener.screen(answers(runner=runner, hypermobility=NOT_HYPER))
        return [(s.stage, s.status) for s in plan.progression[0].steps]

    assert steps(strength_experience="none") == [
        ("No weight", "now"),
        ("A light weight", "next"),
        ("Kettlebell swings", "later"),
    ]
    assert steps(strength_experience="confident", equipment=["barbell"]) == [
        ("No weight", "done"),
        ("A light weight", "now"),
        ("Kettlebell swings", "next"),
    ]
    assert steps(strength_experience="confident", equipment=["kettlebell"]) == [
        ("No weight", "done"),
        ("A light weight", "now"),
        ("Kettlebell swings", "now"),
    ]


def test_a_step_ahead_that_a_rule_left_out_says_why(screener):
    plan = screener.screen(answers(runner={"age": 16, **CONFIDENT}, hypermobility=NOT_HYPER))
    swings = plan.progression[0].steps[-1]
    assert swings.status == "next"
    assert swings.note and "learnt in person" in swings.note


def test_a_referred_runner_gets_no_progression(screener):
    plan = screener.screen(answers(runner=CONFIDENT, red_flags={"dizziness": True}))
    assert plan.progression == []


# ------------------------------------------------------------------ words for the runner


def test_no_rule_id_in_any_text_the_runner_reads(screener, kb):
    ids = [rule.id for rule in kb.rules]
    for sections in (
        {"symptoms": {"hamstring_strain_history": True}, "hypermobility": {"beighton_score": 7}},
        {"runner": {"age": 70}, "hypermobility": {"beighton_score": 7}},
        {"runner": {"age": 14, **CONFIDENT}, "red_flags": {"numbness_or_weakness": True}},
    ):
        words = plan_words(screener.screen(answers(**sections)))
        assert not [i for i in ids if i in words]


# ------------------------------------------------------------------ pregnancy


NO_COUCH = {"equipment": ["foam_roller"]}  # so the glute bridge stands in for drive-backs
KIT_ALL = {"equipment": ["foam_roller", "couch_or_bed"]}


def pregnant(weeks=None, **more):
    return {"status": "pregnant", **({"weeks": weeks} if weeks is not None else {}), **more}


@pytest.mark.parametrize("weeks", [20, 34, None])
def test_a_pregnant_runner_past_20_weeks_does_nothing_lying_flat(screener, weeks):
    plan = screener.screen(
        answers(runner=NO_COUCH, pregnancy=pregnant(weeks), hypermobility=NOT_HYPER)
    )
    assert not plan.referral.required and plan.running_hold == []
    items = routine(plan)
    bridge = items["glute_bridge"]
    assert bridge.dose_id == "propped" and bridge.illustration == "glute_bridge_propped"
    assert "on_back" not in bridge.tags and any("pillows" in cue for cue in bridge.cues)
    roll = items["foam_roll"]
    assert roll.dose_id == "off_back" and any("wall" in cue for cue in roll.cues)
    assert plan.emphases[0].id == "pregnancy"
    assert "pregnancy_warning_signs" in [n.id for n in plan.notes]


def test_early_in_pregnancy_the_bridge_is_done_as_usual_but_stretching_still_waits(screener):
    tight = {"hamstring_tightness": True, "quad_tightness": True}
    plan = screener.screen(
        answers(runner=NO_COUCH, symptoms=tight, pregnancy=pregnant(12), hypermobility=NOT_HYPER)
    )
    items = routine(plan)
    assert items["glute_bridge"].dose_id == "standard"
    assert items["foam_roll"].dose_id == "hamstring_focus"
    assert items["straight_leg_walking_kick"].dose_id == "soft_knee"
    assert not [i for i in plan.routine if i.kind == "stretch"]
    assert left_out(plan)["hamstring_stretch"] == "pregnancy-no-new-stretching"
    not_pregnant = screener.screen(answers(symptoms=tight, hypermobility=NOT_HYPER))
    assert "hamstring_stretch" in routine(not_pregnant)  # the check above can fail


def test_a_pregnant_runner_without_a_foam_roller_rolls_against_a_wall(screener):
    plan = screener.screen(answers(runner={"equipment": []}, pregnancy=pregnant(25)))
    roll = routine(plan)["improvised_roll"]
    assert roll.dose_id == "off_back"
    assert any("against a wall, not the floor" in cue for cue in roll.cues)


def test_the_propped_dose_does_not_add_a_bridge_nobody_asked_for(screener):
    plan = screener.screen(answers(runner=KIT_ALL, pregnancy=pregnant(30)))
    assert "glute_bridge" not in routine(plan) and "drive_back" in routine(plan)


def test_a_warning_sign_in_pregnancy_refers_and_holds_everything_loaded_or_to_end_range(
    screener, kb
):
    plan = screener.screen(
        answers(
            runner=CONFIDENT,
            pregnancy=pregnant(28),
            red_flags={"pregnancy_warning_signs": True},
            hypermobility=NOT_HYPER,
        )
    )
    assert plan.referral.required
    assert "maternity care provider" in plan.referral.reasons[0].text
    assert not [i for i in plan.routine if {"loaded", "end_range"} & set(i.tags)]
    assert left_out(plan)["straight_leg_walking_kick"] == "pregnancy-warning-sign-no-end-range"
    assert [e.id for e in plan.emphases] == ["referral_first"]  # no "keep moving"
    assert "pregnancy_warning_signs" in [n.id for n in plan.notes]
    assert not RUN_WORDS.search(plan_words(plan))


# ------------------------------------------------------------------ after a birth


@pytest.mark.parametrize("weeks", [0, 6, 11])
def test_in_the_first_12_weeks_after_a_birth_the_plan_says_not_to_run_yet(screener, weeks):
    plan = screener.screen(answers(pregnancy={"status": "postpartum", "weeks": weeks}))
    assert not plan.referral.required
    assert [r.rule for r in plan.running_hold] == ["after-birth-not-running-yet"]
    assert f"{weeks} weeks after the birth" in plan.running_hold[0].text
    assert "12 weeks" in plan.running_hold[0].text
    assert {i.how_often for i in plan.routine} == {HELD_HOW_OFTEN}
    ids = [e.id for e in plan.emphases]
    assert ids[0] == "after_birth" and "foundation" not in ids  # no "before every run"
    note = next(n for n in plan.notes if n.id == "running_after_birth")
    assert "12 weeks" in note.text and "pelvic-health physiotherapist" in note.text


def test_from_12_weeks_after_a_birth_running_is_not_held(screener):
    plan = screener.screen(answers(pregnancy={"status": "postpartum", "weeks": 12}))
    assert plan.running_hold == [] and "foundation" in [e.id for e in plan.emphases]
    assert "running_after_birth" in [n.id for n in plan.notes]


def test_pelvic_floor_symptoms_after_a_birth_see_a_pelvic_health_physio_first(screener):
    plan = screener.screen(
        answers(
            runner=CONFIDENT,
            pregnancy={"status": "postpartum", "weeks": 30, "pelvic_floor_symptoms": True},
        )
    )
    assert plan.referral.required
    assert "pelvic-health physiotherapist" in plan.referral.reasons[0].text
    assert "kettlebell_swing" not in routine(plan)
    assert plan.running_hold == []  # the referral says it


def test_pelvic_floor_symptoms_in_pregnancy_no_swings_and_a_physio_note(screener):
    plan = screener.screen(
        answers(runner=CONFIDENT, pregnancy=pregnant(16, pelvic_floor_symptoms=True))
    )
    assert not plan.referral.required
    assert left_out(plan)["kettlebell_swing"] == "pelvic-floor-no-swings"
    assert "pelvic_floor_in_pregnancy" in [n.id for n in plan.notes]


# ------------------------------------------------------------------ training load


def test_a_sharp_rise_in_distance_heads_the_plan_and_says_what_bone_stress_feels_like(screener):
    plan = screener.screen(answers(training={"weekly_km": 40, "weekly_km_before": 28}))
    assert plan.emphases[0].id == "build_gradually"
    assert "28 to 40 km" in plan.emphases[0].because[0].text
    assert [n.id for n in plan.notes] == ["bone_stress_signs"]
    assert "one spot on a bone" in plan.notes[0].text
    with_shin = screener.screen(
        answers(training={"weekly_km": 40, "weekly_km_before": 28}, symptoms={"shin_splints": True})
    )
    assert [n.id for n in with_shin.notes] == ["bone_stress_signs", "bone_stress_warning"]
    assert "this week" in with_shin.notes[1].text


@pytest.mark.parametrize(
    "training",
    [
        {"weekly_km": 26, "weekly_km_before": 20},  # 30 %
        {"weekly_km": 20, "weekly_km_before": 30},  # a fall
        {"weekly_km": 20, "weekly_km_before": 0},  # a start, not a rise
        {"weekly_km": 40},  # nothing to compare with
    ],
)
def test_no_rise_no_warning(screener, training):
    plan = screener.screen(answers(training=training))
    assert "build_gradually" not in [e.id for e in plan.emphases] and not plan.notes


def test_a_referred_runner_is_not_told_to_cut_back_their_running(screener):
    plan = screener.screen(
        answers(training={"weekly_km": 40, "weekly_km_before": 20}, pain={"level": 6})
    )
    assert plan.referral.required
    assert not {"build_gradually"} & {e.id for e in plan.emphases} and not plan.notes


# ------------------------------------------------------------------ bone stress


@pytest.mark.parametrize(
    ("extra", "rule"),
    [
        ({"health": {"missed_periods": "yes"}}, "bone-stress-missed-periods"),
        ({"history": {"stress_fracture": True}}, "bone-stress-previous-fracture"),
    ],
)
@pytest.mark.parametrize(
    "where",
    [
        {"pain": {"sites": ["shin"]}},
        {"pain": {"sites": ["heel"]}},
        {"symptoms": {"shin_splints": True}},
    ],
)
def test_bone_stress_risk_with_shin_or_foot_pain_is_a_referral(screener, extra, rule, where):
    plan = screener.screen(answers(**extra, **where))
    assert plan.referral.required and [r.rule for r in plan.referral.reasons] == [rule]
    assert not [i for i in plan.routine if "loaded" in i.tags]
    knee = screener.screen(answers(**extra, pain={"sites": ["knee_front"]}))
    assert not knee.referral.required


def test_missed_periods_alone_get_a_doctor_without_a_referral(screener):
    plan = screener.screen(answers(health={"missed_periods": "yes"}))
    assert not plan.referral.required
    note = next(n for n in plan.notes if n.id == "missed_periods")
    assert "doctor" in note.text and "energy" in note.text
    with_pain = screener.screen(answers(health={"missed_periods": "yes"}, pain={"sites": ["foot"]}))
    assert "why the periods stopped" in with_pain.referral.reasons[0].text


# ------------------------------------------------------------------ injury history


@pytest.mark.parametrize(
    "history", [{"last_injury": "under_3_months"}, {"hamstring_strain": "under_3_months"}]
)
def test_a_recent_injury_keeps_lifting_light_and_swings_out(screener, history):
    plan = screener.screen(answers(runner=CONFIDENT, history=history, hypermobility=NOT_HYPER))
    assert "kettlebell_swing" not in routine(plan)
    deadlift = routine(plan)["deadlift"]
    assert deadlift.dose_id == "light"
    note = next(n for n in plan.notes if n.id == "recent_injury")
    assert "back of the thigh pulls" in note.text
    assert plan.progression[0].steps[-1].note  # swings: why not yet


@pytest.mark.parametrize("when", ["3_to_12_months", "over_12_months"])
def test_an_older_injury_changes_nothing(screener, when):
    plan = screener.screen(
        answers(runner=CONFIDENT, history={"last_injury": when}, hypermobility=NOT_HYPER)
    )
    assert "kettlebell_swing" in routine(plan) and not plan.notes


def test_a_dated_hamstring_strain_counts_as_a_hamstring_strain(screener):
    plan = screener.screen(
        answers(history={"hamstring_strain": "over_12_months"}, hypermobility=NOT_HYPER)
    )
    assert routine(plan)["straight_leg_walking_kick"].dose_id == "gentle"
    assert "hamstring-strain-history" in {t.rule for t in plan.trace}


# ------------------------------------------------------------------ where it hurts


@pytest.mark.parametrize(
    ("age", "site", "note"),
    [
        (12, "knee_front", "growth_plate_knee"),
        (15, "knee_front", "growth_plate_knee"),
        (12, "heel", "growth_plate_heel"),
        (14, "heel", "growth_plate_heel"),
    ],
)
def test_growth_plate_pain_at_the_age_it_happens(screener, age, site, note):
    plan = screener.screen(answers(runner={"age": age}, pain={"sites": [site], "level": 2}))
    assert note in [n.id for n in plan.notes]
    text = next(n.text for n in plan.notes if n.id == note)
    assert "running and jumping" in text and "doctor or physiotherapist" in text
    first_older = {"knee_front": 16, "heel": 15}[site]
    older = screener.screen(answers(runner={"age": first_older}, pain={"sites": [site]}))
    assert note not in [n.id for n in older.notes]


def test_a_whole_kind_left_out_by_two_rules_is_one_line_with_the_first_reason(screener):
    """Pregnant and flexibility not checked: both leave out every stretch; the plan says so
    once, with the higher-priority reason."""
    plan = screener.screen(answers(pregnancy=pregnant(26)))
    lines = [lo for lo in plan.left_out if lo.name == "All stretch exercises"]
    assert [lo.rule for lo in lines] == ["pregnancy-no-new-stretching"]
    assert {"pregnancy-no-new-stretching", "hypermobility-not-checked"} <= {
        t.rule for t in plan.trace
    }
