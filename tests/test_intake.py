"""The terminal intake driven by keystrokes through prompt_toolkit's pipe input.

Each run sends all its keys up front and closes the pipe, so a run that asks more than the
keys answer ends with EOFError instead of waiting for input.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from questionary import Choice

from screening.core.answers import parse_answers
from screening.core.catalogue import load_catalogue
from screening.core.errors import ScreeningError
from screening.core.questionnaire import Questionnaire, answers_yaml
from screening.store.drafts import Draft, DraftStore, load_draft
from screening.terminal import console as console_module
from screening.terminal.console import Console, _lay_out, _wrapped_choice
from screening.terminal.intake import BACK, TICK_HINT, Intake, pick_draft
from tests.conftest import ROOT
from tests.wording import broken_words, too_wide

ENTER, DOWN, UP, SPACE, CTRL_C, BACKSPACE = "\r", "\x1b[B", "\x1b[A", " ", "\x03", "\x7f"
# A Beighton item starts on "Don't know", the last of Yes / No / Don't know.
YES, NO, DONT_KNOW = UP * 2 + ENTER, UP + ENTER, ENTER
# The safety list as most runners see it (the pregnancy warning signs only when pregnant).
RED_FLAG_COUNT = len([q for q in load_catalogue().group("red_flags").questions() if not q.ask_when])


def pick(index: int) -> str:
    """Choose the option `index` places below the pointer in a select."""
    return DOWN * index + ENTER


def tick(*indices: int) -> str:
    """Tick these options (ascending) in a checkbox, then go on."""
    keys, at = "", 0
    for i in indices:
        keys += DOWN * (i - at) + SPACE
        at = i
    return keys + ENTER


def text(value: str) -> str:
    return value + ENTER


class Recorded(Intake):
    """An intake that records each prompt's question."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asked: list[str] = []

    def _ask(self, kind: Any, prompt: str, **kwargs: Any) -> Any:
        self.asked.append(prompt)
        return super()._ask(kind, prompt, **kwargs)


class Screen(DummyOutput):
    """prompt_toolkit's output that draws nothing, for a terminal of a given size."""

    def __init__(self, columns: int = 80, rows: int = 24) -> None:
        self.size = Size(rows=rows, columns=columns)

    def get_size(self) -> Size:
        return self.size


@pytest.fixture(scope="module")
def questionnaire(kb) -> Questionnaire:
    return Questionnaire(kb.beighton)


@pytest.fixture
def run(tmp_path, questionnaire):
    """run(keys) -> (answers data or the exception, the intake, lines said)."""

    def _run(
        keys: str, draft: Draft | None = None, columns: int = 80
    ) -> tuple[Any, Recorded, list[str]]:
        draft = draft or load_draft(tmp_path / "draft.json") or Draft(tmp_path / "draft.json")
        shown.clear()
        with create_pipe_input() as pipe:
            pipe.send_text(keys)
            pipe.close()
            console = Console(input=pipe, output=Screen(columns), echo=shown.append)
            walk = Recorded(draft, questionnaire, console)
            try:
                result: Any = walk.run()
            except (KeyboardInterrupt, EOFError) as exc:
                result = exc
        said = [" ".join(click.unstyle(s).split()) for s in shown]
        return result, walk, [line for line in said if line]

    shown: list[str] = []  # what the last run echoed, as printed (styled, wrapped)
    _run.shown = shown  # type: ignore[attr-defined]

    return _run


RUNNER = text("Ana Lopez") + text("34") + pick(1) + tick(0, 1)
NO_SYMPTOMS = tick()
NO_SITES = tick()  # "Does anything hurt?": nothing ticked
# After the pain questions, Enter at each: weekly distance left open, no injury ("Never", the
# first choice), no stress fracture (a yes/no starts on "No"), not pregnant (the first choice),
# no missed periods (the first choice).
AFTER_PAIN = ENTER * 5
EVERYDAY = NO_SITES + AFTER_PAIN
SKIP_FLEXIBILITY = ENTER  # "Skip" is the first choice
CHECKS, SCORE = pick(1), pick(2)
NO_RED_FLAGS = tick(RED_FLAG_COUNT)  # "None of these apply to me", below the signs
CONFIRM = ENTER

# A path through every kind of prompt: pain follow-up, the nine checks with "don't know", the
# self-report (score 4, one below the cut-off of 5 at 34), a red flag, then the review.
FULL = [
    text("Ana Lopez"),
    text("34"),
    pick(1),
    tick(0, 1),
    tick(2),  # shin splints
    tick(2),  # where it hurts: the shin
    text("4"),  # pain
    text("30"),  # weekly distance, then the two weeks before
    text("20"),
    pick(1),  # last injury: less than 3 months ago
    ENTER,  # no stress fracture
    ENTER,  # not pregnant
    ENTER,  # periods: no
    CHECKS,
    *[YES] * 4,
    *[NO] * 4,
    DONT_KNOW,
    tick(0, 4),  # self-report: two yes
    tick(7),  # focal bone pain
    CONFIRM,
]


def test_no_symptom_runner_sees_thirteen_questions_and_the_review(run):
    keys = RUNNER + NO_SYMPTOMS + EVERYDAY + SKIP_FLEXIBILITY + NO_RED_FLAGS + CONFIRM
    data, walk, said = run(keys)
    assert len(walk.asked) == 14  # thirteen questions, then "Is everything right?"
    assert walk.asked[-1].startswith("Is everything right?")
    assert data["runner"] == {
        "name": "Ana Lopez",
        "age": 34,
        "strength_experience": "beginner",
        "equipment": ["foam_roller", "kettlebell"],
    }
    assert data["pain"] == {"sites": []} and "hypermobility" not in data
    assert "training" not in data  # left open
    assert data["history"] == {"last_injury": "none", "stress_fracture": False}
    assert data["pregnancy"] == {"status": "none"}
    assert data["health"] == {"missed_periods": "no"}
    assert not any(data["symptoms"].values()) and not any(data["red_flags"].values())
    assert not any("doctor" in line for line in said)
    parse_answers(data)


def test_enter_through_the_nine_checks_marks_nothing(run):
    """Pressing Enter never makes a runner hyper-mobile or gives them a score."""
    data, _, _ = run(RUNNER + NO_SYMPTOMS + EVERYDAY + CHECKS + ENTER * 9 + NO_RED_FLAGS + CONFIRM)
    assert set(data["hypermobility"]["beighton"].values()) == {None}
    assert "beighton_score" not in data["hypermobility"]


@pytest.mark.parametrize(
    ("route", "asked"),
    [
        (ENTER, "Skip"),
        (pick(1) + ENTER * 9, "nine checks"),
        (pick(2) + ENTER * 2, "score"),  # no score given, then the five questions, untouched
        (pick(3) + ENTER, "five questions"),
    ],
)
def test_enter_everywhere_answers_nothing_for_the_runner(run, route, asked):
    """Only a name and an age typed, then Enter at every prompt (each way of checking
    flexibility): no Beighton item or score is marked, no safety question answered; the
    untouched safety list is asked again until the keys run out."""
    keys = text("Ana") + text("34") + ENTER * 3 + ENTER + AFTER_PAIN + route + ENTER * 3
    result, walk, _ = run(keys)
    assert isinstance(result, EOFError)
    answers = walk.draft.answers
    questions = {q.path for q in walk.q.catalogue.questions()}
    flexibility = {
        k: v for k, v in answers.items() if k.startswith("hypermobility.") and k in questions
    }
    beighton = {k: v for k, v in flexibility.items() if ".self_report." not in k}
    assert all(v is None for v in beighton.values())
    assert not any(v for k, v in flexibility.items() if ".self_report." in k)  # nothing ticked
    assert asked == "Skip" or flexibility  # the checks or the score were asked, left open
    assert not any(k.startswith("red_flags.") for k in answers)
    assert answers["history.stress_fracture"] is False  # Enter on a yes/no: "No"
    assert answers["pregnancy.status"] == "none" and "pregnancy.weeks" not in answers
    assert walk.asked[-3:] == ["Do any of these apply to you?"] * 3
    data = walk.q.answers_data(answers)
    assert "beighton_score" not in data.get("hypermobility", {})


def test_enter_at_the_flexibility_question_skips_it(run):
    data, _, _ = run(RUNNER + NO_SYMPTOMS + EVERYDAY + ENTER + NO_RED_FLAGS + CONFIRM)
    assert "hypermobility" not in data


def test_enter_on_an_untouched_safety_list_is_not_none(run):
    result, walk, said = run(RUNNER + NO_SYMPTOMS + EVERYDAY + SKIP_FLEXIBILITY + ENTER)
    assert isinstance(result, EOFError)  # asked again, and the keys ran out
    assert any("Tick what applies, or choose" in line for line in said)
    assert "red_flags.chest_pain" not in walk.draft.answers


def test_full_path_asks_every_follow_up(run):
    data, walk, said = run("".join(FULL))
    assert len(walk.asked) == len(FULL)
    assert data["pain"] == {"sites": ["shin"], "level": 4}
    assert data["training"] == {"weekly_km": 30, "weekly_km_before": 20}
    assert data["history"] == {"last_injury": "under_3_months", "stress_fracture": False}
    items = data["hypermobility"]["beighton"]
    assert list(items.values()) == [True] * 4 + [False] * 4 + [None]
    assert data["hypermobility"]["self_report"]["palms_to_floor"] is True
    assert data["hypermobility"]["self_report"]["double_jointed"] is True
    assert "beighton_score" not in data["hypermobility"]
    assert data["red_flags"]["focal_bone_pain"] is True
    assert "Try each check now" in " ".join(said)


def test_back_goes_to_the_previous_question_and_on_again(run):
    # At the symptoms list, tick "Back" (after the 8 symptoms and a separator): the equipment
    # is asked again; then the symptoms come back.
    back_from_symptoms = tick(8)
    keys = RUNNER + back_from_symptoms + tick(0) + NO_SYMPTOMS  # untick the foam roller
    data, walk, _ = run(keys + EVERYDAY + SKIP_FLEXIBILITY + NO_RED_FLAGS + CONFIRM)
    assert data["runner"]["equipment"] == ["kettlebell"]
    assert sum(a.startswith("What do you have") for a in walk.asked) == 2


def test_back_from_a_typed_answer(run):
    keys = text("Ana") + text("<") + BACKSPACE * 3 + text("Bea") + text("40") + pick(0)
    keys += tick() + NO_SYMPTOMS + EVERYDAY
    data, _, _ = run(keys + SKIP_FLEXIBILITY + NO_RED_FLAGS + CONFIRM)
    assert data["runner"]["name"] == "Bea" and data["runner"]["age"] == 40


def test_dont_know_leaves_an_answer_open(run):
    keys = text("Ana") + text("34") + pick(3) + tick() + tick(5) + NO_SITES + ENTER  # pain
    data, _, _ = run(keys + AFTER_PAIN + SKIP_FLEXIBILITY + NO_RED_FLAGS + CONFIRM)
    assert "strength_experience" not in data["runner"] and "level" not in data["pain"]


def test_pain_is_asked_for_tightness_too(run):
    keys = RUNNER + tick(3) + NO_SITES + text("2") + AFTER_PAIN
    data, _, _ = run(keys + SKIP_FLEXIBILITY + NO_RED_FLAGS + CONFIRM)
    assert data["pain"] == {"sites": [], "level": 2}
    assert data["symptoms"]["hamstring_tightness"] is True


def test_a_clinician_score_asks_self_report_one_below_the_cut_off(run):
    keys = RUNNER + NO_SYMPTOMS + EVERYDAY + SCORE + text("4") + tick(1, 2) + NO_RED_FLAGS + CONFIRM
    data, _, _ = run(keys)
    assert data["hypermobility"]["beighton_score"] == 4
    assert data["hypermobility"]["self_report"]["thumb_to_forearm"] is True


def test_chest_pain_is_answered_at_once_with_urgent_words(run):
    data, _, said = run(RUNNER + NO_SYMPTOMS + EVERYDAY + SKIP_FLEXIBILITY + tick(1) + CONFIRM)
    assert data["red_flags"]["chest_pain"] is True
    urgent = next(i for i, line in enumerate(said) if line.startswith("URGENT:"))
    assert "emergency number" in said[urgent]
    assert said[urgent + 1] == "Your answers"  # said before the review, right after the question


def test_another_red_flag_gets_the_calm_line(run):
    _, _, said = run(RUNNER + NO_SYMPTOMS + EVERYDAY + SKIP_FLEXIBILITY + tick(2) + CONFIRM)
    notice = load_catalogue().group("red_flags").notice
    assert notice is not None and notice.text in said
    assert not any(line.startswith("URGENT") for line in said)


# ------------------------------------------------------------------ asked where it applies

BEFORE_PREGNANCY = RUNNER + NO_SYMPTOMS + NO_SITES + ENTER * 3  # no distance, injury, fracture
PREGNANT, AFTER_BIRTH = pick(1), pick(2)
WARNING_SIGNS = RED_FLAG_COUNT - 1  # shown before "I am not sure" to a pregnant runner


def prompts_about(walk: Recorded, *words: str) -> list[str]:
    return [a for a in walk.asked if any(w in a for w in words)]


def test_a_pregnant_runner_is_asked_weeks_pelvic_floor_and_the_warning_signs(run):
    keys = BEFORE_PREGNANCY + PREGNANT + text("24") + ENTER  # pelvic floor: "No"
    keys += SKIP_FLEXIBILITY + tick(WARNING_SIGNS) + CONFIRM
    data, walk, said = run(keys)
    assert data["pregnancy"] == {"status": "pregnant", "weeks": 24, "pelvic_floor_symptoms": False}
    assert data["red_flags"]["pregnancy_warning_signs"] is True
    assert not any(
        data["red_flags"][k] for k in data["red_flags"] if k != "pregnancy_warning_signs"
    )
    assert len(prompts_about(walk, "Are you pregnant")) == 1  # once, and never again
    assert prompts_about(walk, "weeks pregnant") and prompts_about(walk, "leaking")
    assert not prompts_about(walk, "without a period")  # not asked in pregnancy
    assert "health" not in data
    urgent = next(line for line in said if line.startswith("URGENT:"))
    assert "maternity" in urgent


def test_a_pregnant_runner_sees_one_more_box_on_the_safety_list(run):
    """The warning signs sit above "I am not sure", so "None of these" moves down one."""
    keys = BEFORE_PREGNANCY + PREGNANT + text("12") + ENTER + SKIP_FLEXIBILITY
    data, _, _ = run(keys + tick(RED_FLAG_COUNT + 1) + CONFIRM)
    assert not any(data["red_flags"].values())
    assert data["red_flags"]["pregnancy_warning_signs"] is False  # asked, and answered no


def test_after_a_birth_weeks_and_the_pelvic_floor_are_asked_but_not_the_warning_signs(run):
    keys = BEFORE_PREGNANCY + AFTER_BIRTH + text("8") + UP + ENTER  # pelvic floor: yes
    data, walk, _ = run(keys + SKIP_FLEXIBILITY + NO_RED_FLAGS + CONFIRM)
    assert data["pregnancy"] == {"status": "postpartum", "weeks": 8, "pelvic_floor_symptoms": True}
    assert "pregnancy_warning_signs" not in data["red_flags"]  # the box was never shown
    assert not prompts_about(walk, "without a period")


def test_a_runner_who_is_neither_is_asked_about_periods_only(run):
    data, walk, _ = run(
        BEFORE_PREGNANCY + ENTER + pick(1) + SKIP_FLEXIBILITY + NO_RED_FLAGS + CONFIRM
    )
    assert data["pregnancy"] == {"status": "none"} and data["health"] == {"missed_periods": "yes"}
    assert not prompts_about(walk, "weeks pregnant", "leaking")
    assert "pregnancy_warning_signs" not in data["red_flags"]


def test_changing_pregnant_to_neither_in_the_review_asks_about_periods_and_drops_the_rest(run):
    keys = BEFORE_PREGNANCY + PREGNANT + text("30") + ENTER + SKIP_FLEXIBILITY
    keys += tick(WARNING_SIGNS)
    # the 10th review line is "Pregnancy": change it to neither, then answer the periods question
    keys += pick(10) + UP + ENTER + ENTER + CONFIRM
    data, walk, _ = run(keys)
    assert data["pregnancy"] == {"status": "none"}
    assert "pregnancy_warning_signs" not in data["red_flags"]
    assert data["health"] == {"missed_periods": "no"}
    assert len(prompts_about(walk, "without a period")) == 1


def test_distances_in_miles_are_written_in_km_and_the_earlier_one_follows(run):
    keys = RUNNER + NO_SYMPTOMS + NO_SITES + text("12 mi") + text("8 mi") + ENTER * 4
    data, walk, said = run(keys + SKIP_FLEXIBILITY + NO_RED_FLAGS + CONFIRM)
    assert data["training"] == {"weekly_km": 19, "weekly_km_before": 13}
    assert len(prompts_about(walk, "two weeks before that")) == 1
    assert "12 mi (19 km)" in " ".join(said)  # the echo says what was kept


def test_no_earlier_distance_after_a_week_of_no_running(run):
    keys = RUNNER + NO_SYMPTOMS + NO_SITES + text("0") + ENTER * 4
    data, walk, _ = run(keys + SKIP_FLEXIBILITY + NO_RED_FLAGS + CONFIRM)
    assert data["training"] == {"weekly_km": 0}
    assert not prompts_about(walk, "two weeks before that")


def test_a_hamstring_strain_ticked_is_dated(run):
    keys = RUNNER + tick(4) + NO_SITES + text("2") + ENTER + ENTER + pick(0)  # under 3 months
    data, walk, _ = run(keys + ENTER * 3 + SKIP_FLEXIBILITY + NO_RED_FLAGS + CONFIRM)
    assert data["history"]["hamstring_strain"] == "under_3_months"
    assert prompts_about(walk, "strain a hamstring")


def test_a_sore_heel_alone_asks_how_much_it_hurts(run):
    keys = RUNNER + NO_SYMPTOMS + tick(0) + text("3") + AFTER_PAIN
    data, _, _ = run(keys + SKIP_FLEXIBILITY + NO_RED_FLAGS + CONFIRM)
    assert data["pain"] == {"sites": ["heel"], "level": 3}


def test_validation_explains_and_asks_again(run):
    keys = text("A" * 81) + BACKSPACE + ENTER + text("7") + text("34") + pick(0) + tick()
    keys += NO_SYMPTOMS + EVERYDAY
    data, walk, said = run(keys + SKIP_FLEXIBILITY + NO_RED_FLAGS + CONFIRM)
    assert data["runner"]["name"] == "A" * 80
    assert data["runner"]["age"] == 34
    assert any(line.startswith("Please type 1 to 80 characters on one line") for line in said)
    assert "Please type a whole number from 12 to 100." in said
    assert walk.asked[:4] == [walk.asked[0]] * 2 + [walk.asked[2]] * 2


def test_review_changes_an_answer(run):
    # In review: down to "Age" (the 2nd line under "All correct"), type a new age, confirm.
    keys = RUNNER + NO_SYMPTOMS + EVERYDAY + SKIP_FLEXIBILITY + NO_RED_FLAGS
    keys += pick(2) + BACKSPACE * 2 + text("41") + CONFIRM
    data, walk, _ = run(keys)
    assert data["runner"]["age"] == 41
    assert len([a for a in walk.asked if a.startswith("Is everything")]) == 2


def test_review_change_that_opens_and_closes_a_follow_up(run, tmp_path):
    # Tick knee pain in review: the pain question follows; untick it: pain is forgotten.
    keys = RUNNER + NO_SYMPTOMS + EVERYDAY + SKIP_FLEXIBILITY + NO_RED_FLAGS
    keys += pick(5) + tick(5) + text("3")  # the 5th line is "How running feels"
    data, _, _ = run(keys + CONFIRM)
    assert data["pain"] == {"sites": [], "level": 3}
    keys += pick(5) + tick(5) + CONFIRM  # untick
    data, _, _ = run(keys, Draft(tmp_path / "other.json"))
    assert data["pain"] == {"sites": []} and data["symptoms"]["knee_pain"] is False


def test_review_change_of_route_drops_the_old_branch(run):
    keys = RUNNER + NO_SYMPTOMS + EVERYDAY + SCORE + text("6") + NO_RED_FLAGS
    # the 12th line, after the runner's 4, the symptoms, where it hurts, distance, injury,
    # stress fracture, pregnancy and periods, is the route: score -> checks
    keys += pick(12) + UP + ENTER + DONT_KNOW * 9 + CONFIRM
    data, _, _ = run(keys)
    assert "beighton_score" not in data["hypermobility"]
    assert set(data["hypermobility"]["beighton"].values()) == {None}


# What each prompt of FULL returns, for the fast walk below (prompts replaced by a script).
FULL_VALUES: list[Any] = [
    "Ana Lopez",
    "34",
    "beginner",
    ["foam_roller", "kettlebell"],
    ["symptoms.shin_splints"],
    ["shin"],
    "4",
    "30",
    "20",
    "under_3_months",
    "no",
    "none",
    "no",
    "checks",
    *["yes"] * 4,
    *["no"] * 4,
    "dont_know",
    ["hypermobility.self_report.palms_to_floor", "hypermobility.self_report.double_jointed"],
    ["red_flags.focal_bone_pain"],
    "<done>",
]


class Scripted(Intake):
    """An intake whose prompts return scripted values, then raise KeyboardInterrupt."""

    def __init__(self, values: list[Any], *args: Any) -> None:
        super().__init__(*args, Console(echo=lambda _: None))
        self.values = list(values)

    def _ask(self, kind: Any, prompt: str, **kwargs: Any) -> Any:
        if not self.values:
            raise KeyboardInterrupt
        return self.values.pop(0)


def as_file(data: dict[str, Any]) -> str:
    return answers_yaml(data, origin="test")


def test_interrupt_at_every_question_then_resume_gives_the_same_file(run, tmp_path, questionnaire):
    whole, _, _ = run("".join(FULL), Draft(tmp_path / "whole.json"))
    expected = as_file(whole)
    assert len(FULL_VALUES) == len(FULL)
    scripted = Scripted(FULL_VALUES, Draft(tmp_path / "s.json"), questionnaire).run()
    assert as_file(scripted) == expected
    for k in range(len(FULL_VALUES)):
        path = tmp_path / f"draft-{k}.json"
        with pytest.raises(KeyboardInterrupt):
            Scripted(FULL_VALUES[:k], Draft(path), questionnaire).run()
        draft = load_draft(path) if k else Draft(path)  # nothing answered: nothing saved
        assert draft is not None, k
        resumed = Scripted(FULL_VALUES[k:], draft, questionnaire).run()
        assert as_file(resumed) == expected, f"interrupted at question {k}"


def test_back_is_never_recorded(tmp_path, questionnaire):
    values = ["Ana", "34", BACK, "35", "none", [], [], [], "", "none", "no", "none", "no"]
    values += ["skip", ["none"], "<done>"]
    data = Scripted(values, Draft(tmp_path / "d.json"), questionnaire).run()
    assert data["runner"]["age"] == 35


# in a text, a tick-list, a typed distance, a select, a check, the review
@pytest.mark.parametrize("k", [1, 4, 7, 9, 19, 25])
def test_ctrl_c_with_keys_then_resume_gives_the_same_file(run, tmp_path, questionnaire, k):
    whole = Scripted(FULL_VALUES, Draft(tmp_path / "whole.json"), questionnaire).run()
    path = tmp_path / "draft.json"
    stopped, walk, _ = run("".join(FULL[:k]) + "half-typed" + CTRL_C, Draft(path))
    assert isinstance(stopped, KeyboardInterrupt)
    draft = load_draft(path)
    assert draft is not None and draft.answers == walk.draft.answers
    resumed, _, _ = run("".join(FULL[k:]), draft)
    assert as_file(resumed) == as_file(whole)


def test_drafts_are_saved_after_every_answer(run, tmp_path):
    path = tmp_path / "draft.json"
    run(text("Ana") + text("34") + CTRL_C)
    saved = json.loads(path.read_text())
    assert saved["answers"] == {"runner.name": "Ana", "runner.age": 34}
    assert not list(tmp_path.glob("*.part"))


def test_a_draft_with_unknown_or_bad_entries_asks_those_again(run, tmp_path):
    path = tmp_path / "draft.json"
    path.write_text(
        json.dumps({"answers": {"runner.name": "Ana", "runner.age": 7, "runner.shoe": "x"}})
    )
    _, walk, said = run(text("34") + CTRL_C)
    assert walk.draft.answers == {"runner.name": "Ana", "runner.age": 34}
    assert said[0] == (
        "2 saved answers no longer fit these questions and will be asked again: "
        "runner.age, runner.shoe."
    )


def test_a_draft_from_a_newer_version_is_kept_and_named(tmp_path):
    path = tmp_path / "draft.json"
    path.write_text(json.dumps({"version": 99, "answers": {"runner.name": "Ana"}}))
    with pytest.raises(ScreeningError, match="newer version of screening"):
        load_draft(path)
    assert path.exists()


def test_resume_names_a_damaged_draft_instead_of_hiding_it(tmp_path):
    store = DraftStore(tmp_path / ".intakes")
    good = store.new()
    good.answers["runner.name"] = "Jo Kim"
    good.save()
    bad = store.new()
    bad.path.write_text("{not json")
    with create_pipe_input() as pipe:
        pipe.send_text(ENTER)  # the latest: the damaged one
        pipe.close()
        shown: list[str] = []
        console = Console(input=pipe, output=Screen(), echo=shown.append)
        with pytest.raises(ScreeningError, match="damaged; delete it to start again"):
            pick_draft(store, console)
    assert "A draft that cannot be read" in " ".join(click.unstyle(shown[0]).split())
    assert bad.path.exists() and good.path.exists()


def test_a_damaged_draft_is_one_plain_error(tmp_path):
    path = tmp_path / "draft.json"
    path.write_text("{not json")
    with pytest.raises(ScreeningError, match="damaged; delete it to start again"):
        load_draft(path)


def test_each_intake_has_its_own_draft(tmp_path):
    store = DraftStore(tmp_path / ".intakes")
    first, second = store.new(), store.new()
    assert first.id != second.id
    first.answers["runner.name"] = "Jo Kim"
    first.save()
    second.answers["runner.name"] = "Al Lee"
    second.save()
    assert sorted(d.name for d in store.unfinished()) == ["Al Lee", "Jo Kim"]
    assert (tmp_path / ".intakes").stat().st_mode & 0o777 == 0o700
    assert first.path.stat().st_mode & 0o777 == 0o600
    assert store.load(first.id).answers == {"runner.name": "Jo Kim"}


@pytest.mark.parametrize(("keys", "name"), [(ENTER, "Al Lee"), (UP + ENTER, "Jo Kim")])
def test_resume_asks_which_intake_when_there_are_several(tmp_path, keys, name):
    store = DraftStore(tmp_path / ".intakes")
    for who in ("Jo Kim", "Al Lee"):
        draft = store.new()
        draft.answers["runner.name"] = who
        draft.save()
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        console = Console(input=pipe, output=Screen(), echo=lambda _: None)
        assert pick_draft(store, console).name == name


def test_intake_without_a_terminal_says_so_and_exits_2(tmp_path):
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "screening"), "intake"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=30,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "not one" in done.stderr and "screening plan ANSWERS_FILE" in done.stderr
    assert not Path(tmp_path / "reports").exists()


NAME_100 = "Bartholomew " * 8 + "Fitz"  # 100 characters: refused with its length


@pytest.mark.parametrize("columns", [60, 80])
def test_every_line_said_breaks_between_words(run, columns):
    """Echoed answers (long choice labels too), notices, validation messages and the review
    at 60 and 80 columns: no line wider than the terminal, no word cut in two."""
    keys = text(NAME_100) + BACKSPACE * 100 + "".join(FULL)
    keys = keys.replace(text("34"), text("7") + text("34"), 1)  # a refused age
    keys = keys.replace(tick(7), tick(1, 5), 1)  # chest pain (urgent) and a long sign
    data, _, said = run(keys, columns=columns)
    assert data["red_flags"]["chest_pain"] is True
    lines = [click.unstyle(line) for chunk in run.shown for line in chunk.split("\n")]
    assert too_wide(lines, columns - 1) == []
    assert broken_words(lines, typed=[NAME_100, "Ana Lopez"]) == []
    said_text = " ".join(said)
    assert "What you typed is 100 characters long." in said_text
    assert "URGENT: If you have chest pain" in said_text
    assert "soft-tissue problem" in said_text  # a long label, echoed whole
    assert len(lines) > 40


@pytest.mark.parametrize("width", [59, 79])
def test_every_question_and_choice_is_laid_out_between_words(questionnaire, width):
    """What questionary is given to show, for every step: the question, its hint and each
    choice, wrapped by us so prompt_toolkit never cuts a word."""
    for step in questionnaire.steps:
        for hint, typed in ((TICK_HINT, False), ("(Enter on an empty line: don't know)", True)):
            message, instruction = _lay_out(step.prompt, hint, width, typed)
            shown = f"? {message} {instruction}".split("\n")
            assert too_wide(shown, width) == [], step.path
            assert broken_words(shown) == [], step.path
        for option in questionnaire.options(step):
            choice = _wrapped_choice(Choice(option.label, option.value), width - 5, " " * 5)
            lines = (" » ○ " + str(choice.title)).split("\n")
            assert too_wide(lines, width) == [] and broken_words(lines) == [], option.label


def test_no_terminal_to_ask_on_is_one_plain_error(monkeypatch):
    """Output redirected and no controlling terminal (/dev/tty) either: refused in words."""

    def no_tty(*args: Any, **kwargs: Any) -> Any:
        raise OSError(6, "No such device or address")

    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(console_module, "open", no_tty, raising=False)
    with pytest.raises(ScreeningError, match="shows its questions on a terminal"):
        console_module.open_terminal()
