"""The inference engine: compiles a knowledge base into experta rules and screens a runner.

Pure: answers in, plan out, no I/O. Rules only declare facts, and what fired is itself kept as
facts (`Fired`, in firing order); `screening.core.resolve` turns that record into the plan.

Safe to share: experta keeps a run's state (agenda, facts) on the engine instance, so one
instance must never serve two screenings at once. A `Screener` compiles the engine class once
and keeps a pool of instances: each screening takes an idle one (or builds one) and gives it
back, so any number of threads can screen through one `Screener`.
"""

from __future__ import annotations

import queue
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from screening.core._experta import experta
from screening.core.facts import runner_facts
from screening.core.hypermobility import assess
from screening.core.knowledge import AddEffect, KnowledgeBase, OneOf, Range, Rule, matches
from screening.core.plan import Plan
from screening.core.resolve import Firing, resolve
from screening.core.safety import SAFETY_REFERRAL, referral_signs
from screening.core.safety import check as check_safety

DERIVED = ("referral", "running", "emphasis", "recommended")


class Runner(experta.Fact):
    """All answers about the runner, dots in the names written as `_` (experta forbids `__`)."""


class Referred(experta.Fact):
    """The runner sees a clinician first: declared before any rule fires when the answers
    themselves demand it (`screening.core.safety`), or by a rule (one fact, however many)."""


class RunningHeld(experta.Fact):
    """Some rule decided the runner does not run for now (a referral, or `no_running`)."""


class Emphasised(experta.Fact):
    """An emphasis some rule gave the plan (one fact per emphasis)."""


class Recommended(experta.Fact):
    """An exercise some rule put in the routine (one fact per exercise)."""


class Fired(experta.Fact):
    """One rule fired: its place in the firing order, its id and the facts it matched."""


def _key(name: str) -> str:
    return name.replace(".", "_")


def _pattern_value(cond: Any) -> Any:
    if isinstance(cond, Range | OneOf):
        return experta.P(lambda v: matches(cond, v))
    return cond


def _patterns(rule: Rule) -> list[Any]:
    runner = {_key(k): _pattern_value(v) for k, v in rule.when.items() if k not in DERIVED}
    patterns: list[Any] = [experta.AS.runner << Runner(**runner)]
    if "referral" in rule.when:
        pattern = Referred()
        patterns.append(pattern if rule.when["referral"] == "present" else experta.NOT(pattern))
    if "running" in rule.when:
        held = RunningHeld()
        patterns.append(held if rule.when["running"] == "held" else experta.NOT(held))
    if "emphasis" in rule.when:
        patterns.append(Emphasised(id=rule.when["emphasis"]))
    if "recommended" in rule.when:
        patterns.append(Recommended(exercise=rule.when["recommended"]))
    return patterns


def _action(rule: Rule) -> Callable[..., None]:
    def fire(self: Any, runner: Runner, **_: Any) -> None:
        self.fire(rule, runner)

    fire.__doc__ = rule.explain
    return fire


def compile_engine(kb: KnowledgeBase) -> type:
    """An experta engine class with one rule per knowledge-base rule."""
    attrs: dict[str, Any] = {}
    # experta orders activations of equal salience by hash order, which changes from process
    # to process; breaking ties by the rule's place in the folder keeps every plan reproducible.
    n = len(kb.rules)
    referring = frozenset(r.id for r in kb.rules if any(e.refer for e in r.then))
    holding = frozenset(r.id for r in kb.rules if any(e.refer or e.no_running for e in r.then))
    for i, rule in enumerate(kb.rules):
        salience = rule.salience * (n + 1) + (n - i)
        attrs[f"rule_{i}"] = experta.Rule(*_patterns(rule), salience=salience)(_action(rule))

    def fire(self: Any, rule: Rule, runner: Runner) -> None:
        fired = [f for f in self.facts.values() if isinstance(f, Fired)]
        matched = {k: runner[_key(k)] for k in rule.when if k not in DERIVED}
        if "referral" in rule.when:
            by_rules = [f["rule"] for f in fired if f["rule"] in referring]
            present = rule.when["referral"] == "present"
            # Present with no rule yet: the answers themselves referred (safety.py).
            matched["referral"] = (by_rules or [SAFETY_REFERRAL]) if present else []
        if "running" in rule.when:
            holders = [f["rule"] for f in fired if f["rule"] in holding]
            held = rule.when["running"] == "held"
            # Held with no rule yet: the answers themselves referred (safety.py).
            matched["running"] = (holders or [SAFETY_REFERRAL]) if held else "allowed"
        for name in ("emphasis", "recommended"):
            if name in rule.when:
                matched[name] = rule.when[name]
        self.declare(Fired(order=len(fired), rule=rule.id, matched=matched))
        for effect in rule.then:
            if effect.refer:
                self.declare(Referred())
            if effect.refer or effect.no_running:
                self.declare(RunningHeld())
            if effect.emphasis:
                self.declare(Emphasised(id=effect.emphasis))
            if effect.add is not None:
                add = AddEffect(exercise=effect.add) if isinstance(effect.add, str) else effect.add
                self.declare(Recommended(exercise=add.exercise))

    attrs["fire"] = fire
    return type("ScreeningEngine", (experta.KnowledgeEngine,), attrs)


def _thawed(value: Any) -> Any:
    """A plain value from one experta froze (frozenlist, frozendict)."""
    if isinstance(value, list | tuple):
        return [_thawed(v) for v in value]
    if hasattr(value, "items"):
        return {k: _thawed(v) for k, v in value.items()}
    return value


class Screener:
    """Screens runners against one knowledge base; `screen` is answers in, plan out.

    Thread-safe: the compiled engine class is shared, each screening runs on an engine
    instance no other screening is using (taken from a pool, built when none is idle).
    A rules folder that would weaken the safety invariants is refused here (`ScreeningError`).
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        check_safety(kb)
        self.kb = kb
        self._engine_class = compile_engine(kb)
        self._rules = {rule.id: rule for rule in kb.rules}
        self._idle: queue.SimpleQueue[Any] = queue.SimpleQueue()
        # Every rule fires at most once per run (facts are never modified); the limit is a
        # guard against a loop all the same.
        self._limit = 4 * len(kb.rules) + 10

    def new_engine(self) -> Any:
        """A fresh engine instance (building one costs a few milliseconds: experta builds its
        matching network per instance)."""
        return self._engine_class()

    def screen(self, answers: BaseModel) -> Plan:
        assessment = assess(answers.hypermobility, answers.runner.age, self.kb.beighton)
        facts = runner_facts(answers, assessment)
        return resolve(self.kb, answers, facts, assessment, self.fire(facts))

    def fire(self, facts: dict[str, Any]) -> Firing:
        """Run the rules over one runner's facts: what fired, in order, with what it matched."""
        try:
            engine = self._idle.get_nowait()
        except queue.Empty:
            engine = self.new_engine()
        try:
            engine.reset()
            engine.declare(Runner(**{_key(k): v for k, v in facts.items()}))
            if referral_signs(facts):
                engine.declare(Referred())
                engine.declare(RunningHeld())
            engine.run(self._limit)
            fired = sorted(
                (f for f in engine.facts.values() if isinstance(f, Fired)),
                key=lambda f: f["order"],
            )
            return [(self._rules[f["rule"]], _thawed(f["matched"])) for f in fired]
        finally:
            self._idle.put(engine)
