"""Invariants over generated rules folders (hypothesis): whatever a clinic's folder says, a runner
with any red-flag answer (or pain of 5 or more) gets a referral and only unchanged, unloaded
exercises of the bundled library, and a runner who may be hyper-mobile by the 2017 criteria
gets no stretch.

Each folder is a mutation of the bundled one: rules dropped, inverted, narrowed, stripped of
their referral or reprioritised; new rules on any answer with any effect; exercises relabelled
(kind, tags) and new ones added; the ceiling and the Beighton cut-offs changed. A folder either
loads and keeps the invariants, or is refused in one line; and with the load-time safety check
switched off, the built-in net alone still keeps them.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from screening.core.answers import parse_answers
from screening.core.engine import Screener
from screening.core.errors import ScreeningError
from screening.core.hypermobility import assess
from screening.core.knowledge import KINDS, load_knowledge
from screening.core.resources import default_rules
from screening.core.safety import PAIN_REFERRAL_FROM, RED_FLAGS
from tests.strategies import answers_data

BUNDLED = load_knowledge(default_rules())
RAW = {
    "exercises": yaml.safe_load((default_rules() / "exercises.yaml").read_text()),
    "emphases": yaml.safe_load((default_rules() / "emphases.yaml").read_text()),
    "settings": yaml.safe_load((default_rules() / "settings.yaml").read_text()),
    "rules": [
        rule
        for path in sorted((default_rules() / "decisions").glob("*.yaml"))
        for rule in yaml.safe_load(path.read_text())
    ],
}
# The rules safety leans on: every rule that refers, excludes or adds a stretch, or reads the
# hyper-mobility assessment (mutated more often than the rest).
GUARDS = [
    i
    for i, rule in enumerate(RAW["rules"])
    if "refer" in rule["then"]
    or any(isinstance(e, dict) and "exclude" in e for e in rule["then"])
    or any(k.startswith(("hypermobility.", "referral")) for k in rule["when"])
]
BEIGHTON = BUNDLED.beighton
TAGS = ["loaded", "gentle", "floor"]
FOLDERS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class _Plain(yaml.SafeDumper):
    """Writes every value out in full (the rules reader refuses anchors and aliases)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


# ---------------------------------------------------------------- generated folders

CONDITIONS = st.one_of(
    st.tuples(st.sampled_from(RED_FLAGS), st.booleans()),
    st.tuples(
        st.just("pain.level"),
        st.builds(
            lambda lo, span: {"at_least": lo, "at_most": lo + span},
            st.integers(0, 10),
            st.integers(0, 10),
        ),
    ),
    st.tuples(
        st.just("hypermobility.status"),
        st.sampled_from(["hypermobile", "uncertain", "not_hypermobile", "not_checked"]),
    ),
    st.tuples(st.just("referral"), st.sampled_from(["present", "absent"])),
    st.tuples(st.just("symptoms.hamstring_tightness"), st.booleans()),
    st.tuples(st.just("runner.age"), st.builds(lambda n: {"at_least": n}, st.integers(12, 100))),
)


def effects(exercises: list[str]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.just("refer"),
        st.builds(lambda e: {"add": e}, st.sampled_from(exercises)),
        st.builds(lambda k: {"exclude": {"kind": k}}, st.sampled_from(KINDS)),
        st.builds(lambda t: {"exclude": {"tag": t}}, st.sampled_from(TAGS)),
        st.builds(lambda e: {"emphasis": e}, st.sampled_from(sorted(RAW["emphases"]))),
    )


def mutated(draw: st.DrawFn, rule: dict[str, Any]) -> dict[str, Any] | None:
    """A bundled rule as a careless or hostile editor might leave it (None: deleted)."""
    change = draw(st.sampled_from(["drop", "invert", "narrow", "widen", "unrefer", "demote"]))
    rule = copy.deepcopy(rule)
    if change == "drop":
        return None
    if change == "invert":
        rule["when"] = {k: (not v if isinstance(v, bool) else v) for k, v in rule["when"].items()}
    elif change == "narrow":
        name, cond = draw(CONDITIONS)
        rule["when"][name] = cond
    elif change == "widen" and rule["when"]:
        del rule["when"][draw(st.sampled_from(sorted(rule["when"])))]
    elif change == "unrefer":
        rule["then"] = [e for e in rule["then"] if e != "refer"] or [{"emphasis": "foundation"}]
    elif change == "demote":
        rule["salience"] = draw(st.integers(0, 1000))
    return rule


@st.composite
def rules_folders(draw: st.DrawFn) -> dict[str, Any]:
    exercises = copy.deepcopy(RAW["exercises"])
    for e in draw(st.lists(st.sampled_from(sorted(exercises)), unique=True, max_size=6)):
        exercises[e]["kind"] = draw(st.sampled_from(KINDS))
        exercises[e]["tags"] = draw(st.lists(st.sampled_from(TAGS), unique=True, max_size=2))
    for n in range(draw(st.integers(0, 3))):  # the clinic's own exercises
        template = copy.deepcopy(RAW["exercises"][draw(st.sampled_from(sorted(RAW["exercises"])))])
        template.update(
            name=f"Clinic exercise {n}",
            kind=draw(st.sampled_from(KINDS)),
            tags=draw(st.lists(st.sampled_from(TAGS), unique=True, max_size=2)),
        )
        exercises[f"clinic_{n}"] = template
    for ex in exercises.values():  # a strength exercise must say it is loaded (or not load)
        if ex["kind"] == "strength" and "loaded" not in ex["tags"]:
            ex["tags"] = [*ex["tags"], "loaded"]
    changed = draw(st.sets(st.integers(0, len(RAW["rules"]) - 1), max_size=3))
    changed |= draw(st.sets(st.sampled_from(GUARDS), max_size=4))
    rules = [
        rule
        for i, original in enumerate(RAW["rules"])
        if (rule := mutated(draw, original) if i in changed else original) is not None
    ]
    for n in range(draw(st.integers(0, 4))):
        rules.insert(
            draw(st.integers(0, len(rules))),
            {
                "id": f"clinic-rule-{n}",
                "when": dict(draw(st.lists(CONDITIONS, max_size=2))),
                "then": draw(st.lists(effects(sorted(exercises)), min_size=1, max_size=3)),
                "salience": draw(st.integers(0, 1000)),
                "source": "Clinic",
                "explain": "The clinic's own rule.",
            },
        )
    bands = sorted(draw(st.sets(st.integers(12, 99), max_size=2)))
    raised = draw(st.booleans())  # else only lowered, as a clinic may
    config = copy.deepcopy(RAW["settings"])
    config["max_exercises"] = draw(st.integers(1, 20))
    config["beighton"]["cutoffs"] = [
        {"up_to_age": age, "cutoff": draw(st.integers(1, 9 if raised else BEIGHTON.cutoff(age)))}
        for age in [*bands, 100]
    ]
    config["beighton"]["self_report_needed"] = draw(st.integers(1, 5 if raised else 2))
    return {"exercises": exercises, "rules": rules, "settings": config}


def write(folder: Path, data: dict[str, Any]) -> None:
    (folder / "decisions").mkdir(parents=True)
    for name, value in (
        ("exercises.yaml", data["exercises"]),
        ("emphases.yaml", RAW["emphases"]),
        ("settings.yaml", data["settings"]),
        ("decisions/10-clinic.yaml", data["rules"]),
    ):
        (folder / name).write_text(yaml.dump(value, Dumper=_Plain, allow_unicode=True))


# ---------------------------------------------------------------- the invariants


def keeps_the_invariants(screener: Screener, data: dict[str, Any], checked: bool) -> None:
    """The plan keeps the safety invariants; for a folder that passed the load-time check,
    "may be hyper-mobile" is also judged by the 2017 cut-offs (the folder cannot raise them)."""
    answers = parse_answers(data)
    plan = screener.screen(answers)
    pain = (data.get("pain") or {}).get("level") or 0
    if any((data.get("red_flags") or {}).values()) or pain >= PAIN_REFERRAL_FROM:
        assert plan.referral.required and plan.referral.reasons
        assert plan.emphases[0].id == "referral_first"
        for item in plan.routine:
            shipped = BUNDLED.exercises.get(item.exercise)
            assert shipped is not None, f"{item.exercise}: not in the bundled library"
            assert shipped.kind != "strength" and "loaded" not in shipped.tags, item.exercise
            assert (item.kind, set(item.tags)) == (shipped.kind, set(shipped.tags)), item.exercise
    by_2017 = assess(answers.hypermobility, answers.runner.age, BUNDLED.beighton)
    if plan.hypermobility.status != "not_hypermobile" or (
        checked and by_2017.status != "not_hypermobile"
    ):
        for item in plan.routine:
            shipped = BUNDLED.exercises.get(item.exercise)
            assert item.kind != "stretch" and (shipped is None or shipped.kind != "stretch")


@FOLDERS
@given(
    rules_folders(),
    st.lists(answers_data(), min_size=3, max_size=3),
    st.sampled_from(RED_FLAGS),
    st.integers(PAIN_REFERRAL_FROM, 10),
)
def test_whatever_the_folder_safety_holds(folder_data, runners, flag, pain):
    # One runner with exactly one red flag and little pain, one with only pain, one as drawn.
    runners[0] = {**runners[0], "red_flags": {flag.split(".")[1]: True}, "pain": {"level": 0}}
    runners[1] = {**runners[1], "red_flags": {}, "pain": {"level": pain}}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "rules"
        write(folder, folder_data)
        try:
            kb = load_knowledge(folder)
        except ScreeningError as exc:  # a folder broken as data: refused, one line
            assert "\n" not in str(exc)
            event("refused as data")
            return
        try:
            checked = Screener(kb)
        except ScreeningError as exc:  # a folder that would weaken safety: refused, one line
            assert "\n" not in str(exc) and str(folder) in str(exc)
            event("refused by the safety check")
        else:
            event("loaded and checked")
            for data in runners:
                keeps_the_invariants(checked, data, checked=True)
        with mock.patch("screening.core.engine.check_safety"):  # the built-in net alone
            unchecked = Screener(kb)
        for data in runners:
            keeps_the_invariants(unchecked, data, checked=False)
