"""The questionnaire's flow with no terminal: steps, branching, one answer at a time, notices,
review lines and the answers file. Every front door relies on these."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from screening.core.answers import parse_answers
from screening.core.catalogue import AskWhen, Group, load_catalogue
from screening.core.errors import ScreeningError
from screening.core.questionnaire import (
    DONT_KNOW,
    NONE_OF_THESE,
    Questionnaire,
    answers_yaml,
    problem,
)


@pytest.fixture(scope="module")
def q(kb) -> Questionnaire:
    return Questionnaire(kb.beighton)


def walk(q: Questionnaire, *raws: Any) -> dict[str, Any]:
    """Answer the pending steps in order with these raw answers (as an adapter sends them)."""
    answers: dict[str, Any] = {}
    for raw in raws:
        step = q.pending(answers)
        assert step is not None, f"nothing left to ask for {raw!r}"
        answers.update(q.accept(step, raw))
        q.prune(answers)
    return answers


RUNNER = ("Ana Lopez", "34", "beginner", ["foam_roller"])
NO_SYMPTOMS: list[str] = []
NO_SITES: list[str] = []
# After the pain questions, what every runner is asked: weekly distance (left open), the last
# injury, a stress fracture, pregnancy, and periods (asked when not pregnant or after a birth).
AFTER_PAIN = ("", "none", "no", "none", "no")
EVERYDAY = (NO_SITES, *AFTER_PAIN)


def test_a_runner_with_nothing_to_report_answers_thirteen_steps(q):
    answers = walk(q, *RUNNER, NO_SYMPTOMS, *EVERYDAY, "skip", [NONE_OF_THESE])
    assert q.pending(answers) is None
    data = q.answers_data(answers)
    assert data["runner"]["name"] == "Ana Lopez" and "hypermobility" not in data
    assert not any(data["red_flags"].values())
    parse_answers(data)


def test_pain_follows_any_symptom_and_goes_when_the_symptom_goes(q):
    answers = walk(q, *RUNNER, ["symptoms.knee_pain"], NO_SITES)
    assert q.pending(answers).path == "pain.level"
    answers.update(q.accept(q.pending(answers), "3"))
    answers.update(q.accept(q.step("symptoms"), []))  # changed in review: no symptom now
    assert q.prune(answers) and "pain.level" not in answers


def test_the_route_decides_which_flexibility_questions_follow(q):
    score = walk(q, *RUNNER, NO_SYMPTOMS, *EVERYDAY, "score")
    assert q.pending(score).path == "hypermobility.beighton_score"
    checks = walk(q, *RUNNER, NO_SYMPTOMS, *EVERYDAY, "checks")
    assert q.pending(checks).path == "hypermobility.beighton.pinky_left"
    skipped = walk(q, *RUNNER, NO_SYMPTOMS, *EVERYDAY, "skip")
    assert q.pending(skipped).path == "red_flags"
    questions = walk(q, *RUNNER, NO_SYMPTOMS, *EVERYDAY, "questions")
    assert q.pending(questions).path == "hypermobility.self_report"


def test_the_five_questions_alone_reach_the_plan(q, screener):
    """Without a score or the checks, two "yes" answers flag possible hyper-mobility."""
    two_yes = [
        "hypermobility.self_report.palms_to_floor",
        "hypermobility.self_report.dislocation_repeated",
    ]
    answers = walk(q, *RUNNER, NO_SYMPTOMS, *EVERYDAY, "questions", two_yes, [NONE_OF_THESE])
    assert q.pending(answers) is None
    plan = screener.screen(parse_answers(q.answers_data(answers)))
    assert "hypermobility-self-report-possible" in {t.rule for t in plan.trace}
    assert not [i for i in plan.routine if i.kind == "stretch"]
    unknown_score = walk(q, *RUNNER, NO_SYMPTOMS, *EVERYDAY, "score", "")
    assert q.pending(unknown_score).path == "hypermobility.self_report"


@pytest.mark.parametrize(("score", "asked"), [("5", False), ("4", True), ("2", False)])
def test_self_report_is_asked_only_one_below_the_cut_off(q, score, asked):
    answers = walk(q, *RUNNER, NO_SYMPTOMS, *EVERYDAY, "score", score)
    assert (q.pending(answers).path == "hypermobility.self_report") is asked


def test_previous_steps_back_over_what_does_not_apply(q):
    answers = walk(q, *RUNNER, NO_SYMPTOMS, *EVERYDAY, "skip")
    red_flags = q.pending(answers)
    assert q.previous(red_flags, answers).path == "hypermobility.ask_how"
    # pain level (no symptom, no sore spot), the earlier distance (none given), the hamstring
    # strain's date (no strain), weeks and the pelvic floor (not pregnant) are stepped over
    route = q.step("hypermobility.ask_how")
    assert q.previous(route, answers).path == "health.missed_periods"
    assert q.previous(q.step("pregnancy.status"), answers).path == "history.stress_fracture"
    assert q.previous(q.step("history.stress_fracture"), answers).path == "history.last_injury"
    assert q.previous(q.step("history.last_injury"), answers).path == "training.weekly_km"
    assert q.previous(q.step("training.weekly_km"), answers).path == "pain.sites"
    assert q.previous(q.step("runner.name"), answers) is None
    assert q.previous(None, answers).path == "red_flags"  # from the review


def test_starting_points_never_answer_for_the_runner(q):
    """What an adapter pre-selects before an answer: nothing that makes a runner hyper-mobile,
    gives a score or answers a safety question."""
    empty: dict[str, Any] = {}
    assert q.current(q.step("hypermobility.ask_how"), empty) == "skip"
    for item in ("pinky_left", "knee_right", "palms_to_floor"):
        assert q.current(q.step(f"hypermobility.beighton.{item}"), empty) == DONT_KNOW
    assert q.current(q.step("hypermobility.beighton_score"), empty) == ""
    assert q.current(q.step("red_flags"), empty) == []
    assert q.current(q.step("runner.strength_experience"), empty) is None
    # a yes/no question of its own starts on "No", what the file says when it is left out
    assert q.current(q.step("history.stress_fracture"), empty) == "no"
    assert q.current(q.step("pregnancy.pelvic_floor_symptoms"), empty) == "no"


def test_the_safety_checklist_needs_an_explicit_answer(q):
    step = q.step("red_flags")
    with pytest.raises(ScreeningError) as nothing:
        q.accept(step, [])
    assert nothing.value.problems[0].field == "red_flags"
    assert "None of these apply to me" in nothing.value.problems[0].message
    with pytest.raises(ScreeningError, match="Either tick"):
        q.accept(step, [NONE_OF_THESE, "red_flags.swelling"])
    assert not any(q.accept(step, [NONE_OF_THESE]).values())
    assert q.accept(step, ["red_flags.swelling"])["red_flags.swelling"] is True
    answered = {k: False for k in step.keys}
    assert q.current(step, answered) == [NONE_OF_THESE]  # shown as chosen when asked again


def test_symptoms_may_be_left_unticked(q):
    assert not any(q.accept(q.step("symptoms"), []).values())


@pytest.mark.parametrize(
    ("path", "raw", "expected"),
    [
        ("runner.age", "34", 34),
        ("runner.name", "  María López ", "María López"),
        ("pain.level", "", None),  # don't know
        ("hypermobility.beighton_score", "", None),
        ("runner.strength_experience", DONT_KNOW, None),
        ("runner.strength_experience", "confident", "confident"),
        ("hypermobility.beighton.knee_left", "yes", True),
        ("hypermobility.beighton.knee_left", "no", False),
        ("hypermobility.beighton.knee_left", DONT_KNOW, None),
        ("runner.equipment", ["kettlebell", "barbell"], ["kettlebell", "barbell"]),
    ],
)
def test_one_answer_is_read_as_the_catalogue_says(q, path, raw, expected):
    assert q.accept(q.step(path), raw) == {path: expected}


@pytest.mark.parametrize(
    ("path", "raw", "message"),
    [
        ("runner.age", "9", "Please type a whole number from 12 to 100."),
        ("runner.age", "", "Please type a whole number from 12 to 100."),
        ("runner.name", "", "Please type 1 to 80 characters on one line"),
        ("pain.level", "11", "Please type a whole number from 0 to 10."),
        ("runner.strength_experience", "expert", "'expert' is not one of the choices"),
        ("runner.equipment", ["rowing_machine"], "'rowing_machine' is not one of the choices"),
        ("runner.equipment", ["barbell", "barbell"], "a choice is given twice"),
    ],
)
def test_a_bad_answer_is_refused_in_words_tied_to_its_question(q, path, raw, message):
    with pytest.raises(ScreeningError) as refused:
        q.accept(q.step(path), raw)
    assert refused.value.problems[0].field == path
    assert refused.value.problems[0].message.startswith(message)


def test_required_questions_offer_no_dont_know(q):
    assert not q.step("runner.name").can_skip and not q.step("runner.age").can_skip
    values = [o.value for o in q.options(q.step("runner.strength_experience"))]
    assert values[-1] == DONT_KNOW


def test_chest_pain_gets_an_urgent_line_before_the_calm_one(q):
    step = q.step("red_flags")
    answers = q.accept(step, ["red_flags.swelling", "red_flags.chest_pain"])
    notices = q.notices(step, answers)
    assert [n.level for n in notices] == ["urgent", "calm"]
    assert "emergency number" in notices[0].text
    alone = q.notices(step, q.accept(step, ["red_flags.chest_pain"]))
    assert [n.level for n in alone] == ["urgent"]  # its own line says what to do
    calm = q.notices(step, q.accept(step, ["red_flags.dizziness"]))
    assert calm == [load_catalogue().group("red_flags").notice]
    assert q.notices(step, q.accept(step, [NONE_OF_THESE])) == []


def test_not_sure_about_a_safety_sign_is_a_referral(screener, q):
    answers = walk(q, *RUNNER, NO_SYMPTOMS, *EVERYDAY, "skip", ["red_flags.not_sure"])
    plan = screener.screen(parse_answers(q.answers_data(answers)))
    assert plan.referral.required
    assert [r.rule for r in plan.referral.reasons] == ["red-flag-not-sure"]


def test_review_lists_every_answer_in_words(q):
    answers = walk(
        q,
        *RUNNER,
        ["symptoms.shin_splints"],
        ["shin"],
        "4",
        "30 mi",
        "40",
        "3_to_12_months",
        "yes",
        "none",
        "not_applicable",
        "checks",
        *["yes"] * 4,
        *["no"] * 4,
        DONT_KNOW,
        ["hypermobility.self_report.palms_to_floor", "hypermobility.self_report.double_jointed"],
        ["red_flags.focal_bone_pain"],
    )
    assert q.pending(answers) is None
    lines = [entry.text for entry in q.review(answers)]
    self_report = [
        question.prompt
        for question in load_catalogue().group("hypermobility.self_report").questions()
        if question.id in ("palms_to_floor", "double_jointed")
    ]
    assert lines == [
        "Name: Ana Lopez",
        "Age: 34",
        "Strength experience: A little; my form could use a check",
        "Equipment: A foam roller",
        "How running feels: Pain along the shins (shin splints)",
        "Where it hurts: The shin",
        "How much it hurts: 4 of 10",
        "Weekly distance, last two weeks: 48 km",
        "Weekly distance, two weeks before: 40 km",
        "Last running injury: 3 to 12 months ago",
        "A stress fracture or bone-stress injury before: Yes",
        "Pregnancy: No, neither (or this does not apply to me)",
        "Three months or more without a period: This does not apply to me",
        "Joint flexibility: Try the nine quick checks now",
        "The nine Beighton checks: 4 yes, 4 no, 1 don't know",
        "Five questions about flexibility: 2 ticked: " + "; ".join(self_report),
        "Safety questions: One spot on a bone hurts when I press it or when I hop",
    ]
    nine = next(e for e in q.review(answers) if e.text.startswith("The nine"))
    assert len(nine.steps) == 9


def test_dont_know_stays_in_the_file_only_where_the_file_has_a_word_for_it(q):
    answers = walk(
        q, "Ana", "34", DONT_KNOW, [], ["symptoms.knee_pain"], NO_SITES, "", *AFTER_PAIN, "checks"
    )
    answers.update(q.accept(q.step("hypermobility.beighton.pinky_left"), DONT_KNOW))
    data = q.answers_data(answers)
    assert "strength_experience" not in data["runner"]  # the file's default applies
    assert data["pain"] == {"sites": []}  # no level: left open
    assert "training" not in data  # no distance given
    assert data["pregnancy"] == {"status": "none"}
    assert data["hypermobility"]["beighton"] == {"pinky_left": None}
    assert [e.text for e in q.review(answers)][2] == "Strength experience: Don't know"


def test_clean_forgets_what_this_version_does_not_know(q):
    answers = {"runner.name": "Ana", "runner.age": 7, "runner.shoe": "x", "pain.level": None}
    assert q.clean(answers)
    assert answers == {"runner.name": "Ana", "pain.level": None}


def test_route_choices_are_not_answer_fields(q):
    routes = [s for s in q.steps if s.kind == "route"]
    assert [s.keys for s in routes] == [("hypermobility.ask_how",)]
    assert "hypermobility.ask_how" not in {question.path for question in q.catalogue.questions()}


@pytest.mark.parametrize(
    ("typed", "ok"),
    [("12", True), ("100", True), ("11", False), ("101", False), ("1_2", False), ("", False)],
)
def test_age_limits_come_from_the_catalogue(typed, ok):
    assert (problem(load_catalogue().question("runner.age"), typed) is None) is ok


def test_the_answers_file_reads_back(q):
    answers = walk(q, *RUNNER, NO_SYMPTOMS, *EVERYDAY, "score", "4", [], [NONE_OF_THESE])
    text = answers_yaml(q.answers_data(answers), origin="`screening intake`")
    assert text.startswith("# Answers given in `screening intake` on ")
    assert parse_answers(yaml.safe_load(text)).hypermobility.beighton_score == 4


# ------------------------------------------------------------------ asking where it applies


def asked(q: Questionnaire, answers: dict[str, Any]) -> list[str]:
    """The paths of the steps that apply, in order, given these answers."""
    return [s.path for s in q.steps if q.applies(s, answers)]


PREGNANCY = ("pregnancy.weeks", "pregnancy.pelvic_floor_symptoms")


@pytest.mark.parametrize(
    ("status", "follow_ups", "periods", "warning_item"),
    [
        ("pregnant", PREGNANCY, False, True),
        ("postpartum", PREGNANCY, False, False),
        ("none", (), True, False),
        (DONT_KNOW, (), True, False),  # left open: the file's default, none
    ],
)
def test_pregnancy_questions_are_asked_where_they_apply(
    q, status, follow_ups, periods, warning_item
):
    answers = walk(q, *RUNNER, NO_SYMPTOMS, NO_SITES, "", "none", "no", status)
    for path in follow_ups:
        assert q.pending(answers).path == path
        answers.update(q.accept(q.pending(answers), "20" if path.endswith("weeks") else "no"))
    steps = asked(q, answers)
    assert steps.count("pregnancy.status") == 1  # asked once, never again as a safety question
    assert ("health.missed_periods" in steps) is periods
    assert set(PREGNANCY) <= set(steps) if follow_ups else not set(PREGNANCY) & set(steps)
    boxes = [o.value for o in q.options(q.step("red_flags"), answers)]
    assert ("red_flags.pregnancy_warning_signs" in boxes) is warning_item
    assert boxes[-1] == NONE_OF_THESE and "red_flags.not_sure" in boxes


def test_the_warning_signs_are_ticked_on_the_safety_list_and_said_at_once(q, screener):
    answers = walk(q, *RUNNER, NO_SYMPTOMS, NO_SITES, "", "none", "no", "pregnant", "24", "no")
    answers.update(q.accept(q.pending(answers), "skip"))
    step = q.pending(answers)
    assert step.path == "red_flags"
    values = q.accept(step, ["red_flags.pregnancy_warning_signs"], answers)
    assert values["red_flags.pregnancy_warning_signs"] is True
    answers.update(values)
    notices = q.notices(step, answers)
    assert [n.level for n in notices] == ["urgent"] and "maternity" in notices[0].text
    assert q.pending(answers) is None
    plan = screener.screen(parse_answers(q.answers_data(answers)))
    assert plan.referral.required
    assert "red-flag-pregnancy-warning-signs" in [r.rule for r in plan.referral.reasons]


def test_the_warning_signs_cannot_be_ticked_by_a_runner_who_is_not_pregnant(q):
    answers = walk(q, *RUNNER, NO_SYMPTOMS, *EVERYDAY, "skip")
    step = q.pending(answers)
    with pytest.raises(ScreeningError, match="not one of the choices"):
        q.accept(step, ["red_flags.pregnancy_warning_signs"], answers)
    none = q.accept(step, [NONE_OF_THESE], answers)
    assert "red_flags.pregnancy_warning_signs" not in none  # never asked, so not answered
    answers.update(none)
    assert q.pending(answers) is None
    assert "pregnancy_warning_signs" not in q.answers_data(answers)["red_flags"]


def test_a_change_of_pregnancy_answer_forgets_what_no_longer_applies(q):
    answers = walk(q, *RUNNER, NO_SYMPTOMS, NO_SITES, "", "none", "no", "pregnant", "24", "yes")
    answers.update(q.accept(q.pending(answers), "skip"))
    answers.update(q.accept(q.pending(answers), ["red_flags.pregnancy_warning_signs"], answers))
    answers.update(q.accept(q.step("pregnancy.status"), "none"))  # changed in review
    assert q.prune(answers)
    for gone in (*PREGNANCY, "red_flags.pregnancy_warning_signs"):
        assert gone not in answers
    assert q.pending(answers).path == "health.missed_periods"  # now asked
    answers.update(q.accept(q.pending(answers), "no"))
    assert q.pending(answers) is None  # the safety list keeps its other answers


@pytest.mark.parametrize(
    ("typed", "now", "before_asked"),
    [("30", 30, True), ("0", 0, False), ("", None, False), ("12 mi", 19, True), ("20km", 20, True)],
)
def test_the_earlier_distance_is_asked_only_after_a_distance(q, typed, now, before_asked):
    answers = walk(q, *RUNNER, NO_SYMPTOMS, NO_SITES, typed)
    assert answers["training.weekly_km"] == now
    assert (q.pending(answers).path == "training.weekly_km_before") is before_asked


@pytest.mark.parametrize(("typed", "km"), [("10 mi", 16), ("10 miles", 16), ("186 mi", 299)])
def test_miles_are_taken_and_kept_as_kilometres(q, typed, km):
    assert q.accept(q.step("training.weekly_km"), typed) == {"training.weekly_km": km}


@pytest.mark.parametrize("typed", ["190 mi", "301", "12 yards", "12.5", "-3"])
def test_a_distance_out_of_range_or_in_an_unknown_unit_is_refused(q, typed):
    with pytest.raises(ScreeningError) as refused:
        q.accept(q.step("training.weekly_km"), typed)
    assert refused.value.problems[0].message == (
        "Please type a whole number from 0 to 300 (km), or in mi with mi after the number."
    )


def test_a_hamstring_strain_is_dated_only_when_one_was_ticked(q):
    ticked = walk(q, *RUNNER, ["symptoms.hamstring_strain_history"], NO_SITES, "2", "", "none")
    assert q.pending(ticked).path == "history.hamstring_strain"
    assert q.options(q.step("history.hamstring_strain"))[0].value == "under_3_months"
    none = walk(q, *RUNNER, ["symptoms.knee_pain"], NO_SITES, "2", "", "none")
    assert q.pending(none).path == "history.stress_fracture"


def test_a_sore_spot_alone_asks_how_much_it_hurts(q):
    answers = walk(q, *RUNNER, NO_SYMPTOMS, ["heel"])
    assert q.pending(answers).path == "pain.level"


# ------------------------------------------------------------------ the condition vocabulary


@pytest.mark.parametrize(
    ("cond", "value", "holds"),
    [
        (AskWhen("a"), True, True),
        (AskWhen("a"), False, False),
        (AskWhen("a"), 1, False),  # a count of 1 is not "yes"
        (AskWhen("a", ("pregnant",)), "pregnant", True),
        (AskWhen("a", ("pregnant", "postpartum")), "postpartum", True),
        (AskWhen("a", ("pregnant",)), "none", False),
        (AskWhen("a", ("heel", "foot")), ["shin", "foot"], True),  # a list: any of its values
        (AskWhen("a", ("heel", "foot")), [], False),
        (AskWhen("a", (), at_least=1), 1, True),
        (AskWhen("a", (), at_least=1), 0, False),
        (AskWhen("a", (), at_least=1), None, False),
        (AskWhen("a", (), at_least=2, at_most=4), 4, True),
        (AskWhen("a", (), at_most=4), 5, False),
        (AskWhen("a", (), at_least=1), True, False),  # yes is not a number
    ],
)
def test_ask_when_conditions(cond, value, holds):
    assert cond.holds(value) is holds


BASE = """
groups:
  - id: runner
    required: true
    fields:
      - {id: name, type: text, max_length: 80, required: true}
      - {id: age, type: integer, min: 12, max: 100, required: true}
      - id: status
        type: choice
        choices: {a: A, b: B}
"""


@pytest.mark.parametrize(
    ("ask_when", "message"),
    [
        ("[runner.later]", "runner.later: not a question asked before this one"),
        ("[{runner.status: c}]", "('c',) can never match"),
        ("[{runner.status: {at_least: 1}}]", "at_least/at_most need a number"),
        ("[{runner.age: {more_than: 1}}]", "unknown condition"),
        ("[{runner.age: 1, runner.status: a}]", "expected a path or one path: value"),
    ],
)
def test_a_catalogue_with_a_condition_that_cannot_work_is_refused(tmp_path, ask_when, message):
    path = tmp_path / "questions.yaml"
    extra = f"      - {{id: later2, type: integer, min: 0, max: 9, ask_when: {ask_when}}}\n"
    path.write_text(BASE + extra + "      - {id: later, type: integer, min: 0, max: 9}\n")
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_catalogue(path)


def test_a_catalogue_condition_on_an_earlier_choice_works(tmp_path, kb):
    path = tmp_path / "questions.yaml"
    extra = "      - {id: more, type: integer, min: 0, max: 9, ask_when: [{runner.status: b}]}\n"
    path.write_text(BASE + extra)
    q = Questionnaire(kb.beighton, load_catalogue(path))
    answers = walk(q, "Ana", "30", "a")
    assert q.pending(answers) is None
    answers = walk(q, "Ana", "30", "b")
    assert q.pending(answers).path == "runner.more"


# Pages: several steps asked together, as a web form does


def test_pages_hold_every_step_once_in_order(q):
    assert [s for p in q.pages for s in p.steps] == list(q.steps)
    assert [p.number for p in q.pages] == list(range(1, len(q.pages) + 1))
    assert [s.path for s in q.page(1).steps] == [
        "runner.name",
        "runner.age",
        "runner.strength_experience",
        "runner.equipment",
    ]
    assert len(q.page_of(q.step("hypermobility.beighton.knee_left")).steps) == 9


def test_no_step_waits_for_an_answer_on_its_own_page(q):
    """A page is sent as a whole, so what decides whether a step is asked must come earlier."""
    for page in q.pages:
        keys = {k for s in page.steps for k in s.keys}
        for step in page.steps:
            assert not set(step.route[0:1] if step.route else ()) & keys, step.path
            node = step.node
            boxes = node.questions() if isinstance(node, Group) else [node]
            conditions = {c.path for box in boxes for c in getattr(box, "ask_when", ())}
            assert not conditions & keys, step.path
    route = q.page_of(q.step("hypermobility.ask_how"))
    assert q.page_of(q.step("hypermobility.beighton_score")) is not route
    self_report = q.page_of(q.step("hypermobility.self_report"))
    assert [s.path for s in self_report.steps] == ["hypermobility.self_report"]
    # a follow-up waits for the page after the answer it follows
    assert q.page_of(q.step("pregnancy.weeks")) is not q.page_of(q.step("pregnancy.status"))
    assert q.page_of(q.step("pain.level")) is not q.page_of(q.step("pain.sites"))
    assert [s.path for s in q.page_of(q.step("pregnancy.weeks")).steps] == [
        "pregnancy.weeks",
        "pregnancy.pelvic_floor_symptoms",
    ]


def test_a_page_is_accepted_whole_or_every_problem_is_named(q):
    page = q.page(1)
    values = q.accept_page(page, dict(zip([s.path for s in page.steps], RUNNER, strict=True)), {})
    assert values["runner.age"] == 34 and values["runner.equipment"] == ["foam_roller"]
    raws = {"runner.name": "", "runner.age": "7", "runner.strength_experience": "beginner"}
    with pytest.raises(ScreeningError) as caught:
        q.accept_page(page, raws, {})
    by_field = caught.value.by_field()
    assert set(by_field) == {"runner.name", "runner.age"}
    assert by_field["runner.age"] == ["Please type a whole number from 12 to 100."]


def test_a_page_asks_only_the_steps_that_apply(q):
    answers = walk(q, *RUNNER, NO_SYMPTOMS, *EVERYDAY)
    assert q.asked(q.page_of(q.step("pain.level")), answers) == []
    assert q.asked(q.page_of(q.step("pregnancy.weeks")), answers) == []
    assert q.pending_page(answers) is q.page_of(q.step("hypermobility.ask_how"))
    periods = q.page_of(q.step("health.missed_periods"))
    assert q.previous_page(q.pending_page(answers), answers) is periods
    assert q.previous_page(q.page(1), answers) is None


def test_pages_cannot_be_skipped_ahead(q):
    answers = walk(q, *RUNNER)
    assert q.reachable(q.page(1), answers) and q.reachable(q.page(2), answers)
    safety = q.page_of(q.step("red_flags"))
    assert not q.reachable(safety, answers)
    done = walk(q, *RUNNER, NO_SYMPTOMS, *EVERYDAY, "skip", [NONE_OF_THESE])
    assert q.pending_page(done) is None and q.reachable(safety, done)
    assert not q.reachable(q.page_of(q.step("hypermobility.beighton_score")), done)


def test_every_beighton_check_has_plain_help(q):
    checks = q.catalogue.group("hypermobility.beighton").questions()
    assert len(checks) == 9 and all(len(c.help) > 60 for c in checks)


def test_after_a_page_comes_the_next_that_applies(q):
    answers = walk(q, *RUNNER, ["symptoms.knee_pain"], NO_SITES)
    sites = q.page_of(q.step("pain.sites"))
    assert q.next_page(sites, answers) is q.page_of(q.step("pain.level"))
    done = walk(q, *RUNNER, NO_SYMPTOMS, *EVERYDAY, "skip", [NONE_OF_THESE])
    assert q.next_page(sites, done) is q.page_of(q.step("training.weekly_km"))  # no level
    periods = q.page_of(q.step("health.missed_periods"))
    assert q.next_page(periods, done) is q.page_of(q.step("hypermobility.ask_how"))
    assert q.next_page(q.page_of(q.step("red_flags")), done) is None  # on to the review
    done.update(q.accept(q.step("hypermobility.ask_how"), "score"))  # changed: a new question
    assert q.next_page(q.page(1), done) is q.page(2)
    route = q.page_of(q.step("hypermobility.ask_how"))
    assert q.next_page(route, done) is q.page_of(q.step("hypermobility.beighton_score"))


def test_a_sent_safety_page_takes_the_boxes_shown_to_this_runner(q):
    pregnant = walk(q, *RUNNER, NO_SYMPTOMS, NO_SITES, *AFTER_PAIN[:3], "pregnant", "20", "no")
    pregnant.update(q.accept(q.pending(pregnant), "skip"))
    safety = q.page_of(q.step("red_flags"))
    sent = {"red_flags": ["red_flags.pregnancy_warning_signs"]}
    assert q.accept_page(safety, sent, pregnant)["red_flags.pregnancy_warning_signs"] is True
    neither = walk(q, *RUNNER, NO_SYMPTOMS, *EVERYDAY, "skip")
    with pytest.raises(ScreeningError, match="not one of the choices"):
        q.accept_page(safety, sent, neither)
