"""The facts rules can test: the runner's answers, flattened to dotted names, plus a few
derived ones (equipment ticks, the hyper-mobility assessment, the self-report count, the rise
in weekly distance, shin or foot pain)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from screening.core.catalogue import Question, load_catalogue
from screening.core.hypermobility import Assessment, Status

WEIGHTS = ("barbell", "kettlebell", "dumbbells")
# Where a bone-stress injury of the lower leg shows itself: the shin and the foot (heel too).
BONE_STRESS_SITES = ("shin", "foot", "heel")
SELF_REPORT = "hypermobility.self_report."
# Facts declared by rules rather than answered: `referral: present` (or `absent`),
# `running: held` (or `allowed`; held by a referral or a `no_running` effect),
# `emphasis: <emphasis id>`, `recommended: <exercise id>`.
DERIVED_FACTS = frozenset({"referral", "running", "emphasis", "recommended"})


def _ticked(q: Question, choice: str) -> str:
    """The fact for one value of a list answer: `pain.sites.shin`; the runner's own lists keep
    their first names (`equipment.kettlebell`)."""
    return f"{q.id if q.path.startswith('runner.') else q.path}.{choice}"


def _fact_values() -> dict[str, tuple[type, frozenset[Any] | None]]:
    """Each fact's type and, where the set is closed, its possible values."""
    kinds: dict[str, tuple[type, frozenset[Any] | None]] = {}
    for q in load_catalogue().questions():
        if q.path.startswith(SELF_REPORT):
            kinds[q.path] = (bool, None)
        if q.path.startswith("hypermobility."):
            continue  # rules see the assessment, not the raw Beighton items
        if q.type == "multi":
            kinds.update({_ticked(q, choice): (bool, None) for choice in q.choices})
        elif q.type == "choice":
            kinds[q.path] = (str, frozenset(q.choices))
        elif q.type == "integer":
            kinds[q.path] = (int, None)
        elif q.type == "text":
            kinds[q.path] = (str, None)
        else:
            kinds[q.path] = (bool, None)
    kinds["equipment.weights"] = (bool, None)
    kinds["hypermobility.status"] = (str, frozenset(Status.__args__))  # type: ignore[attr-defined]
    kinds["hypermobility.score"] = (int, None)
    kinds["hypermobility.cutoff"] = (int, None)
    kinds["hypermobility.summary"] = (str, None)
    kinds["hypermobility.self_report_yes"] = (int, None)
    kinds["training.rise_percent"] = (int, None)
    kinds["pain.shin_or_foot"] = (bool, None)
    return kinds


# Derived facts in words, for a plan that shows the answers behind a decision.
DERIVED_LABELS = {
    "pain.shin_or_foot": "Pain in the shin or the foot (heel included, or shin splints)",
    "training.rise_percent": "Rise in weekly distance over two weeks, in per cent",
    "equipment.weights": "Weights to hand (a barbell, kettlebell or dumbbells)",
    "hypermobility.status": "Joint flexibility (Beighton assessment)",
    "hypermobility.self_report_yes": "Flexibility questions answered yes",
}

# The answers a derived yes/no fact is made of (any of them makes it true).
DERIVED_FROM = {
    "pain.shin_or_foot": (
        *(f"pain.sites.{site}" for site in BONE_STRESS_SITES),
        "symptoms.shin_splints",
    ),
}

FACT_VALUES = _fact_values()
FACT_NAMES = frozenset(FACT_VALUES)
# Facts that may be unknown (a rule can test `null`): numbers and choices with no default, and
# the rise in distance when either distance is unknown or the earlier one was 0.
NULLABLE_FACTS = frozenset(
    {
        q.path
        for q in load_catalogue().questions()
        if q.type in ("integer", "choice", "text")
        and q.default is None
        and not q.required
        and q.path != "pain.level"  # unknown pain counts as 0
        and not q.path.startswith("hypermobility.")  # rules see the assessment
    }
    | {"training.rise_percent", "hypermobility.score"}
)
assert len({n.replace(".", "_") for n in FACT_NAMES}) == len(FACT_NAMES), "fact names collide"


def runner_facts(answers: BaseModel, assessment: Assessment) -> dict[str, Any]:
    """Every fact about one runner by dotted name (all present, so rules can test `false`)."""
    facts: dict[str, Any] = {}
    for q in load_catalogue().questions():
        if q.path.startswith("hypermobility."):
            continue
        group, _, field = q.path.partition(".")
        value = getattr(getattr(answers, group), field)
        if q.type == "multi":
            for choice in q.choices:
                facts[_ticked(q, choice)] = choice in value
        else:
            facts[q.path] = value
    facts["pain.level"] = facts["pain.level"] or 0
    # A hamstring strain dated in the history is a hamstring strain (the tick means "any time").
    facts["symptoms.hamstring_strain_history"] |= answers.history.hamstring_strain != "none"
    facts["pain.shin_or_foot"] = any(facts[f] for f in DERIVED_FROM["pain.shin_or_foot"])
    facts["training.rise_percent"] = rise_percent(
        answers.training.weekly_km, answers.training.weekly_km_before
    )
    facts["equipment.weights"] = any(facts[f"equipment.{w}"] for w in WEIGHTS)
    facts["hypermobility.status"] = assessment.status
    facts["hypermobility.score"] = assessment.score
    facts["hypermobility.cutoff"] = assessment.cutoff
    facts["hypermobility.summary"] = assessment.summary
    # The five-question self-report: each answer (unanswered is no) and how many were yes.
    self_report = answers.hypermobility.self_report
    for q in load_catalogue().group("hypermobility.self_report").questions():
        facts[q.path] = bool(self_report and getattr(self_report, q.id))
    facts["hypermobility.self_report_yes"] = assessment.self_report_yes
    return facts


def rise_percent(now: int | None, before: int | None) -> int | None:
    """How much the weekly distance rose, in whole per cent of the earlier one (negative when it
    fell); unknown when either is, or when the earlier one was 0 (a start, not a rise)."""
    if now is None or before is None or before == 0:
        return None
    return round((now - before) * 100 / before)
