"""Where the runner stands on each progression in the knowledge base (no weight, then a light
weight, then swings): worked out from the routine the rules chose and what they left out."""

from __future__ import annotations

from screening.core.knowledge import KnowledgeBase, ProgressionStep
from screening.core.plan import LeftOut, ProgressionItem, ProgressionStepItem, RoutineItem


def _holds(routine: list[RoutineItem], step: ProgressionStep) -> bool:
    return any(
        item.exercise == step.exercise and step.dose in (None, item.dose_id) for item in routine
    )


def progressions(
    kb: KnowledgeBase, routine: list[RoutineItem], left_out: list[LeftOut]
) -> list[ProgressionItem]:
    """Each progression with a step in the routine: the steps behind the runner are done, those
    in the routine are now, the first after them is next; a step ahead that a rule left out
    carries that reason."""
    reasons = {lo.exercise: lo.reason for lo in left_out if lo.exercise}
    out = []
    for progression in kb.progressions.values():
        now = [i for i, step in enumerate(progression.steps) if _holds(routine, step)]
        if not now:
            continue
        steps = []
        for i, step in enumerate(progression.steps):
            if i in now:
                status = "now"
            elif i < now[-1]:
                status = "done"
            else:
                status = "next" if i == now[-1] + 1 else "later"
            ahead = status in ("next", "later")
            steps.append(
                ProgressionStepItem(
                    stage=step.stage,
                    exercise=step.exercise,
                    dose=step.dose,
                    how=step.how,
                    move_on=step.move_on,
                    status=status,
                    note=reasons.get(step.exercise) if ahead else None,
                )
            )
        out.append(
            ProgressionItem(
                id=progression.id, title=progression.title, steps=steps, source=progression.source
            )
        )
    return out
