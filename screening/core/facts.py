"""The facts rules can test: the runner's answers, flattened to dotted names, plus a few
derived ones (equipment ticks, the hyper-mobility assessment, the self-report count)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from screening.core.catalogue import load_catalogue
from screening.core.hypermobility import Assessment, Status

WEIGHTS = ("barbell", "kettlebell", "dumbbells")
SELF_REPORT = "hypermobility.self_report."
# Facts declared by rules rather than answered: `referral: present` (or `absent`),
# `emphasis: <emphasis id>`, `recommended: <exercise id>`.
DERIVED_FACTS = frozenset({"referral", "emphasis", "recommended"})


def _fact_values() -> dict[str, tuple[type, frozenset[Any] | None]]:
    """Each fact's type and, where the set is closed, its possible values."""
    kinds: dict[str, tuple[type, frozenset[Any] | None]] = {}
    for q in load_catalogue().questions():
        if q.path.startswith(SELF_REPORT):
            kinds[q.path] = (bool, None)
        if q.path.startswith("hypermobility."):
            continue  # rules see the assessment, not the raw Beighton items
        if q.type == "multi":
            kinds.update({f"{q.id}.{choice}": (bool, None) for choice in q.choices})
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
    return kinds


FACT_VALUES = _fact_values()
FACT_NAMES = frozenset(FACT_VALUES)
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
                facts[f"{q.id}.{choice}"] = choice in value
        else:
            facts[q.path] = value
    facts["pain.level"] = facts["pain.level"] or 0
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
