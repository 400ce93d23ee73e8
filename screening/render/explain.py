"""Plain-text reasoning for people: a plan's decisions (`screening explain`) and the contents
of a knowledge base (`screening rules`)."""

from __future__ import annotations

from typing import Any

from screening.core.knowledge import AddEffect, Effect, KnowledgeBase, OneOf, Range, Rule
from screening.core.plan import Because, Plan


def _value(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value is None:
        return "not known"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return str(value)


def answers_in_words(answers: dict[str, Any], empty: str = "every runner") -> str:
    """The answers behind a decision, e.g. `symptoms.knee_pain = yes; pain.level = 3`."""
    if not answers:
        return empty
    return "; ".join(f"{k} = {_value(v)}" for k, v in answers.items())


def _reason(because: Because, indent: str, bullet: str = "") -> list[str]:
    return [
        f"{indent}{bullet}{because.text}",
        f"{indent}{' ' * len(bullet)}  [rule {because.rule}: {answers_in_words(because.answers)}]",
    ]


def explain_plan(plan: Plan) -> str:
    """The plan's reasoning as a clinician would read it."""
    out = [f"{plan.runner.name}, {plan.runner.age}", ""]
    if plan.referral.required:
        out.append("REFERRAL: see a clinician before starting")
        for reason in plan.referral.reasons:
            out += _reason(reason, "  ", "- ")
    else:
        out.append("Referral: none (no red flags reported)")
    if plan.running_hold:
        out.append("NOT RUNNING FOR NOW")
        for reason in plan.running_hold:
            out += _reason(reason, "  ", "- ")
    status = plan.hypermobility.status.replace("_", " ")
    out += ["", f"Hyper-mobility: {status} - {plan.hypermobility.summary}", "", "Emphasis"]
    for emphasis in plan.emphases:
        out.append(f"  {emphasis.title}")
        for because in emphasis.because:
            out += _reason(because, "    ")
    if plan.notes:
        out += ["", "Notes"]
    for note in plan.notes:
        out.append(f"  {note.title}: {note.text}")
        for because in note.because:
            out += _reason(because, "    ")
    out += ["", "Routine, in order"]
    for i, item in enumerate(plan.routine, 1):
        out.append(f"  {i}. {item.name} ({item.kind}): {item.dose}")
        for because in item.because:
            out += _reason(because, "     ")
    for progression in plan.progression:
        out += ["", f"Progression: {progression.title}"]
        for step in progression.steps:
            out.append(f"  [{step.status}] {step.stage} ({step.exercise})")
            if step.note:
                out.append(f"      for now: {step.note}")
    out += ["", "Left out"]
    if not plan.left_out:
        out.append("  nothing")
    for left in plan.left_out:
        out.append(f"  - {left.name}: {left.reason} [rule {left.rule}]")
    out += ["", "Rules fired, in order (priority)"]
    for entry in plan.trace:
        matched = answers_in_words(entry.matched, "")
        out.append(f"  {entry.salience:>4}  {entry.rule}" + (f"  ({matched})" if matched else ""))
    return "\n".join(out) + "\n"


def _condition(name: str, cond: Any) -> str:
    if isinstance(cond, Range):
        parts = []
        if cond.at_least is not None:
            parts.append(f">= {cond.at_least}")
        if cond.at_most is not None:
            parts.append(f"<= {cond.at_most}")
        return f"{name} {' and '.join(parts)}"
    if isinstance(cond, OneOf):
        return f"{name} is one of {', '.join(map(_value, cond.one_of))}"
    return f"{name} = {_value(cond)}"


def _effect(effect: Effect) -> str:
    parts = []
    if effect.refer:
        parts.append("refer to a clinician")
    if effect.no_running:
        parts.append("no running for now")
    if effect.emphasis:
        parts.append(f"emphasis {effect.emphasis}")
    if effect.note:
        parts.append(f"note {effect.note}")
    if effect.add is not None:
        add = AddEffect(exercise=effect.add) if isinstance(effect.add, str) else effect.add
        parts.append(f"add {add.exercise}" + (f" ({add.dose})" if add.dose else ""))
    if effect.adapt is not None:
        parts.append(f"if the routine holds {effect.adapt.exercise}, dose {effect.adapt.dose}")
    if effect.exclude is not None:
        ex = effect.exclude
        target = ex.exercise or (f"every {ex.kind}" if ex.kind else f"everything tagged {ex.tag}")
        parts.append(f"leave out {target}")
    return ", ".join(parts)


def describe_rule(rule: Rule) -> list[str]:
    when = " and ".join(_condition(k, v) for k, v in rule.when.items()) or "always"
    then = "; ".join(_effect(e) for e in rule.then)
    return [
        f"{rule.salience:>4}  {rule.id}",
        f"      when {when}",
        f"      then {then}",
        f"      source: {rule.source}",
    ]


def describe_knowledge(kb: KnowledgeBase) -> str:
    """Every rule (highest priority first) and every exercise, with their sources."""
    out = [f"Knowledge base: {kb.folder}", "", f"Rules ({len(kb.rules)}), highest priority first"]
    for rule in sorted(kb.rules, key=lambda r: -r.salience):
        out += describe_rule(rule)
    out += ["", f"Exercises ({len(kb.exercises)}), in routine order"]
    for ex in sorted(kb.exercises.values(), key=lambda e: (e.order, e.id)):
        needs = f"; needs {' or '.join(ex.needs)}" if ex.needs else ""
        tags = f"; {', '.join(ex.tags)}" if ex.tags else ""
        out.append(f"  {ex.id} - {ex.name} ({ex.kind}{tags}{needs})")
        out.append(f"      source: {ex.source}")
    for progression in kb.progressions.values():
        steps = " -> ".join(
            f"{s.exercise} ({s.dose})" if s.dose else s.exercise for s in progression.steps
        )
        out += ["", f"Progression {progression.id}: {steps}", f"      source: {progression.source}"]
    out += [
        "",
        f"Routine ceiling: {kb.max_exercises} exercises",
        f"Instrument: {kb.beighton.instrument}",
    ]
    return "\n".join(out) + "\n"
