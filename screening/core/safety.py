"""The safety invariants, in code: what no rules folder can switch off.

A clinic may point the tool at its own copy of `rules/`; the rules can add reasons and
referrals, never remove one. Whatever the folder says:

- any red-flag answer (including "not sure") and pain of 5 or more out of 10 mean a referral,
  read from the answers themselves;
- during a referral the plan holds only exercises from the library that ships with the program
  (the bundled `rules/exercises.yaml`, not the clinic's copy) whose bundled kind is not strength
  and that are not tagged loaded there, and whose kind and tags the clinic left unchanged: an
  exercise a clinic adds or relabels never reaches a runner waiting for a clinician;
- unless the Beighton checks show the runner is not hyper-mobile, nothing that is a stretch in
  either library stays in the plan;
- a clinic may lower a Beighton cut-off (more caution), never raise one above the 2017 values,
  and must give every red flag and every pain level from 5 a referring rule of its own, so that
  the plan says why in the clinic's words (`check`, run when a rules folder is loaded for use).

Every forced referral and removal is named in the plan with its built-in rule and its wording.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from screening.core.catalogue import load_catalogue
from screening.core.errors import ScreeningError
from screening.core.hypermobility import Assessment
from screening.core.knowledge import (
    Emphasis,
    Exercise,
    KnowledgeBase,
    Rule,
    load_knowledge,
    matches,
)
from screening.core.plan import Because
from screening.core.resources import default_rules

SAFETY_REFERRAL = "safety-referral"
SAFETY_RED_FLAG = "safety-red-flag"
SAFETY_LIBRARY = "safety-library"
SAFETY_HYPERMOBILITY = "safety-hypermobility"
SAFETY_RULES = {
    SAFETY_REFERRAL: "Built-in safety rule: a yes (or a not sure) to a safety question means a "
    "clinician looks at what you reported before you add new exercise.",
    SAFETY_RED_FLAG: "Built-in safety rule: no loaded or strength work until a clinician has "
    "looked at what you reported.",
    SAFETY_LIBRARY: "Built-in safety rule: until a clinician has looked at what you reported, "
    "the plan keeps only exercises from the tool's own library, unchanged; this one was added "
    "or changed by the clinic's rules.",
    SAFETY_HYPERMOBILITY: "Built-in safety rule: no stretching unless the Beighton checks show "
    "you are not hyper-mobile.",
}
PAIN_SAFETY_TEXT = (
    "Built-in safety rule: pain of {level}/10 when running means stopping and getting a "
    "clinician's advice before running or exercising."
)
PAIN_FACT = "pain.level"
PAIN_REFERRAL_FROM = 5  # soreness rules: 5-7 stop and get advice, 8-10 seek medical care
PAIN_MAX = 10
RED_FLAGS: tuple[str, ...] = tuple(q.path for q in load_catalogue().group("red_flags").questions())
# Generalised joint hyper-mobility, 2017 criteria: (up to age, cut-off), and how many "yes"
# self-report answers count one point below it.
BEIGHTON_2017 = ((17, 6), (50, 5), (100, 4))
AGES = load_catalogue().question("runner.age")  # the ages a runner may give
SELF_REPORT_2017 = 2
REFERRAL_EMPHASIS = "referral_first"


def referral_signs(facts: dict[str, Any]) -> dict[str, Any]:
    """The answers that mean a referral, whatever the rules say: {answer: value}."""
    signs = {flag: True for flag in RED_FLAGS if facts.get(flag) is True}
    if (facts.get(PAIN_FACT) or 0) >= PAIN_REFERRAL_FROM:
        signs[PAIN_FACT] = facts[PAIN_FACT]
    return signs


def referral_reasons(signs: dict[str, Any], given: list[Because]) -> list[Because]:
    """A built-in reason for each sign no rule's reason already names (`given`)."""
    named = {answer for because in given for answer in because.answers}
    return [
        Because(
            rule=SAFETY_REFERRAL,
            text=PAIN_SAFETY_TEXT.format(level=value)
            if answer == PAIN_FACT
            else SAFETY_RULES[SAFETY_REFERRAL],
            answers={answer: value},
        )
        for answer, value in signs.items()
        if answer not in named
    ]


@cache
def _bundled() -> KnowledgeBase:
    return load_knowledge(default_rules())


@cache
def _is_bundled(folder: Path) -> bool:
    return folder.resolve() == default_rules().resolve()


def shipped(kb: KnowledgeBase) -> KnowledgeBase:
    """The rules folder that ships with the program (read once per process, and not at all
    when `kb` is that folder)."""
    return kb if _is_bundled(kb.folder.absolute()) else _bundled()


def referral_emphasis(kb: KnowledgeBase) -> Emphasis:
    """The emphasis a plan that refers leads with: the folder's own wording, else the bundled."""
    return kb.emphases.get(REFERRAL_EMPHASIS) or shipped(kb).emphases[REFERRAL_EMPHASIS]


def removals(
    kb: KnowledgeBase, kept: Iterable[str], referred: bool, assessment: Assessment
) -> list[tuple[Exercise, str]]:
    """What the invariants take out of the exercises the rules kept: (the exercise as the plan
    should describe it, the built-in rule), in the order given."""
    bundled = shipped(kb).exercises
    out = []
    for e in kept:
        ex, original = kb.exercises[e], bundled.get(e)
        if referred:
            if original and (original.kind == "strength" or "loaded" in original.tags):
                out.append((original, SAFETY_RED_FLAG))
                continue
            if ex.kind == "strength" or "loaded" in ex.tags:
                out.append((ex, SAFETY_RED_FLAG))
                continue
            if not original or (original.kind, set(original.tags)) != (ex.kind, set(ex.tags)):
                out.append((ex, SAFETY_LIBRARY))
                continue
        stretch = ex.kind == "stretch" or (original is not None and original.kind == "stretch")
        if stretch and assessment.status != "not_hypermobile":
            out.append((ex, SAFETY_HYPERMOBILITY))
    return out


def check(kb: KnowledgeBase) -> None:
    """Refuse a rules folder that would weaken safety: one line naming the file and the field."""
    decisions = kb.folder / "decisions"
    referring = [r for r in kb.rules if any(effect.refer for effect in r.then)]
    for flag in RED_FLAGS:
        if not any(_refers_alone(r, flag, True) for r in referring):
            raise ScreeningError(
                f"{decisions}: no rule refers a runner who answers {flag}: true; every red "
                f"flag needs a rule whose only condition is {flag}: true and whose effects "
                "include refer"
            )
    for level in range(PAIN_REFERRAL_FROM, PAIN_MAX + 1):
        if not any(_refers_alone(r, PAIN_FACT, level) for r in referring):
            raise ScreeningError(
                f"{decisions}: no rule refers a runner whose {PAIN_FACT} is {level}; pain from "
                f"{PAIN_REFERRAL_FROM} to {PAIN_MAX} needs rules whose only condition is "
                f"{PAIN_FACT} and whose effects include refer"
            )
    settings = kb.folder / "settings.yaml"
    for age in range(AGES.min or 0, (AGES.max or 0) + 1):
        allowed = next(cutoff for up_to, cutoff in BEIGHTON_2017 if age <= up_to)
        if kb.beighton.cutoff(age) > allowed:
            raise ScreeningError(
                f"{settings}: beighton.cutoffs: a cut-off of {kb.beighton.cutoff(age)} at age "
                f"{age} is above the 2017 criteria's {allowed}; a clinic may lower a cut-off, "
                "never raise it"
            )
    if kb.beighton.self_report_needed > SELF_REPORT_2017:
        raise ScreeningError(
            f"{settings}: beighton.self_report_needed: {kb.beighton.self_report_needed} is above "
            f"the 2017 criteria's {SELF_REPORT_2017}; a clinic may lower it, never raise it"
        )


def _refers_alone(rule: Rule, fact: str, value: Any) -> bool:
    """Whether `rule` fires on `fact` having `value`, with no other condition to narrow it."""
    return set(rule.when) == {fact} and matches(rule.when[fact], value)
