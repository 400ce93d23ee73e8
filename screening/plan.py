"""The plan: what the engine decides for one runner. Its JSON form is a public contract."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


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


class RoutineItem(_Model):
    exercise: str
    name: str
    kind: str
    dose: str
    how_often: str
    cues: list[str]
    purpose: str
    source: str
    illustration: str
    because: list[Because]


class LeftOut(_Model):
    exercise: str | None
    name: str
    kind: str | None
    reason: str
    rule: str


class TraceEntry(_Model):
    rule: str
    salience: int
    matched: dict[str, Any]


class Told(_Model):
    """One line of what the runner reported: which answer, its label and the answer in words."""

    topic: str
    label: str
    text: str


class RunnerSummary(_Model):
    name: str
    age: int
    told_us: list[Told]


class Plan(_Model):
    runner: RunnerSummary
    referral: Referral
    hypermobile: bool
    hypermobility: Hypermobility
    emphases: list[EmphasisItem]
    routine: list[RoutineItem]
    left_out: list[LeftOut]
    trace: list[TraceEntry]

    @property
    def headline(self) -> EmphasisItem:
        return self.emphases[0]
