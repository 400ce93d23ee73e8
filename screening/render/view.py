"""The view of a plan: everything the templates need, worked out from the plan in one place
(the templates hold no logic), including the plan's wording for what the runner told us."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from screening.core.catalogue import Question, answer_at, load_catalogue
from screening.core.compare import is_score
from screening.core.errors import ScreeningError
from screening.core.facts import DERIVED_FROM, DERIVED_LABELS
from screening.core.plan import LeftOut, Plan, RoutineItem
from screening.core.safety import SAFETY_LIBRARY
from screening.render.stylesheet import PAPER_SIZES

DISCLAIMER = (
    "All articles are for general informational purposes.  Each individual\u2019s needs, "
    "preferences, goals and abilities may vary.  Be sure to obtain all appropriate training, "
    "expert supervision and/or medical advice before engaging in strenuous or potentially "
    "hazardous activity."
)
DISCLAIMER_SOURCE = (
    "\u201cMobility for Runners\u201d (article featuring Jessica Marie Rose Leggio, #RunPainFree)"
)
# The article's four-step warm-up, which the disclaimer's attribution names. In a plan that
# needs a referral the lifts of step 3 are not named (such a plan does not advertise weights).
ARTICLE_STEPS = (
    "foam rolling",
    "drive-backs",
    "deadlifts or kettlebell swings",
    "straight-legged walking kicks",
)
ARTICLE_STEPS_REFERRAL = (
    "foam rolling",
    "drive-backs",
    "a strength step, left out for now",
    "straight-legged walking kicks",
)
# What puts load on the body: a plan that needs a referral never prints it (a second guard
# behind the engine's safety net).
LOADED_KINDS = frozenset({"strength"})
LOADED_TAG = "loaded"
# Answers about lifting that a plan needing a referral leaves unprinted (it does not advertise
# weights).
LIFTING_TOPICS = frozenset({"runner.strength_experience"})
KIND_LABELS = {
    "release": "Release",
    "activation": "Activation",
    "strength": "Strength",
    "mobility": "Mobility",
    "stability": "Stability",
    "stretch": "Stretch",
}
# Said wherever the routine of a plan that needs a referral is shown (PDF, HTML, terminal).
ROUTINE_HOLD = "Start this routine only once a clinician has agreed to it."
LOG_DAYS = 14
PAIN_ROW = "Worst pain today (0-10)"
RUN_ROW = "I ran today (distance or time)"
STEP_STATUS = {"done": "Done", "now": "You are here", "next": "Next", "later": "Later"}
_ILLUSTRATION_ID = re.compile(r"[a-z0-9_]{1,60}")


@dataclass(frozen=True)
class Omitted:
    name: str
    reason: str


def view(
    plan: Plan, *, clinic: str | None = None, paper: str = "a4", on: date | None = None
) -> dict[str, Any]:
    """Everything the templates need, worked out from the plan (no logic in the templates)."""
    if paper not in PAPER_SIZES:
        raise ScreeningError(f"--paper: expected one of {', '.join(PAPER_SIZES)}")
    routine = list(plan.routine)
    referral = plan.referral.required
    loaded = [item.name for item in routine if is_loaded(item)]
    if referral and loaded:  # the engine never does this; the printout must not either
        raise ScreeningError(
            "refusing to print loaded exercises in a plan that needs a referral: "
            + ", ".join(loaded)
        )
    for item in routine:
        if not _ILLUSTRATION_ID.fullmatch(item.illustration):
            raise ScreeningError(f"{item.exercise}: bad illustration name {item.illustration!r}")
    on = on or date.today()
    # Not running for now (a referral, or e.g. the first weeks after a birth): no runs asked.
    not_running = referral or bool(plan.running_hold)
    before = [i for i in routine if "before" in i.how_often.lower()]
    after = [i for i in routine if i not in before]
    return {
        "plan": plan,
        "runner": plan.runner,
        "clinic": clinic,
        "paper": PAPER_SIZES[paper],
        "on": on,
        "on_text": date_text(on),
        "headline": plan.emphases[0] if plan.emphases else None,
        "also": plan.emphases[1:],
        "told": _told_lines(plan, referral),
        "referral": referral,
        "running_hold": plan.running_hold,
        "not_running": not_running,
        "reasons": [
            {"text": r.text, "reported": _reported(r.answers, plan.answers), "rule": r.rule}
            for r in plan.referral.reasons
        ],
        "routine": routine,
        "numbers": {item.exercise: n for n, item in enumerate(routine, start=1)},
        "before_run": before,
        "after_run": after,
        "routine_hold": ROUTINE_HOLD,
        "left_out": left_out(plan),
        "notes": plan.notes,
        "progressions": plan.progression,
        "step_status": STEP_STATUS,
        "kind_labels": KIND_LABELS,
        "log_weeks": [list(range(1, 8)), list(range(8, LOG_DAYS + 1))],
        # A runner waiting for a clinician is not asked to log runs.
        "log_extra": [PAIN_ROW] if not_running else [RUN_ROW, PAIN_ROW],
        "disclaimer": DISCLAIMER,
        "disclaimer_source": DISCLAIMER_SOURCE,
        "article_steps": ARTICLE_STEPS_REFERRAL if referral else ARTICLE_STEPS,
    }


def date_text(on: date) -> str:
    """A day as the plan writes it: 3 February 2026."""
    return f"{on.day} {on:%B %Y}"


def is_loaded(item: RoutineItem | LeftOut) -> bool:
    """Whether an exercise is strength work or carries weight."""
    return item.kind in LOADED_KINDS or LOADED_TAG in item.tags


@dataclass(frozen=True)
class Told:
    """One line of what the runner reported: which answer, its label and the answer in words."""

    topic: str
    label: str
    text: str


def told_us(plan: Plan) -> list[Told]:
    """What the runner reported, in a few plain lines (the catalogue's wording)."""
    catalogue = load_catalogue()
    answers = plan.answers

    def ticked(group: str) -> list[str]:
        section: dict[str, Any] = answer_at(answers, group) or {}
        return [q.prompt for q in catalogue.group(group).questions() if section.get(q.id)]

    pain = answers.get("pain") or {}
    nothing = "none of the symptoms listed" if pain.get("sites") else "nothing hurts or feels tight"
    lines = [Told("symptoms", "Running", "; ".join(ticked("symptoms")) or nothing)]
    if pain.get("level") is not None:
        lines.append(Told("pain", "Worst pain when running", f"{pain['level']}/10"))
    lines += told_more(answers)
    if flags := ticked("red_flags"):
        lines.append(Told("red_flags", "Safety", "; ".join(flags)))
    lines.append(Told("hypermobility", "Flexibility", plan.hypermobility.summary))
    if answer_at(answers, "hypermobility.self_report") is not None:
        said = ticked("hypermobility.self_report")
        lines.append(
            Told(
                "hypermobility.self_report",
                "Flexibility questions",
                "; ".join(said) if said else "none of the five applies",
            )
        )
    runner = answers["runner"]
    experience = catalogue.question("runner.strength_experience")
    lines.append(
        Told(
            "runner.strength_experience",
            "Deadlifts",
            experience.choices[runner["strength_experience"]],
        )
    )
    kit = catalogue.question("runner.equipment")
    lines.append(
        Told(
            "runner.equipment",
            "Equipment",
            ", ".join(kit.choices[k] for k in runner["equipment"]) or "none",
        )
    )
    return lines


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def told_more(answers: dict[str, Any]) -> list[Told]:
    """Where it hurts, distance, past injuries, pregnancy and periods, each only when there is
    something to say (an answer left at its default says nothing)."""
    catalogue = load_catalogue()

    def words(path: str) -> str:
        group, field = path.split(".")
        return _lower_first(catalogue.question(path).choices[answers[group][field]])

    lines = []
    if sites := (answers.get("pain") or {}).get("sites"):
        text = "; ".join(_lower_first(catalogue.question("pain.sites").choices[s]) for s in sites)
        lines.append(Told("pain.sites", "Where it hurts", text))
    training = answers.get("training") or {}
    if training.get("weekly_km") is not None:
        text = f"{training['weekly_km']} km a week over the last two weeks"
        if training.get("weekly_km_before") is not None:
            text += f", {training['weekly_km_before']} km a week in the two weeks before"
        lines.append(Told("training", "Weekly distance", text))
    history = answers.get("history") or {}
    injuries = []
    if history.get("last_injury", "none") != "none":
        injuries.append(f"last running injury {words('history.last_injury')}")
    if history.get("hamstring_strain", "none") != "none":
        injuries.append(f"hamstring strain {words('history.hamstring_strain')}")
    if history.get("stress_fracture"):
        injuries.append("a stress fracture or bone-stress injury before")
    if injuries:
        lines.append(Told("history", "Past injuries", "; ".join(injuries)))
    pregnancy = answers.get("pregnancy") or {}
    status, weeks = pregnancy.get("status", "none"), pregnancy.get("weeks")
    if status != "none":
        if status == "pregnant":
            text = "pregnant" + (f", {weeks} weeks" if weeks is not None else "")
        else:
            text = "gave birth " + (f"{weeks} weeks ago" if weeks is not None else "this year")
        if pregnancy.get("pelvic_floor_symptoms"):
            text += "; leaking, heaviness or dragging in the pelvic floor"
        lines.append(Told("pregnancy", "Pregnancy", text))
    if (answers.get("health") or {}).get("missed_periods") == "yes":
        lines.append(Told("health", "Periods", "three months or more without a period"))
    return lines


def _told_lines(plan: Plan, referral: bool) -> list[Told]:
    """What the runner told us; with a referral, without their answer about lifting weights."""
    return [t for t in told_us(plan) if not (referral and t.topic in LIFTING_TOPICS)]


def _reported(matched: dict[str, Any], given: dict[str, Any]) -> list[str]:
    """The answers behind a referral, in the questionnaire's own words (a fact worked out from
    several answers, such as shin or foot pain, as the answers that made it true)."""
    catalogue = load_catalogue()
    answers: dict[str, Any] = {}
    for path, value in matched.items():
        sources = [s for s in DERIVED_FROM.get(path, ()) if answer_at(given, s)]
        answers.update(dict.fromkeys(sources, True) if value is True and sources else {path: value})
    out = []
    for path, value in answers.items():
        parent, _, choice = path.rpartition(".")
        try:
            question = catalogue.question(path)
        except KeyError:
            try:  # one value of a list answer, e.g. pain.sites.shin
                listed: Question | None = catalogue.question(parent)
            except KeyError:
                listed = None
            if listed is not None and choice in listed.choices and isinstance(value, bool):
                label = f"{listed.short or listed.prompt}: {_lower_first(listed.choices[choice])}"
            else:
                label = DERIVED_LABELS.get(path, path)
            if isinstance(value, bool):
                out.append(label if value else f"Not: {label}")
            else:
                out.append(f"{label}: {value}")
            continue
        if isinstance(value, bool):
            said = question.short or question.prompt
            out.append(said if value else f"Not: {said}")
        elif is_score(question):
            group = catalogue.group(path.rsplit(".", 1)[0]).title if "." in path else path
            out.append(f"{group}: {value} out of 10")
        elif question.type == "choice":
            out.append(f"{question.short or question.prompt}: {question.choices[value]}")
        else:
            unit = f" {question.unit}" if question.unit else ""
            out.append(f"{question.short or question.prompt}: {value}{unit}")
    return out


def left_out(plan: Plan) -> list[Omitted]:
    """What was left out, as every front door shows it. With a referral, loaded lifts are one
    line that names none of them, and so are the clinic's own exercises held back until the
    clinician has seen the runner (a referred plan advertises neither)."""
    folded = {
        "loaded": Omitted(
            "Strength work with weights",
            "Not until a clinician has looked at what you reported and says it is safe to add.",
        ),
        SAFETY_LIBRARY: Omitted(
            "Exercises your clinic added to this tool",
            "Not until a clinician has looked at what you reported: the plan keeps to the "
            "tool's own gentle exercises until then.",
        ),
    }
    out: list[Omitted] = []
    for item in plan.left_out:
        fold = None
        if plan.referral.required:
            fold = (
                "loaded"
                if is_loaded(item)
                else SAFETY_LIBRARY
                if item.rule == SAFETY_LIBRARY
                else None
            )
        if fold is None:
            out.append(Omitted(item.name, item.reason))
        elif folded[fold] not in out:
            out.append(folded[fold])
    return out
