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
    Told,
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


@dataclass
class _Candidate:
    """An exercise some rules asked for: which rules, the dose, the highest priority."""

    rules: list[str] = field(default_factory=list)
    dose: str | None = None
    dose_rule: str | None = None
    overruled: set[str] = field(default_factory=set)  # rules whose dose gave way
    priority: int = 0


def _candidates(firing: _Firing) -> dict[str, _Candidate]:
    out: dict[str, _Candidate] = {}
    for rule, add in firing.adds:
        entry = out.setdefault(add.exercise, _Candidate())
        if rule.id not in entry.rules:
            entry.rules.append(rule.id)
        entry.priority = max(entry.priority, rule.salience)
        if add.dose and entry.dose is None:  # rules fire by priority: the first dose wins
            entry.dose, entry.dose_rule = add.dose, rule.id
        elif add.dose and add.dose != entry.dose:
            entry.overruled.add(rule.id)
    return out


def _left_out(kb: KnowledgeBase, ex_id: str, reason: str, rule: str) -> LeftOut:
    ex = kb.exercises[ex_id]
    return LeftOut(exercise=ex_id, name=ex.name, kind=ex.kind, reason=reason, rule=rule)


def _exclusions(
    kb: KnowledgeBase, candidates: dict[str, _Candidate], firing: _Firing, why: dict[str, Because]
) -> list[LeftOut]:
    """Every exclusion, whatever its firing order, as left-out entries with their reasons."""
    out: list[LeftOut] = []
    excluded: set[str] = set()
    for rule, target in firing.excludes:
        hits = [
            e
            for e, ex in kb.exercises.items()
            if e not in excluded
            and (e in candidates or e == target.exercise)
            and (e == target.exercise or ex.kind == target.kind or target.tag in ex.tags)
        ]
        excluded.update(hits)
        out += [_left_out(kb, e, why[rule.id].text, rule.id) for e in hits]
        if not hits and target.exercise is None:  # say why a whole kind is absent
            name = f"All {target.kind} exercises" if target.kind else f"All {target.tag} exercises"
            out.append(
                LeftOut(
                    exercise=None,
                    name=name,
                    kind=target.kind,
                    reason=why[rule.id].text,
                    rule=rule.id,
                )
            )
    return out


# Built into the tool, not the editable rules: whatever a rules folder says, these hold.
SAFETY_RED_FLAG = "safety-red-flag"
SAFETY_HYPERMOBILITY = "safety-hypermobility"
SAFETY_RULES = {
    SAFETY_RED_FLAG: "Built-in safety rule: no loaded or strength work until a clinician has "
    "looked at what you reported.",
    SAFETY_HYPERMOBILITY: "Built-in safety rule: no stretching unless the Beighton checks show "
    "you are not hyper-mobile.",
}


def _safety_net(
    kb: KnowledgeBase, kept: list[str], firing: _Firing, assessment: Any
) -> list[LeftOut]:
    """Remove what the safety invariants forbid, in case a clinic's rules let it through."""
    out = []
    for e in kept:
        ex = kb.exercises[e]
        if firing.referrals and ("loaded" in ex.tags or ex.kind == "strength"):
            out.append(_left_out(kb, e, SAFETY_RULES[SAFETY_RED_FLAG], SAFETY_RED_FLAG))
        elif ex.kind == "stretch" and assessment.status != "not_hypermobile":
            out.append(_left_out(kb, e, SAFETY_RULES[SAFETY_HYPERMOBILITY], SAFETY_HYPERMOBILITY))
    return out


def _overruled(because: Because, winner: str | None) -> Because:
    """Say so when a rule's own dose gave way to a higher-priority rule's."""
    text = f"{because.text} (The dose shown follows rule {winner}, which takes priority.)"
    return because.model_copy(update={"text": text})


def _routine(
    kb: KnowledgeBase, candidates: dict[str, _Candidate], why: dict[str, Because], kept: list[str]
) -> tuple[list[RoutineItem], list[LeftOut]]:
    """The kept exercises in routine order, trimmed to the ceiling: the source's steps first,
    then by priority. Returns the routine and what the ceiling cut."""
    ranked = sorted(
        kept,
        key=lambda e: (not kb.exercises[e].core, -candidates[e].priority, kb.exercises[e].order),
    )
    cut = [
        _left_out(
            kb,
            e,
            f"The plan keeps to {kb.max_exercises} exercises so it gets done; this one had "
            "the lowest priority. Add it once the routine is a habit.",
            "max-exercises",
        )
        for e in ranked[kb.max_exercises :]
    ]
    routine = []
    for e in sorted(ranked[: kb.max_exercises], key=lambda e: kb.exercises[e].order):
        ex, c = kb.exercises[e], candidates[e]
        dose = ex.doses[c.dose or ex.default_dose]
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
                because=[
                    _overruled(why[r], c.dose_rule) if r in c.overruled else why[r] for r in c.rules
                ],
            )
        )
    return routine, cut


def _assemble(
    kb: KnowledgeBase, answers: BaseModel, facts: dict[str, Any], assessment: Any, firing: _Firing
) -> Plan:
    why = {rule.id: _because(rule, matched, facts) for rule, matched in firing.trace}
    candidates = _candidates(firing)
    left_out = _exclusions(kb, candidates, firing, why)
    gone = {lo.exercise for lo in left_out}
    left_out += _safety_net(kb, [e for e in candidates if e not in gone], firing, assessment)
    gone = {lo.exercise for lo in left_out}
    routine, cut = _routine(kb, candidates, why, [e for e in candidates if e not in gone])
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
        left_out=left_out + cut,
        trace=[
            TraceEntry(rule=rule.id, salience=rule.salience, matched=matched)
            for rule, matched in firing.trace
        ],
    )


def told_us(answers: BaseModel, hypermobility_summary: str) -> list[Told]:
    """What the runner reported, in a few plain lines (catalogue wording)."""
    catalogue = load_catalogue()

    def ticked(group: str) -> list[str]:
        section = getattr(answers, group)
        return [q.prompt for q in catalogue.group(group).questions() if getattr(section, q.id)]

    symptoms = ticked("symptoms")
    lines = [
        Told(
            topic="symptoms",
            label="Running",
            text="; ".join(symptoms) or "nothing hurts or feels tight",
        )
    ]
    if answers.pain.level is not None:
        lines.append(
            Told(topic="pain", label="Worst pain when running", text=f"{answers.pain.level}/10")
        )
    if flags := ticked("red_flags"):
        lines.append(Told(topic="red_flags", label="Safety", text="; ".join(flags)))
    lines.append(Told(topic="hypermobility", label="Flexibility", text=hypermobility_summary))
    experience = catalogue.question("runner.strength_experience")
    lines.append(
        Told(
            topic="runner.strength_experience",
            label="Deadlifts",
            text=experience.choices[answers.runner.strength_experience],
        )
    )
    kit = catalogue.question("runner.equipment")
    lines.append(
        Told(
            topic="runner.equipment",
            label="Equipment",
            text=", ".join(kit.choices[k] for k in answers.runner.equipment) or "none",
        )
    )
    return lines
