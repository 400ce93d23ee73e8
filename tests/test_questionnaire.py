"""The questionnaire's flow with no terminal: steps, branching, one answer at a time, notices,
review lines and the answers file. Every front door relies on these."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from screening.core.answers import parse_answers
from screening.core.catalogue import load_catalogue
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


def test_a_runner_with_nothing_to_report_answers_seven_steps(q):
    answers = walk(q, *RUNNER, NO_SYMPTOMS, "skip", [NONE_OF_THESE])
    assert q.pending(answers) is None
    data = q.answers_data(answers)
    assert data["runner"]["name"] == "Ana Lopez" and "hypermobility" not in data
    assert not any(data["red_flags"].values())
    parse_answers(data)


def test_pain_follows_any_symptom_and_goes_when_the_symptom_goes(q):
    answers = walk(q, *RUNNER, ["symptoms.knee_pain"])
    assert q.pending(answers).path == "pain.level"
    answers.update(q.accept(q.pending(answers), "3"))
    answers.update(q.accept(q.step("symptoms"), []))  # changed in review: no symptom now
    assert q.prune(answers) and "pain.level" not in answers


def test_the_route_decides_which_flexibility_questions_follow(q):
    score = walk(q, *RUNNER, NO_SYMPTOMS, "score")
    assert q.pending(score).path == "hypermobility.beighton_score"
    checks = walk(q, *RUNNER, NO_SYMPTOMS, "checks")
    assert q.pending(checks).path == "hypermobility.beighton.pinky_left"
    skipped = walk(q, *RUNNER, NO_SYMPTOMS, "skip")
    assert q.pending(skipped).path == "red_flags"
    questions = walk(q, *RUNNER, NO_SYMPTOMS, "questions")
    assert q.pending(questions).path == "hypermobility.self_report"


def test_the_five_questions_alone_reach_the_plan(q, screener):
    """Without a score or the checks, two "yes" answers flag possible hyper-mobility."""
    two_yes = [
        "hypermobility.self_report.palms_to_floor",
        "hypermobility.self_report.dislocation_repeated",
    ]
    answers = walk(q, *RUNNER, NO_SYMPTOMS, "questions", two_yes, [NONE_OF_THESE])
    assert q.pending(answers) is None
    plan = screener.screen(parse_answers(q.answers_data(answers)))
    assert "hypermobility-self-report-possible" in {t.rule for t in plan.trace}
    assert not [i for i in plan.routine if i.kind == "stretch"]
    unknown_score = walk(q, *RUNNER, NO_SYMPTOMS, "score", "")
    assert q.pending(unknown_score).path == "hypermobility.self_report"


@pytest.mark.parametrize(("score", "asked"), [("5", False), ("4", True), ("2", False)])
def test_self_report_is_asked_only_one_below_the_cut_off(q, score, asked):
    answers = walk(q, *RUNNER, NO_SYMPTOMS, "score", score)
    assert (q.pending(answers).path == "hypermobility.self_report") is asked


def test_previous_steps_back_over_what_does_not_apply(q):
    answers = walk(q, *RUNNER, NO_SYMPTOMS, "skip")
    red_flags = q.pending(answers)
    assert q.previous(red_flags, answers).path == "hypermobility.ask_how"  # pain skipped
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
    answers = walk(q, *RUNNER, NO_SYMPTOMS, "skip", ["red_flags.not_sure"])
    plan = screener.screen(parse_answers(q.answers_data(answers)))
    assert plan.referral.required
    assert [r.rule for r in plan.referral.reasons] == ["red-flag-not-sure"]


def test_review_lists_every_answer_in_words(q):
    answers = walk(
        q,
        *RUNNER,
        ["symptoms.shin_splints"],
        "4",
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
        "How much it hurts: 4 of 10",
        "Joint flexibility: Try the nine quick checks now",
        "The nine Beighton checks: 4 yes, 4 no, 1 don't know",
        "Five questions about flexibility: 2 ticked: " + "; ".join(self_report),
        "Safety questions: One spot on a bone hurts when I press it or when I hop",
    ]
    nine = next(e for e in q.review(answers) if e.text.startswith("The nine"))
    assert len(nine.steps) == 9


def test_dont_know_stays_in_the_file_only_where_the_file_has_a_word_for_it(q):
    answers = walk(q, "Ana", "34", DONT_KNOW, [], ["symptoms.knee_pain"], "", "checks")
    answers.update(q.accept(q.step("hypermobility.beighton.pinky_left"), DONT_KNOW))
    data = q.answers_data(answers)
    assert "strength_experience" not in data["runner"]  # the file's default applies
    assert "pain" not in data
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
    answers = walk(q, *RUNNER, NO_SYMPTOMS, "score", "4", [], [NONE_OF_THESE])
    text = answers_yaml(q.answers_data(answers), origin="`screening intake`")
    assert text.startswith("# Answers given in `screening intake` on ")
    assert parse_answers(yaml.safe_load(text)).hypermobility.beighton_score == 4


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
            assert not set(getattr(node, "ask_when", ())) & keys, step.path
    route = q.page_of(q.step("hypermobility.ask_how"))
    assert q.page_of(q.step("hypermobility.beighton_score")) is not route
    self_report = q.page_of(q.step("hypermobility.self_report"))
    assert [s.path for s in self_report.steps] == ["hypermobility.self_report"]


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
    answers = walk(q, *RUNNER, NO_SYMPTOMS)
    assert q.asked(q.page_of(q.step("pain.level")), answers) == []
    assert q.pending_page(answers) is q.page_of(q.step("hypermobility.ask_how"))
    assert q.previous_page(q.pending_page(answers), answers).number == 2  # pain skipped
    assert q.previous_page(q.page(1), answers) is None


def test_pages_cannot_be_skipped_ahead(q):
    answers = walk(q, *RUNNER)
    assert q.reachable(q.page(1), answers) and q.reachable(q.page(2), answers)
    safety = q.page_of(q.step("red_flags"))
    assert not q.reachable(safety, answers)
    done = walk(q, *RUNNER, NO_SYMPTOMS, "skip", [NONE_OF_THESE])
    assert q.pending_page(done) is None and q.reachable(safety, done)
    assert not q.reachable(q.page_of(q.step("hypermobility.beighton_score")), done)


def test_every_beighton_check_has_plain_help(q):
    checks = q.catalogue.group("hypermobility.beighton").questions()
    assert len(checks) == 9 and all(len(c.help) > 60 for c in checks)


def test_after_a_page_comes_the_next_that_applies(q):
    answers = walk(q, *RUNNER, ["symptoms.knee_pain"])
    symptoms = q.page_of(q.step("symptoms"))
    assert q.next_page(symptoms, answers) is q.page_of(q.step("pain.level"))
    done = walk(q, *RUNNER, NO_SYMPTOMS, "skip", [NONE_OF_THESE])
    assert q.next_page(symptoms, done) is q.page_of(q.step("hypermobility.ask_how"))
    assert q.next_page(q.page_of(q.step("red_flags")), done) is None  # on to the review
    done.update(q.accept(q.step("hypermobility.ask_how"), "score"))  # changed: a new question
    assert q.next_page(q.page(1), done) is q.page(2)
    assert q.next_page(q.page(4), done) is q.page_of(q.step("hypermobility.beighton_score"))
