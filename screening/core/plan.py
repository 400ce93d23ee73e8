"""The plan: what the engine decides for one runner. Its JSON form is a public contract,
versioned by `schema_version` (`screening schema --plan` prints its JSON Schema): fields are
only ever added; a rename or removal raises the version."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

# 1: the unversioned plans of 0.1.0. 2: `schema_version`, `answers`, `tags` on routine and
# left-out items; `runner.told_us` left the plan (it is wording, made by the renderers).
# Added since, within version 2: `notes`, `progression`, `dose_id` on routine items,
# `running_hold`.
PLAN_SCHEMA_VERSION = 2


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Because(_Model):
    """One reason: the rule, the answers it matched, and its explanation in plain words."""

    rule: str
    text: str
    answers: dict[str, Any]


class Referral(_Model):
    required: bool
    reasons: list[Because]


class Hypermobility(_Model):
    status: str
    method: str
    score: int | None
    cutoff: int
    unknown_items: list[str]
    summary: str
    instrument: str


class EmphasisItem(_Model):
    id: str
    title: str
    sentence: str
    because: list[Because]


class NoteItem(_Model):
    """Something practical to know before starting, and the reasons it is there."""

    id: str
    title: str
    text: str
    because: list[Because]


class RoutineItem(_Model):
    exercise: str
    name: str
    kind: str
    tags: list[str]  # from the exercise library, e.g. `loaded`
    dose: str
    dose_id: str | None = None  # the library's name for the dose (absent in older plans)
    how_often: str
    cues: list[str]
    purpose: str
    source: str
    illustration: str
    because: list[Because]


class LeftOut(_Model):
    exercise: str | None  # None when a whole kind or tag is absent
    name: str
    kind: str | None
    tags: list[str]
    reason: str
    rule: str


class ProgressionStepItem(_Model):
    stage: str
    exercise: str
    dose: str | None  # the library's dose name; None: any dose of the exercise
    how: str
    move_on: str | None
    status: Literal["done", "now", "next", "later"]
    note: str | None  # why a step ahead is left out for now (its left-out reason)


class ProgressionItem(_Model):
    """How an exercise in the routine moves on, with where the runner is now."""

    id: str
    title: str
    steps: list[ProgressionStepItem]
    source: str


class TraceEntry(_Model):
    rule: str
    salience: int
    matched: dict[str, Any]


class RunnerSummary(_Model):
    name: str
    age: int


class Plan(_Model):
    """One runner's plan: the answers it was made from, the referral, the routine in order, how
    it moves on, what was left out and why, and the rules that fired."""

    schema_version: Literal[2]
    runner: RunnerSummary
    answers: dict[str, Any]  # as in the answers file, every default filled in
    referral: Referral
    # Reasons, other than a referral, not to run for now (e.g. the first weeks after a birth).
    running_hold: list[Because] = []
    hypermobile: bool
    hypermobility: Hypermobility
    emphases: list[EmphasisItem]
    notes: list[NoteItem] = []
    routine: list[RoutineItem]
    progression: list[ProgressionItem] = []
    left_out: list[LeftOut]
    trace: list[TraceEntry]

    @property
    def headline(self) -> EmphasisItem:
        return self.emphases[0]


def plan_schema() -> dict[str, Any]:
    """JSON Schema of the plan."""
    schema = Plan.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
