"""From what the rules decided to the plan: the one place where decisions are resolved.

The rules fire in priority order and each records its effects; here they are weighed:
exclusions beat recommendations whatever order they fired in, the built-in safety net
(`screening.core.safety`) refers on the answers themselves and removes what the safety
invariants forbid, the first (highest-priority) dose wins and says so, and the routine is
trimmed to its ceiling. Every entry keeps the reasons (rule and answers) behind it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from screening.core.hypermobility import Assessment
from screening.core.knowledge import AddEffect, ExcludeEffect, Exercise, KnowledgeBase, Rule
from screening.core.plan import (
    PLAN_SCHEMA_VERSION,
    Because,
    EmphasisItem,
    Hypermobility,
    LeftOut,
    NoteItem,
    Plan,
    Referral,
    RoutineItem,
    RunnerSummary,
    TraceEntry,
)
from screening.core.progression import progressions
from screening.core.safety import (
    REFERRAL_EMPHASIS,
    SAFETY_RULES,
    referral_emphasis,
    referral_reasons,
    referral_signs,
    removals,
)

# What the engine hands over: each rule that fired, in firing order, with the facts it matched.
Firing = list[tuple[Rule, dict[str, Any]]]

CEILING_RULE = "max-exercises"
# A runner sent to a clinician is not told to run: until cleared, no exercise is tied to runs.
REFERRED_HOW_OFTEN = (
    "Once a day, after a clinician has agreed to it; no running until they clear you"
)
# A runner told not to run for now without a referral (a `no_running` effect).
HELD_HOW_OFTEN = "Once a day; no running for now (the plan says when to start)"


@dataclass
class _Candidate:
    """An exercise some rules asked for: which rules, the dose, the highest priority."""

    rules: list[str] = field(default_factory=list)
    added: bool = False  # some rule added it (a rule that only adapts a dose does not)
    dose: str | None = None
    dose_rule: str | None = None
    overruled: set[str] = field(default_factory=set)  # rules whose dose gave way
    priority: int = 0


@dataclass
class _Decisions:
    """The effects of the rules that fired, sorted by kind, in firing order."""

    # (rule, exercise and dose, whether it adds the exercise or only adapts its dose)
    adds: list[tuple[Rule, AddEffect, bool]] = field(default_factory=list)
    excludes: list[tuple[Rule, ExcludeEffect]] = field(default_factory=list)
    emphases: list[tuple[Rule, str]] = field(default_factory=list)
    notes: list[tuple[Rule, str]] = field(default_factory=list)
    referrals: list[Rule] = field(default_factory=list)
    holds: list[Rule] = field(default_factory=list)  # not to run for now, without a referral

    @classmethod
    def of(cls, firing: Firing) -> _Decisions:
        out = cls()
        for rule, _ in firing:
            for effect in rule.then:
                if effect.refer:
                    out.referrals.append(rule)
                if effect.no_running:
                    out.holds.append(rule)
                if effect.emphasis:
                    out.emphases.append((rule, effect.emphasis))
                if effect.note:
                    out.notes.append((rule, effect.note))
                if effect.add is not None:
                    add = effect.add
                    out.adds.append(
                        (rule, AddEffect(exercise=add) if isinstance(add, str) else add, True)
                    )
                if effect.adapt is not None:
                    adapt = AddEffect(exercise=effect.adapt.exercise, dose=effect.adapt.dose)
                    out.adds.append((rule, adapt, False))
                if effect.exclude is not None:
                    out.excludes.append((rule, effect.exclude))
        return out


def resolve(
    kb: KnowledgeBase,
    answers: BaseModel,
    facts: dict[str, Any],
    assessment: Assessment,
    firing: Firing,
) -> Plan:
    """The plan for one runner from the rules that fired."""
    why = {rule.id: _because(rule, matched, facts) for rule, matched in firing}
    decided = _Decisions.of(firing)
    reasons = _referral(decided, why, facts)
    candidates = _candidates(decided)
    left_out = _exclusions(kb, candidates, decided, why)
    gone = {lo.exercise for lo in left_out}
    kept = [e for e in candidates if e not in gone]
    left_out += [
        _left_out(ex, SAFETY_RULES[rule], rule)
        for ex, rule in removals(kb, kept, bool(reasons), assessment)
    ]
    gone = {lo.exercise for lo in left_out}
    referral = bool(reasons)
    kept = [e for e in candidates if e not in gone]
    held = not referral and bool(decided.holds)
    chosen, cut = _trimmed(kb, candidates, kept)
    # Now that the routine is known, each reason in the words for it (a rule's text that names
    # an exercise has other words for a plan without it; a left-out line keeps the first).
    in_routine = set(chosen)
    why = {rule.id: _because(rule, matched, facts, in_routine) for rule, matched in firing}
    reasons = _referral(decided, why, facts)
    routine = _routine(kb, candidates, why, chosen, referral, held)
    emphases: dict[str, list[Because]] = {}
    if reasons:  # a plan that refers leads with the referral, in the bundled words if need be
        emphases[REFERRAL_EMPHASIS] = []
    for rule, emphasis in decided.emphases:
        emphases.setdefault(emphasis, []).append(why[rule.id])
    if reasons and not emphases[REFERRAL_EMPHASIS]:
        emphases[REFERRAL_EMPHASIS] = reasons[:1]
    known = {**kb.emphases, REFERRAL_EMPHASIS: referral_emphasis(kb)} if reasons else kb.emphases
    notes: dict[str, list[Because]] = {}
    for rule, note in decided.notes:
        notes.setdefault(note, []).append(why[rule.id])
    return Plan(
        schema_version=PLAN_SCHEMA_VERSION,
        runner=RunnerSummary(name=answers.runner.name, age=answers.runner.age),
        answers=answers.model_dump(mode="json"),
        referral=Referral(required=referral, reasons=reasons),
        running_hold=[why[r.id] for r in decided.holds] if held else [],
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
                id=k, title=known[k].title, sentence=known[k].sentence_for(in_routine), because=v
            )
            for k, v in emphases.items()
        ],
        notes=[
            NoteItem(id=k, title=kb.notes[k].title, text=kb.notes[k].text, because=v)
            for k, v in notes.items()
        ],
        routine=routine,
        progression=progressions(kb, routine, left_out + cut),
        left_out=left_out + cut,
        trace=[
            TraceEntry(rule=rule.id, salience=rule.salience, matched=matched)
            for rule, matched in firing
        ],
    )


def _referral(decided: _Decisions, why: dict[str, Because], facts: dict[str, Any]) -> list[Because]:
    """Why the runner is referred: the referring rules' reasons, then every sign no rule
    explained (none: no referral)."""
    reasons = [why[r.id] for r in decided.referrals]
    return reasons + referral_reasons(referral_signs(facts), reasons)


def _fill(text: str, facts: dict[str, Any]) -> str:
    """An explanation with its `{fact.name}` placeholders filled in."""
    return re.sub(r"\{([\w.]+)\}", lambda m: str(facts.get(m.group(1), m.group(0))), text)


def _because(
    rule: Rule, matched: dict[str, Any], facts: dict[str, Any], routine: set[str] | None = None
) -> Because:
    """A rule's reason; given the routine, in the words for a plan with that routine."""
    text = rule.explain if routine is None else rule.explain_for(routine)
    return Because(rule=rule.id, text=_fill(text, facts), answers=matched)


def _candidates(decided: _Decisions) -> dict[str, _Candidate]:
    out: dict[str, _Candidate] = {}
    for rule, add, adds in decided.adds:
        entry = out.setdefault(add.exercise, _Candidate())
        entry.added |= adds
        if rule.id not in entry.rules:
            entry.rules.append(rule.id)
        entry.priority = max(entry.priority, rule.salience)
        if add.dose and entry.dose is None:  # rules fire by priority: the first dose wins
            entry.dose, entry.dose_rule = add.dose, rule.id
        elif add.dose and add.dose != entry.dose:
            entry.overruled.add(rule.id)
    return {e: c for e, c in out.items() if c.added}


def _left_out(ex: Exercise, reason: str, rule: str) -> LeftOut:
    return LeftOut(
        exercise=ex.id, name=ex.name, kind=ex.kind, tags=list(ex.tags), reason=reason, rule=rule
    )


def _exclusions(
    kb: KnowledgeBase,
    candidates: dict[str, _Candidate],
    decided: _Decisions,
    why: dict[str, Because],
) -> list[LeftOut]:
    """Every exclusion, whatever its firing order, as left-out entries with their reasons."""
    out: list[LeftOut] = []
    excluded: set[str] = set()
    whole: set[tuple[str | None, str | None]] = set()  # kinds and tags left out as a whole
    for rule, target in decided.excludes:
        hits = [
            e
            for e, ex in kb.exercises.items()
            if e not in excluded
            and (e in candidates or e == target.exercise)
            and (e == target.exercise or ex.kind == target.kind or target.tag in ex.tags)
        ]
        excluded.update(hits)
        out += [_left_out(kb.exercises[e], why[rule.id].text, rule.id) for e in hits]
        covered = (target.kind, target.tag) in whole or any(
            kb.exercises[e].kind == target.kind or target.tag in kb.exercises[e].tags
            for e in excluded
        )
        if not hits and target.exercise is None and not covered:
            # say why a whole kind or tag is absent, once (the first reason, the highest
            # priority), and not when one it covers is already left out
            whole.add((target.kind, target.tag))
            out.append(_left_out_all(kb, target, why[rule.id].text, rule.id))
    return out


def _left_out_all(kb: KnowledgeBase, target: ExcludeEffect, reason: str, rule: str) -> LeftOut:
    """One line for a whole kind or tag left out; a tag's line carries what every exercise with
    that tag has in common (so a tag carried only by loaded lifts reads as loaded)."""
    if target.kind:
        return LeftOut(
            exercise=None,
            name=f"All {target.kind} exercises",
            kind=target.kind,
            tags=[],
            reason=reason,
            rule=rule,
        )
    tag = target.tag or ""
    tagged = [ex for ex in kb.exercises.values() if tag in ex.tags]
    common = set.intersection(*(set(ex.tags) for ex in tagged)) if tagged else {tag}
    kinds = {ex.kind for ex in tagged}
    return LeftOut(
        exercise=None,
        name=kb.tag_label(tag),
        kind=kinds.pop() if len(kinds) == 1 else None,
        tags=sorted(common | {tag}),
        reason=reason,
        rule=rule,
    )


def _overruled(because: Because) -> Because:
    """Say so, in words, when a rule's own dose gave way to a higher-priority rule's (whose
    reason is listed first). Texts are for the runner: rule ids stay in `rule` fields."""
    text = f"{because.text} (The dose shown follows the first reason listed, which takes priority.)"
    return because.model_copy(update={"text": text})


def _reasons(candidate: _Candidate, why: dict[str, Because]) -> list[Because]:
    """An item's reasons in firing order; when a dose gave way, the one that set it first."""
    rules = candidate.rules
    if candidate.overruled:
        rules = sorted(rules, key=lambda r: r != candidate.dose_rule)
    return [_overruled(why[r]) if r in candidate.overruled else why[r] for r in rules]


def _trimmed(
    kb: KnowledgeBase, candidates: dict[str, _Candidate], kept: list[str]
) -> tuple[list[str], list[LeftOut]]:
    """The kept exercises trimmed to the ceiling (the source's steps first, then by priority),
    in routine order, and what the ceiling cut."""
    ranked = sorted(
        kept,
        key=lambda e: (not kb.exercises[e].core, -candidates[e].priority, kb.exercises[e].order),
    )
    cut = [
        _left_out(
            kb.exercises[e],
            f"The plan keeps to {kb.max_exercises} exercises so it gets done; this one had "
            "the lowest priority. Add it once the routine is a habit.",
            CEILING_RULE,
        )
        for e in ranked[kb.max_exercises :]
    ]
    return sorted(ranked[: kb.max_exercises], key=lambda e: kb.exercises[e].order), cut


def _routine(
    kb: KnowledgeBase,
    candidates: dict[str, _Candidate],
    why: dict[str, Because],
    chosen: list[str],
    referral: bool,
    held: bool,
) -> list[RoutineItem]:
    """The chosen exercises as routine items: each takes its dose's cues, drawing and tags
    where the dose has its own, and with a referral or running held no "how often" mentions
    runs."""
    routine = []
    for e in chosen:
        ex, c = kb.exercises[e], candidates[e]
        dose_id = c.dose or ex.default_dose
        dose = ex.doses[dose_id]
        how_often = REFERRED_HOW_OFTEN if referral else HELD_HOW_OFTEN if held else dose.how_often
        routine.append(
            RoutineItem(
                exercise=e,
                name=ex.name,
                kind=ex.kind,
                tags=[t for t in ex.tags if t not in dose.not_tagged],
                dose=dose.text,
                dose_id=dose_id,
                how_often=how_often,
                cues=list(dose.cues or ex.cues),
                purpose=ex.purpose,
                source=ex.source,
                illustration=dose.illustration or ex.illustration,
                because=_reasons(c, why),
            )
        )
    return routine
