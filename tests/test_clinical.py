"""What the clinical rules do to a plan: teenagers, older runners, severe pain, nerve signs,
referred runners, the five-question self-report, the article's chain, progression and the
doses that bring their own cues and drawings."""

from __future__ import annotations

import pytest

from tests.conftest import RUN_WORDS, answers, plan_words

NOT_HYPER = {"beighton_score": 1}
FULL_KIT = ["foam_roller", "kettlebell", "barbell", "couch_or_bed"]
CONFIDENT = {"strength_experience": "confident", "equipment": FULL_KIT}
ALL_YES = dict.fromkeys(
    [
        "palms_to_floor",
        "thumb_to_forearm",
        "contortion_as_child",
        "dislocation_repeated",
        "double_jointed",
    ],
    True,
)


def routine(plan) -> dict[str, object]:
    return {item.exercise: item for item in plan.routine}


def left_out(plan) -> dict[str | None, str]:
    return {lo.exercise: lo.rule for lo in plan.left_out}


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
        answers(symptoms={"hamstring_tightness": True}, hypermobility={"self_report": ALL_YES})
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
