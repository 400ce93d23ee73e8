"""How a runner's plan changed since an earlier one: what they report now that they did not
then (and what they no longer report), every 0-10 score then and now, the hyper-mobility
finding, the focus, the referral, how the routine changed, and both visits' answers (for the
other answers, such as distance or pregnancy, which a renderer words).

Pure: two plans in, data out. The reported items are the ticks of the catalogue's top-level
checklists (symptoms, safety questions, and any added later), in the catalogue's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from screening.core.catalogue import Catalogue, Group, Question, answer_at, load_catalogue
from screening.core.plan import Plan, RoutineItem

T = TypeVar("T")
SCORE_RANGE = (0, 10)


@dataclass(frozen=True)
class ThenNow(Generic[T]):
    """One thing at the earlier visit and now."""

    then: T
    now: T

    @property
    def changed(self) -> bool:
        return self.then != self.now


@dataclass(frozen=True)
class Reported:
    """One box ticked in a checklist: its answer's path, its words and the checklist's title."""

    path: str
    label: str
    group: str


@dataclass(frozen=True)
class Score:
    """A 0-10 answer (pain) then and now; None where it was not asked or not answered."""

    path: str
    label: str
    then: int | None
    now: int | None


@dataclass(frozen=True)
class DoseChange:
    """An exercise in both routines, done differently now."""

    item: RoutineItem
    then: str
    now: str


@dataclass(frozen=True)
class RoutineChange:
    added: tuple[RoutineItem, ...]  # in the routine now, not then (in today's order)
    dropped: tuple[RoutineItem, ...]  # in the routine then, not now (in that plan's order)
    dose_changed: tuple[DoseChange, ...]
    kept: tuple[RoutineItem, ...]  # the same exercise at the same dose

    @property
    def changed(self) -> bool:
        return bool(self.added or self.dropped or self.dose_changed)


@dataclass(frozen=True)
class Comparison:
    """The plan of a later visit against the plan of an earlier one (made on `then_on`)."""

    then_on: date | None
    new: tuple[Reported, ...]
    gone: tuple[Reported, ...]
    still: tuple[Reported, ...]
    scores: tuple[Score, ...]
    referral: ThenNow[bool]
    hypermobility: ThenNow[str]
    focus: ThenNow[str | None]
    routine: RoutineChange
    answers: ThenNow[dict[str, Any]]


def compare(
    before: Plan, after: Plan, *, then_on: date | None = None, catalogue: Catalogue | None = None
) -> Comparison:
    """What changed from `before` (an earlier visit's plan) to `after`."""
    catalogue = catalogue or load_catalogue()
    then = _ticked(before.answers, catalogue)
    now = _ticked(after.answers, catalogue)
    return Comparison(
        then_on=then_on,
        new=tuple(r for r in now if r not in then),
        gone=tuple(r for r in then if r not in now),
        still=tuple(r for r in now if r in then),
        scores=_scores(before.answers, after.answers, catalogue),
        referral=ThenNow(before.referral.required, after.referral.required),
        hypermobility=ThenNow(before.hypermobility.summary, after.hypermobility.summary),
        focus=ThenNow(_focus(before), _focus(after)),
        routine=_routine(before, after),
        answers=ThenNow(before.answers, after.answers),
    )


def _ticked(answers: dict[str, Any], catalogue: Catalogue) -> list[Reported]:
    """Every yes in the top-level checklists, in catalogue order."""
    out = []
    for group in catalogue.groups:
        if group.checklist:
            out += [
                Reported(q.path, q.prompt, group.title)
                for q in group.questions()
                if answer_at(answers, q.path) is True
            ]
    return out


def is_score(question: Question) -> bool:
    """Whether a question is a 0-10 score (pain)."""
    return question.type == "integer" and (question.min, question.max) == SCORE_RANGE


def _score_label(question: Question, catalogue: Catalogue) -> str:
    """A score's name: its own few words where the catalogue gives them (pain: "How much it
    hurts"), its group's title when it is the group's only question, else its own prompt."""
    if question.short:
        return question.short
    if "." in question.path:
        group: Group = catalogue.group(question.path.rsplit(".", 1)[0])
        if len(group.questions()) == 1:
            return group.title
    return question.prompt


def _scores(then: dict[str, Any], now: dict[str, Any], catalogue: Catalogue) -> tuple[Score, ...]:
    out = []
    for q in catalogue.questions():
        if is_score(q):
            before, after = answer_at(then, q.path), answer_at(now, q.path)
            if before is not None or after is not None:
                out.append(Score(q.path, _score_label(q, catalogue), before, after))
    return tuple(out)


def scores(answers: dict[str, Any], catalogue: Catalogue | None = None) -> list[tuple[str, int]]:
    """The 0-10 scores answered (pain), as (name, value), in catalogue order."""
    return [(s.label, s.now) for s in _scores({}, answers, catalogue or load_catalogue())]


def _focus(plan: Plan) -> str | None:
    return plan.emphases[0].title if plan.emphases else None


def _routine(before: Plan, after: Plan) -> RoutineChange:
    then = {item.exercise: item for item in before.routine}
    now = {item.exercise: item for item in after.routine}
    both = [item for item in after.routine if item.exercise in then]
    return RoutineChange(
        added=tuple(item for item in after.routine if item.exercise not in then),
        dropped=tuple(item for item in before.routine if item.exercise not in now),
        dose_changed=tuple(
            DoseChange(item, then[item.exercise].dose, item.dose)
            for item in both
            if then[item.exercise].dose != item.dose
        ),
        kept=tuple(item for item in both if then[item.exercise].dose == item.dose),
    )
