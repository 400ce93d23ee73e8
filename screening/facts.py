"""The facts rules can test: the runner's answers, flattened to dotted names, plus a few
derived ones (equipment ticks, the hyper-mobility assessment)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from screening.catalogue import load_catalogue
from screening.hypermobility import Assessment

WEIGHTS = ("barbell", "kettlebell", "dumbbells")
# Facts declared by rules rather than answered: `referral: present` (or `absent`),
# `emphasis: <emphasis id>`, `recommended: <exercise id>`.
DERIVED_FACTS = frozenset({"referral", "emphasis", "recommended"})


def _answer_fact_names() -> frozenset[str]:
    names: set[str] = set()
    for q in load_catalogue().questions():
        if q.path.startswith("hypermobility."):
            continue  # rules see the assessment, not the raw items
        if q.type == "multi":
            names.update(f"{q.id}.{choice}" for choice in q.choices)
        else:
            names.add(q.path)
    names.update(
        {
            "equipment.weights",
            "hypermobility.status",
            "hypermobility.score",
            "hypermobility.cutoff",
            "hypermobility.summary",
        }
    )
    return frozenset(names)


FACT_NAMES = _answer_fact_names()
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
    return facts
