"""The intake driven by keystrokes through prompt_toolkit's pipe input.

Each run sends all its keys up front and closes the pipe, so a run that asks more than the
keys answer ends with EOFError instead of waiting for input.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from screening.answers import parse_answers
from screening.catalogue import load_catalogue
from screening.drafts import Draft, load_draft
from screening.errors import ScreeningError
from screening.intake import Intake, answers_yaml, build_steps, continue_draft, problem
from tests.conftest import ROOT

ENTER, DOWN, SPACE, CTRL_C, BACKSPACE = "\r", "\x1b[B", " ", "\x03", "\x7f"
YES, NO, DONT_KNOW = ENTER, DOWN + ENTER, DOWN * 2 + ENTER  # tristate, nothing chosen yet


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
    """An intake that records each prompt's message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asked: list[str] = []

    def _ask(self, build: Any, *args: Any, **kwargs: Any) -> Any:
        self.asked.append(args[0])
        return super()._ask(build, *args, **kwargs)


@pytest.fixture
def run(tmp_path, kb):
    """run(keys) -> (answers data or the exception, the intake, lines said)."""

    def _run(keys: str, draft: Draft | None = None) -> tuple[Any, Recorded, list[str]]:
        said: list[str] = []
        draft = draft or load_draft(tmp_path / "draft.json") or Draft(tmp_path / "draft.json")
        with create_pipe_input() as pipe:
            pipe.send_text(keys)
            pipe.close()
            walk = Recorded(draft, kb.beighton, input=pipe, output=DummyOutput(), echo=said.append)
            try:
                result: Any = walk.run()
            except (KeyboardInterrupt, EOFError) as exc:
                result = exc
        return result, walk, [" ".join(click.unstyle(s).split()) for s in said]

    return _run


RUNNER = text("Ana Lopez") + text("34") + pick(1) + tick(0, 1)
NO_SYMPTOMS = tick()
SKIP_FLEXIBILITY = pick(2)
NO_RED_FLAGS = tick()
CONFIRM = ENTER

# A path through every kind of prompt: pain follow-up, the nine checks with "don't know", the
# self-report (score 4, one below the cut-off of 5 at 34), a red flag, then the review.
FULL = [
    text("Ana Lopez"),
    text("34"),
    pick(1),
    tick(0, 1),
    tick(2),  # shin splints
    text("4"),  # pain
    pick(1),  # the nine checks
    *[YES] * 4,
    *[NO] * 4,
    DONT_KNOW,
    tick(0, 4),  # self-report: two yes
    tick(7),  # focal bone pain
    CONFIRM,
]


def test_no_symptom_runner_sees_seven_questions_and_the_review(run):
    data, walk, said = run(RUNNER + NO_SYMPTOMS + SKIP_FLEXIBILITY + NO_RED_FLAGS + CONFIRM)
    assert len(walk.asked) == 8  # seven questions, then "Is everything right?"
    assert walk.asked[-1].startswith("Is everything right?")
    assert data["runner"] == {
        "name": "Ana Lopez",
        "age": 34,
        "strength_experience": "beginner",
        "equipment": ["foam_roller", "kettlebell"],
    }
    assert "pain" not in data and "hypermobility" not in data
    assert not any(data["symptoms"].values()) and not any(data["red_flags"].values())
    assert not any("doctor" in line for line in said)
    parse_answers(data)


def test_full_path_asks_every_follow_up(run):
    data, walk, said = run("".join(FULL))
    assert len(walk.asked) == len(FULL)
    assert data["pain"] == {"level": 4}
    items = data["hypermobility"]["beighton"]
    assert list(items.values()) == [True] * 4 + [False] * 4 + [None]
    assert data["hypermobility"]["self_report"]["palms_to_floor"] is True
    assert data["hypermobility"]["self_report"]["double_jointed"] is True
    assert "beighton_score" not in data["hypermobility"]
    assert data["red_flags"]["focal_bone_pain"] is True
    assert "Try each check now" in " ".join(said)


def test_pain_is_asked_for_knee_pain_too(run):
    data, _, _ = run(RUNNER + tick(5) + text("7") + SKIP_FLEXIBILITY + NO_RED_FLAGS + CONFIRM)
    assert data["pain"] == {"level": 7} and data["symptoms"]["knee_pain"] is True


def test_pain_is_asked_for_tightness_too(run):
    data, _, _ = run(RUNNER + tick(3) + text("2") + SKIP_FLEXIBILITY + NO_RED_FLAGS + CONFIRM)
    assert data["pain"] == {"level": 2} and data["symptoms"]["hamstring_tightness"] is True


def test_pain_is_not_asked_without_symptoms(run):
    data, walk, _ = run(RUNNER + NO_SYMPTOMS + SKIP_FLEXIBILITY + NO_RED_FLAGS + CONFIRM)
    assert "pain" not in data and not any("hurt?" in a for a in walk.asked)


@pytest.mark.parametrize(("score", "self_report_asked"), [("5", False), ("4", True)])
def test_a_clinician_score_asks_self_report_only_one_below_the_cut_off(
    run, score, self_report_asked
):
    keys = RUNNER + NO_SYMPTOMS + pick(0) + text(score)
    keys += (tick(1, 2) if self_report_asked else "") + NO_RED_FLAGS + CONFIRM
    data, _, _ = run(keys)
    assert data["hypermobility"].get("beighton_score") == int(score)
    assert ("self_report" in data["hypermobility"]) is self_report_asked
    assert "beighton" not in data["hypermobility"]


@pytest.mark.parametrize(("age", "score", "asked"), [(34, 2, False), (34, 9, False), (15, 5, True)])
def test_self_report_is_asked_only_where_it_can_count(tmp_path, kb, age, score, asked):
    self_report = [[]] if asked else []
    values = ["Ana", str(age), "none", [], [], "score", str(score), *self_report, [], "done"]
    data = Scripted(values, Draft(tmp_path / "d.json"), kb.beighton).run()
    assert ("self_report" in data["hypermobility"]) is asked


def test_self_report_cut_off_follows_age(run):
    """Over 50 the cut-off is 4: a score of 3 is one below."""
    keys = text("Old Runner") + text("61") + pick(0) + tick() + NO_SYMPTOMS + pick(0) + text("3")
    data, _, _ = run(keys + tick() + NO_RED_FLAGS + CONFIRM)
    assert data["hypermobility"]["self_report"] == dict.fromkeys(
        data["hypermobility"]["self_report"], False
    )


def test_nine_checks_all_unknown_is_allowed(run):
    keys = RUNNER + NO_SYMPTOMS + pick(1) + DONT_KNOW * 9 + NO_RED_FLAGS + CONFIRM
    data, _, _ = run(keys)
    assert set(data["hypermobility"]["beighton"].values()) == {None}
    # Uncertain whatever the self-report says (a clinician should check), so it is not asked.
    assert "self_report" not in data["hypermobility"]


def test_red_flag_is_answered_at_once(run):
    data, _, said = run(RUNNER + NO_SYMPTOMS + SKIP_FLEXIBILITY + tick(1) + CONFIRM)
    assert data["red_flags"]["chest_pain"] is True
    notice = load_catalogue().group("red_flags").notice
    at = said.index(notice)
    assert said[at + 1] == "Your answers"  # said before the review, right after the question


def test_validation_explains_and_asks_again(run):
    keys = text("A" * 81) + BACKSPACE + ENTER + text("7") + text("34") + pick(0) + tick()
    data, walk, said = run(keys + NO_SYMPTOMS + SKIP_FLEXIBILITY + NO_RED_FLAGS + CONFIRM)
    assert data["runner"]["name"] == "A" * 80
    assert data["runner"]["age"] == 34
    assert (
        "Please type text of 1 to 80 characters, without control characters (this is 81)." in said
    )
    assert "Please type a whole number from 12 to 100." in said
    assert walk.asked[:4] == [walk.asked[0]] * 2 + [walk.asked[2]] * 2


@pytest.mark.parametrize(
    ("typed", "ok"),
    [("12", True), ("100", True), ("11", False), ("101", False), ("1_2", False), ("", False)],
)
def test_age_limits_come_from_the_catalogue(typed, ok):
    assert (problem(load_catalogue().question("runner.age"), typed) is None) is ok


def test_review_changes_an_answer(run):
    # In review: down to "Age" (the 2nd line under "All correct"), type a new age, confirm.
    keys = RUNNER + NO_SYMPTOMS + SKIP_FLEXIBILITY + NO_RED_FLAGS
    keys += pick(2) + BACKSPACE * 2 + text("41") + CONFIRM
    data, walk, _ = run(keys)
    assert data["runner"]["age"] == 41
    assert [a for a in walk.asked if a.startswith("Is everything")].__len__() == 2


def test_review_change_that_opens_and_closes_a_follow_up(run):
    # Tick knee pain in review: the pain question follows; untick it: pain is forgotten.
    keys = RUNNER + NO_SYMPTOMS + SKIP_FLEXIBILITY + NO_RED_FLAGS
    keys += pick(5) + tick(5) + text("3")  # the 5th line is "How running feels"
    data, walk, _ = run(keys + CONFIRM)
    assert data["pain"] == {"level": 3}
    keys += pick(5) + tick(5) + CONFIRM  # untick
    data, walk, _ = run(keys, Draft(walk.draft.path.with_name("other.json")))
    assert "pain" not in data and data["symptoms"]["knee_pain"] is False


def test_review_change_of_route_drops_the_old_branch(run):
    keys = RUNNER + NO_SYMPTOMS + pick(0) + text("6") + NO_RED_FLAGS
    keys += pick(6) + pick(1) + DONT_KNOW * 9 + CONFIRM  # 6th line, the route: score -> checks
    data, _, _ = run(keys)
    assert "beighton_score" not in data["hypermobility"]
    assert set(data["hypermobility"]["beighton"].values()) == {None}


def test_review_lists_every_answer(run):
    result, walk, _ = run("".join(FULL[:-1]))  # stops (EOF) in the review
    assert isinstance(result, EOFError)
    lines = [text for text, _ in walk.entries()]
    assert lines == [
        "Name: Ana Lopez",
        "Age: 34",
        "Strength experience: A little; my form could use a check",
        "Equipment: A foam roller; A kettlebell",
        "How running feels: Pain along the shins (shin splints)",
        "How much it hurts: 4 of 10",
        "Joint flexibility: Try the nine quick checks now",
        "The nine Beighton checks: 4 yes, 4 no, 1 don't know",
        "Five questions about flexibility: 2 ticked: "
        + "; ".join(
            q.prompt
            for q in load_catalogue().group("hypermobility.self_report").questions()
            if q.id in ("palms_to_floor", "double_jointed")
        ),
        "Safety questions: One spot on a bone hurts when I press it or when I hop",
    ]


# What each prompt of FULL returns, for the fast walk below (prompts replaced by a script).
FULL_VALUES: list[Any] = [
    "Ana Lopez",
    "34",
    "beginner",
    ["foam_roller", "kettlebell"],
    ["symptoms.shin_splints"],
    "4",
    "checks",
    *["yes"] * 4,
    *["no"] * 4,
    "unknown",
    ["hypermobility.self_report.palms_to_floor", "hypermobility.self_report.double_jointed"],
    ["red_flags.focal_bone_pain"],
    "done",
]


class Scripted(Intake):
    """An intake whose prompts return scripted values, then raise KeyboardInterrupt."""

    def __init__(self, values: list[Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, echo=lambda _: None, **kwargs)
        self.values = list(values)

    def _ask(self, build: Any, *args: Any, **kwargs: Any) -> Any:
        if not self.values:
            raise KeyboardInterrupt
        return self.values.pop(0)


def test_interrupt_at_every_question_then_resume_gives_the_same_file(run, tmp_path, kb):
    whole, _, _ = run("".join(FULL), Draft(tmp_path / "whole.json"))
    expected = answers_yaml(whole)
    assert len(FULL_VALUES) == len(FULL)
    assert answers_yaml(Scripted(FULL_VALUES, Draft(tmp_path / "s.json"), kb.beighton).run()) == (
        expected
    )
    for k in range(len(FULL_VALUES)):
        path = tmp_path / f"draft-{k}.json"
        with pytest.raises(KeyboardInterrupt):
            Scripted(FULL_VALUES[:k], Draft(path), kb.beighton).run()
        draft = load_draft(path) if k else Draft(path)  # nothing answered: nothing saved
        assert draft is not None, k
        resumed = Scripted(FULL_VALUES[k:], draft, kb.beighton).run()
        assert answers_yaml(resumed) == expected, f"interrupted at question {k}"


@pytest.mark.parametrize("k", [1, 4, 12, 18])  # in a text, a tick-list, a check, the review
def test_ctrl_c_with_keys_then_resume_gives_the_same_file(run, tmp_path, kb, k):
    whole = Scripted(FULL_VALUES, Draft(tmp_path / "whole.json"), kb.beighton).run()
    path = tmp_path / "draft.json"
    stopped, walk, _ = run("".join(FULL[:k]) + "half-typed" + CTRL_C, Draft(path))
    assert isinstance(stopped, KeyboardInterrupt)
    draft = load_draft(path)
    assert draft is not None and draft.answers == walk.draft.answers
    resumed, _, _ = run("".join(FULL[k:]), draft)
    assert answers_yaml(resumed) == answers_yaml(whole)


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
    _, walk, _ = run(text("34") + CTRL_C)
    assert walk.draft.answers == {"runner.name": "Ana", "runner.age": 34}


def test_a_damaged_draft_is_one_plain_error(tmp_path):
    path = tmp_path / "draft.json"
    path.write_text("{not json")
    with pytest.raises(ScreeningError, match="damaged; delete it to start again"):
        load_draft(path)


@pytest.mark.parametrize(("keys", "expected"), [(ENTER, True), ("n", False)])
def test_an_unfinished_intake_is_offered_first(tmp_path, keys, expected):
    draft = Draft(tmp_path / "d.json", {"runner.name": "Ana"}, "2026-11-25 10:32")
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        assert continue_draft(draft, input=pipe, output=DummyOutput()) is expected


def test_answers_file_validates_and_reads_back(tmp_path, kb):
    data = Scripted(FULL_VALUES, Draft(tmp_path / "d.json"), kb.beighton).run()
    text_ = answers_yaml(data)
    assert text_.startswith("# Answers given in `screening intake` on ")
    assert parse_answers(yaml.safe_load(text_)).hypermobility.beighton.thumb_left is True


def test_route_choices_are_not_answer_fields():
    catalogue = load_catalogue()
    steps = build_steps(catalogue)
    routes = [s for s in steps if s.kind == "route"]
    assert [s.keys for s in routes] == [("hypermobility.ask_how",)]
    assert "hypermobility.ask_how" not in {q.path for q in catalogue.questions()}
    schema = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "screening"), "schema"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout
    assert "ask_how" not in schema and "notice" not in schema


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
