"""Beighton assessment with the 2017 age cut-offs and the one-point-below self-report rule."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

Status = Literal["hypermobile", "uncertain", "not_hypermobile", "not_checked"]
BEIGHTON_ITEMS = (
    "pinky_left",
    "pinky_right",
    "thumb_left",
    "thumb_right",
    "elbow_left",
    "elbow_right",
    "knee_left",
    "knee_right",
    "palms_to_floor",
)


@dataclass(frozen=True)
class BeightonSettings:
    instrument: str
    cutoffs: tuple[tuple[int, int], ...]  # (up to age, cut-off), ascending
    self_report_needed: int

    def cutoff(self, age: int) -> int:
        for up_to_age, cutoff in self.cutoffs:
            if age <= up_to_age:
                return cutoff
        return self.cutoffs[-1][1]


@dataclass(frozen=True)
class Assessment:
    status: Status
    method: str  # "clinician score", "self-test of the nine items" or "not assessed"
    score: int | None  # points counted (items answered yes, or the clinician's score)
    unknown_items: tuple[str, ...]
    cutoff: int
    self_report_yes: int
    summary: str  # one line a clinician would write

    @property
    def hypermobile(self) -> bool:
        return self.status == "hypermobile"


# From the most cautious reading to the least: when two readings disagree, the first wins.
CAUTION: tuple[Status, ...] = ("hypermobile", "uncertain", "not_hypermobile")


def assess(hyper: Any, age: int, settings: BeightonSettings) -> Assessment:
    """Classify generalised joint hyper-mobility from the `hypermobility` answers.

    Given both a clinician's score and the nine items, the plan follows the clinician's score
    unless the two lead to different findings: then it takes the more cautious one (a score of
    0 beside nine "yes" items means hyper-mobile, so no stretches) and says so in the summary.
    """
    cutoff = settings.cutoff(age)
    self_report = hyper.self_report
    yes_answers = sum(bool(v) for v in self_report.model_dump().values()) if self_report else 0
    readings = []
    if hyper.beighton_score is not None:
        readings.append(
            _reading(
                hyper.beighton_score, (), "clinician score", age, cutoff, yes_answers, settings
            )
        )
    if hyper.beighton is not None:
        items = hyper.beighton.model_dump()
        score = sum(1 for k in BEIGHTON_ITEMS if items[k] is True)
        unknown = tuple(k for k in BEIGHTON_ITEMS if items[k] is None)
        readings.append(
            _reading(
                score, unknown, "self-test of the nine items", age, cutoff, yes_answers, settings
            )
        )
    if not readings:
        summary = "Beighton score not assessed"
        if self_report:  # the self-report alone says "possible", never "hyper-mobile"
            summary += f"; five-question self-report: {yes_answers} of 5 yes"
        return Assessment(
            "not_checked", "not assessed", None, BEIGHTON_ITEMS, cutoff, yes_answers, summary
        )
    if len({r.status for r in readings}) == 1:
        return readings[0]  # the clinician's score, when there is one
    chosen, other = sorted(readings, key=lambda r: CAUTION.index(r.status))
    note = (
        f"; the {other.method} gives {other.score}/9, which reads otherwise: the plan follows "
        "the more cautious reading"
    )
    return replace(chosen, summary=chosen.summary + note)


def _reading(
    score: int,
    unknown: tuple[str, ...],
    method: str,
    age: int,
    cutoff: int,
    yes_answers: int,
    settings: BeightonSettings,
) -> Assessment:
    """The finding from one count of points (a clinician's score, or the items answered)."""
    one_below = score == cutoff - 1 and yes_answers >= settings.self_report_needed
    if score >= cutoff or one_below:
        status: Status = "hypermobile"
    elif score + len(unknown) >= cutoff - (1 if yes_answers >= settings.self_report_needed else 0):
        status = "uncertain"
    else:
        status = "not_hypermobile"
    criteria = f"at age {age} (cut-off {cutoff}, 2017 criteria; {method})"
    if len(unknown) == len(BEIGHTON_ITEMS):  # nothing answered: no score to print, not 0/9
        summary = f"Beighton score not known {criteria}: all nine checks answered don't know"
        return Assessment(status, method, score, unknown, cutoff, yes_answers, summary)
    summary = f"Beighton {score}/9 {criteria}"
    if one_below and score < cutoff:
        summary += f", one point below with {yes_answers} of 5 self-report answers yes"
    if unknown:
        summary += f"; not known: {', '.join(k.replace('_', ' ') for k in unknown)}"
    return Assessment(status, method, score, unknown, cutoff, yes_answers, summary)
