"""The "Since your last visit" page in words: a comparison (`screening.core.compare`) turned
into a then-and-now table and short lists, for the printed plan and the desk's record page."""

from __future__ import annotations

from dataclasses import dataclass

from screening.core.compare import Comparison, Score
from screening.render.view import date_text, is_loaded, told_more

TITLE = "Since your last visit"
NOT_REPORTED = "Nothing reported"
LOADED_DROPPED = "Strength work with weights, until a clinician says it is safe to add"


@dataclass(frozen=True)
class Row:
    """One line of the then-and-now table."""

    label: str
    then: str
    now: str
    changed: bool


@dataclass(frozen=True)
class Block:
    """A short list under a heading; `kind` (new, gone, same, changed) styles it."""

    title: str
    kind: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Since:
    title: str
    then_text: str  # "3 February 2025", or "your last visit" when the date is not known
    rows: tuple[Row, ...]
    told: tuple[Block, ...]
    told_none: str  # said when no list has an item
    routine: tuple[Block, ...]
    routine_note: str


def _score(value: int | None) -> str:
    return "not asked" if value is None else f"{value} out of 10"


def _score_row(score: Score) -> Row:
    return Row(score.label, _score(score.then), _score(score.now), score.then != score.now)


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _other_rows(c: Comparison) -> list[Row]:
    """Where it hurts, distance, past injuries, pregnancy and periods, in the words of the
    plan's "What you told us" (as a table cell, capitalised): a row for each reported at
    either visit."""
    then = {t.label: _upper_first(t.text) for t in told_more(c.answers.then)}
    now = {t.label: _upper_first(t.text) for t in told_more(c.answers.now)}
    labels = [*now, *(label for label in then if label not in now)]
    return [
        Row(
            label,
            then.get(label, NOT_REPORTED),
            now.get(label, NOT_REPORTED),
            then.get(label) != now.get(label),
        )
        for label in labels
    ]


def since_view(comparison: Comparison) -> Since:
    """The comparison in the plan's words. Loaded exercises dropped from a plan that now needs
    a referral are one line naming none of them (such a plan does not advertise weights)."""
    c = comparison
    rows = [
        Row(
            "See a clinician first",
            _yes_no(c.referral.then),
            _yes_no(c.referral.now),
            c.referral.changed,
        ),
        Row(
            "Focus",
            c.focus.then or "no particular focus",
            c.focus.now or "no particular focus",
            c.focus.changed,
        ),
        *(_score_row(s) for s in c.scores),
        *_other_rows(c),
        Row("Flexibility", c.hypermobility.then, c.hypermobility.now, c.hypermobility.changed),
    ]
    told = tuple(
        Block(title, kind, tuple(r.label for r in items))
        for title, kind, items in (
            ("New since last time", "new", c.new),
            ("No longer reported", "gone", c.gone),
            ("Still reported", "same", c.still),
        )
        if items
    )
    r = c.routine
    dropped: list[str] = []
    for item in r.dropped:
        if c.referral.now and is_loaded(item):
            if LOADED_DROPPED not in dropped:
                dropped.append(LOADED_DROPPED)
        else:
            dropped.append(item.name)
    routine = tuple(
        Block(title, kind, tuple(items))
        for title, kind, items in (
            ("New in the routine", "new", [i.name for i in r.added]),
            ("No longer in the routine", "gone", dropped),
            (
                "Done differently now",
                "changed",
                [f"{d.item.name}: {d.now} (last time: {d.then})" for d in r.dose_changed],
            ),
            ("The same as last time", "same", [i.name for i in r.kept]),
        )
        if items
    )
    return Since(
        title=TITLE,
        then_text=date_text(c.then_on) if c.then_on else "your last visit",
        rows=tuple(rows),
        told=told,
        told_none="You reported none of the listed symptoms or safety signs, then or now.",
        routine=routine,
        routine_note=(
            "Your routine changed: the pages that follow show it in full."
            if r.changed
            else "Your routine is the same as last time."
        ),
    )
