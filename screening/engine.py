"""The inference engine: compiles the knowledge base into experta rules and screens a runner.

Pure: answers in, plan out, no I/O. Rules only declare facts; the explanation of each decision
(which rule, which answers) is recorded as it fires and assembled into the plan afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from screening._experta import experta
from screening.catalogue import load_catalogue
from screening.facts import runner_facts
from screening.hypermobility import assess
from screening.knowledge import AddEffect, KnowledgeBase, OneOf, Range, Rule
from screening.plan import (
    Because,
    EmphasisItem,
    Hypermobility,
    LeftOut,
    Plan,
    Referral,
    RoutineItem,
    RunnerSummary,
    TraceEntry,
)

KE = experta.KnowledgeEngine


class RunnerFact(experta.Fact):
    """All answers about the runner, dots in the names written as `_` (experta forbids `__`)."""


class RecommendFact(experta.Fact):
    """An exercise some rule put in the routine."""


class EmphasisFact(experta.Fact):
    """An emphasis some rule gave the plan."""


class ReferralFact(experta.Fact):
    """A rule decided the runner sees a clinician first."""


@dataclass
class _Firing:
    """What the rules decided, in firing order, with their reasons."""

    trace: list[tuple[Rule, dict[str, Any]]] = field(default_factory=list)
    adds: list[tuple[Rule, AddEffect]] = field(default_factory=list)
    excludes: list[tuple[Rule, Any]] = field(default_factory=list)
    emphases: list[tuple[Rule, str]] = field(default_factory=list)
    referrals: list[Rule] = field(default_factory=list)


def _key(name: str) -> str:
    return name.replace(".", "_")


def _pattern_value(cond: Any) -> Any:
    if isinstance(cond, Range):
        lo, hi = cond.at_least, cond.at_most
        return experta.P(
            lambda v: (
                isinstance(v, int)
                and not isinstance(v, bool)
                and (lo is None or v >= lo)
                and (hi is None or v <= hi)
            )
        )
    if isinstance(cond, OneOf):
        allowed = frozenset(cond.one_of)
        return experta.P(lambda v: v in allowed)
    return cond


def _patterns(rule: Rule) -> list[Any]:
    runner = {
        _key(k): _pattern_value(v)
        for k, v in rule.when.items()
        if k not in ("referral", "emphasis", "recommended")
    }
    patterns: list[Any] = [RunnerFact(**runner)]
    if "referral" in rule.when:
        pattern = ReferralFact()
        patterns.append(pattern if rule.when["referral"] == "present" else experta.NOT(pattern))
    if "emphasis" in rule.when:
        patterns.append(EmphasisFact(id=rule.when["emphasis"]))
    if "recommended" in rule.when:
        patterns.append(RecommendFact(exercise=rule.when["recommended"]))
    return patterns


def _action(rule: Rule) -> Callable[[Any], None]:
    def fire(self: Any) -> None:
        self.fire(rule)

    fire.__doc__ = rule.explain
    return fire


def compile_engine(kb: KnowledgeBase) -> type:
    """An experta engine class with one rule per knowledge-base rule."""
    attrs: dict[str, Any] = {}
    # experta orders activations of equal salience by hash order, which changes from process
    # to process; breaking ties by the rule's place in the folder keeps every plan reproducible.
    n = len(kb.rules)
    for i, rule in enumerate(kb.rules):
        salience = rule.salience * (n + 1) + (n - i)
        attrs[f"rule_{i}"] = experta.Rule(*_patterns(rule), salience=salience)(_action(rule))

    def fire(self: Any, rule: Rule) -> None:
        firing: _Firing = self.firing
        firing.trace.append((rule, self.matched(rule)))
        for effect in rule.then:
            if effect.refer:
                firing.referrals.append(rule)
                self.declare(ReferralFact())  # one fact, however many rules refer
            if effect.emphasis:
                firing.emphases.append((rule, effect.emphasis))
                self.declare(EmphasisFact(id=effect.emphasis))  # one per emphasis
            if effect.add is not None:
                add = AddEffect(exercise=effect.add) if isinstance(effect.add, str) else effect.add
                firing.adds.append((rule, add))
                if add.exercise not in self.recommended:
                    self.recommended.add(add.exercise)
                    self.declare(RecommendFact(exercise=add.exercise))
            if effect.exclude is not None:
                firing.excludes.append((rule, effect.exclude))

    def matched(self: Any, rule: Rule) -> dict[str, Any]:
        out = {k: self.facts_by_name.get(k) for k in rule.when if k in self.facts_by_name}
        if "referral" in rule.when:
            out["referral"] = [r.id for r in self.firing.referrals]
        if "emphasis" in rule.when:
            out["emphasis"] = rule.when["emphasis"]
        if "recommended" in rule.when:
            out["recommended"] = rule.when["recommended"]
        return out

    attrs.update(fire=fire, matched=matched)
    return type("ScreeningEngine", (KE,), attrs)


class Screener:
    """A warm engine for one knowledge base; `screen` is answers in, plan out."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._engine = compile_engine(kb)()
        self._limit = 4 * len(kb.rules) + 10

    def screen(self, answers: BaseModel) -> Plan:
        kb = self.kb
        assessment = assess(answers.hypermobility, answers.runner.age, kb.beighton)
        facts = runner_facts(answers, assessment)
        engine = self._engine
        engine.firing, engine.recommended, engine.facts_by_name = _Firing(), set(), facts
        engine.reset()
        engine.declare(RunnerFact(**{_key(k): v for k, v in facts.items()}))
        engine.run(self._limit)
        return _assemble(kb, answers, facts, assessment, engine.firing)


def _render(text: str, facts: dict[str, Any]) -> str:
    return re.sub(r"\{([\w.]+)\}", lambda m: str(facts.get(m.group(1), m.group(0))), text)


def _because(rule: Rule, matched: dict[str, Any], facts: dict[str, Any]) -> Because:
    return Because(rule=rule.id, text=_render(rule.explain, facts), answers=matched)


def _assemble(
    kb: KnowledgeBase, answers: BaseModel, facts: dict[str, Any], assessment: Any, firing: _Firing
) -> Plan:
    matched = {rule.id: m for rule, m in firing.trace}
    why = {rule.id: _because(rule, m, facts) for rule, m in firing.trace}

    # Routine candidates: each exercise once, with every rule that asked for it.
    candidates: dict[str, dict[str, Any]] = {}
    for rule, add in firing.adds:
        entry = candidates.setdefault(add.exercise, {"rules": [], "dose": None, "priority": 0})
        if rule.id not in entry["rules"]:
            entry["rules"].append(rule.id)
        entry["priority"] = max(entry["priority"], rule.salience)
        if add.dose and entry["dose"] is None:  # rules fire by priority: the first dose wins
            entry["dose"] = add.dose

    left_out: list[LeftOut] = []
    excluded: set[str] = set()
    for rule, ex in firing.excludes:
        hits = [
            e
            for e in candidates
            if e not in excluded
            and (
                e == ex.exercise
                or kb.exercises[e].kind == ex.kind
                or ex.tag in kb.exercises[e].tags
            )
        ]
        text = why[rule.id].text
        if ex.exercise and ex.exercise not in excluded and ex.exercise not in hits:
            hits.append(ex.exercise)
        for e in hits:
            excluded.add(e)
            left_out.append(
                LeftOut(
                    exercise=e,
                    name=kb.exercises[e].name,
                    kind=kb.exercises[e].kind,
                    reason=text,
                    rule=rule.id,
                )
            )
        if not hits and not any(lo.rule == rule.id for lo in left_out):
            name = f"All {ex.kind} exercises" if ex.kind else f"All exercises tagged {ex.tag}"
            left_out.append(
                LeftOut(exercise=None, name=name, kind=ex.kind, reason=text, rule=rule.id)
            )

    kept = [e for e in candidates if e not in excluded]
    ranked = sorted(
        kept,
        key=lambda e: (not kb.exercises[e].core, -candidates[e]["priority"], kb.exercises[e].order),
    )
    for e in ranked[kb.max_exercises :]:
        left_out.append(
            LeftOut(
                exercise=e,
                name=kb.exercises[e].name,
                kind=kb.exercises[e].kind,
                rule="max-exercises",
                reason=f"The plan keeps to {kb.max_exercises} exercises so it gets done; this one "
                "had the lowest priority. Add it once the routine is a habit.",
            )
        )
    routine = []
    for e in sorted(ranked[: kb.max_exercises], key=lambda e: kb.exercises[e].order):
        ex = kb.exercises[e]
        dose = ex.doses[candidates[e]["dose"] or ex.default_dose]
        routine.append(
            RoutineItem(
                exercise=e,
                name=ex.name,
                kind=ex.kind,
                dose=dose.text,
                how_often=dose.how_often,
                cues=list(ex.cues),
                purpose=ex.purpose,
                source=ex.source,
                illustration=ex.illustration,
                because=[why[r] for r in candidates[e]["rules"]],
            )
        )

    emphases: dict[str, list[Because]] = {}
    for rule, emphasis in firing.emphases:
        emphases.setdefault(emphasis, []).append(why[rule.id])

    return Plan(
        runner=RunnerSummary(
            name=answers.runner.name,
            age=answers.runner.age,
            told_us=told_us(answers, assessment.summary),
        ),
        referral=Referral(
            required=bool(firing.referrals), reasons=[why[r.id] for r in firing.referrals]
        ),
        hypermobile=assessment.hypermobile,
        hypermobility=Hypermobility(
            status=assessment.status,
            method=assessment.method,
            score=assessment.score,
            cutoff=assessment.cutoff,
            unknown_items=list(assessment.unknown_items),
            summary=assessment.summary,
            instrument=kb.beighton.instrument,
        ),
        emphases=[
            EmphasisItem(
                id=k, title=kb.emphases[k].title, sentence=kb.emphases[k].sentence, because=v
            )
            for k, v in emphases.items()
        ],
        routine=routine,
        left_out=left_out,
        trace=[
            TraceEntry(rule=rule.id, salience=rule.salience, matched=matched[rule.id])
            for rule, _ in firing.trace
        ],
    )


def told_us(answers: BaseModel, hypermobility_summary: str) -> list[str]:
    """What the runner reported, in a few plain lines (catalogue wording)."""
    catalogue = load_catalogue()
    lines = []
    symptoms = [
        q.prompt for q in catalogue.group("symptoms").questions() if getattr(answers.symptoms, q.id)
    ]
    lines.append(
        "Running: " + ("; ".join(symptoms) if symptoms else "nothing hurts or feels tight")
    )
    if answers.pain.level is not None:
        lines.append(f"Worst pain when running: {answers.pain.level}/10")
    flags = [
        q.prompt
        for q in catalogue.group("red_flags").questions()
        if getattr(answers.red_flags, q.id)
    ]
    if flags:
        lines.append("Safety: " + "; ".join(flags))
    lines.append(f"Flexibility: {hypermobility_summary}")
    experience = catalogue.question("runner.strength_experience")
    lines.append(f"Deadlifts: {experience.choices[answers.runner.strength_experience]}")
    kit = catalogue.question("runner.equipment")
    lines.append(
        "Equipment: "
        + (
            ", ".join(kit.choices[k] for k in answers.runner.equipment)
            if answers.runner.equipment
            else "none"
        )
    )
    return lines
