"""The knowledge base in `rules/`: exercise library, emphases, settings and decision rules,
loaded and checked (a broken file gives one line naming the file, the rule and the field)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
)

from screening.core import yamlfile
from screening.core.errors import ScreeningError
from screening.core.facts import DERIVED_FACTS, FACT_NAMES, FACT_VALUES
from screening.core.hypermobility import BeightonSettings
from screening.core.resources import templates_dir

Kind = Literal["release", "activation", "strength", "mobility", "stability", "stretch"]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Dose(_Model):
    text: str
    how_often: str
    sets: int | None = None
    reps: int | None = None
    hold: str | None = None
    per_side: bool = False
    # A dose that is done differently (with support, with no weight) brings its own cues, which
    # replace the exercise's, and its own drawing when it looks different.
    cues: tuple[str, ...] | None = Field(None, min_length=1)
    illustration: str | None = None


class Exercise(_Model):
    id: str
    name: str
    kind: Kind
    order: int
    core: bool = False
    tags: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    doses: dict[str, Dose] = Field(min_length=1)
    cues: tuple[str, ...] = Field(min_length=1)
    purpose: str
    source: str
    illustration: str

    @property
    def default_dose(self) -> str:
        return next(iter(self.doses))


class Emphasis(_Model):
    id: str
    title: str
    sentence: str


class Note(_Model):
    """Something practical the plan tells the runner before they start (who reads it with them,
    how to get down to the floor), printed beside the focus."""

    id: str
    title: str
    text: str


class ProgressionStep(_Model):
    exercise: str
    dose: str | None = None  # None: any dose of the exercise
    stage: str
    how: str
    move_on: str | None = None  # when to take the next step (the last step has none)


class Progression(_Model):
    """How an exercise moves on, step by step (e.g. no weight, light weight, swings)."""

    id: str
    title: str
    steps: tuple[ProgressionStep, ...] = Field(min_length=2)
    source: str


class Range(_Model):
    at_least: int | None = None
    at_most: int | None = None


class OneOf(_Model):
    one_of: tuple[StrictBool | StrictInt | StrictStr, ...] = Field(min_length=1)


Condition = Annotated[
    StrictBool | StrictInt | StrictStr | Range | OneOf, Field(union_mode="left_to_right")
]


class AddEffect(_Model):
    exercise: str
    dose: str | None = None


class ExcludeEffect(_Model):
    exercise: str | None = None
    kind: Kind | None = None
    tag: str | None = None


class Effect(_Model):
    emphasis: str | None = None
    note: str | None = None
    add: str | AddEffect | None = None
    exclude: ExcludeEffect | None = None
    refer: bool = False


class Rule(_Model):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    when: dict[str, Condition]
    then: tuple[Effect, ...] = Field(min_length=1)
    salience: int = Field(ge=0, le=1000)
    source: str
    explain: str

    @field_validator("then", mode="before")
    @classmethod
    def _bare_words(cls, value: Any) -> Any:
        """`refer` may be written alone in a list of effects."""
        if isinstance(value, list):
            return [{"refer": True} if item == "refer" else item for item in value]
        return value

    @field_validator("when")
    @classmethod
    def _known_facts(cls, when: dict[str, Any]) -> dict[str, Any]:
        for name in when:
            if name not in FACT_NAMES and name not in DERIVED_FACTS:
                raise ValueError(f"unknown fact {name!r}")
        return when


class Cutoff(_Model):
    up_to_age: int = Field(ge=12, le=100)
    cutoff: int = Field(ge=1, le=9)


class BeightonConfig(_Model):
    instrument: str
    cutoffs: tuple[Cutoff, ...] = Field(min_length=1)
    self_report_needed: int = Field(ge=1, le=5)

    @field_validator("cutoffs")
    @classmethod
    def _cover_every_age(cls, cutoffs: tuple[Cutoff, ...]) -> tuple[Cutoff, ...]:
        ages = [c.up_to_age for c in cutoffs]
        if ages != sorted(set(ages)) or ages[-1] != 100:
            raise ValueError("ages must rise and the last must be 100")
        return cutoffs


class Settings(_Model):
    max_exercises: int = Field(ge=1, le=20)
    beighton: BeightonConfig
    # Plain names for exercise tags, used when a plan says a whole tag was left out.
    tags: dict[str, str] = Field(default_factory=dict)


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything in a rules folder, checked for consistency."""

    folder: Path
    exercises: dict[str, Exercise]
    emphases: dict[str, Emphasis]
    rules: tuple[Rule, ...]
    max_exercises: int
    beighton: BeightonSettings
    notes: dict[str, Note] = field(default_factory=dict)
    progressions: dict[str, Progression] = field(default_factory=dict)
    tag_labels: dict[str, str] = field(default_factory=dict)

    def tag_label(self, tag: str) -> str:
        """A tag in words, for a plan that leaves out everything carrying it."""
        return self.tag_labels.get(tag) or f"All {tag.replace('_', ' ')} exercises"


def _read(path: Path) -> Any:
    try:
        return yamlfile.load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScreeningError(f"{path}: missing from the rules folder") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ScreeningError(f"{path}: not valid YAML{where}") from None


def _validate(model: type[BaseModel], data: Any, where: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"] if not str(p).endswith("Range"))
        message = err["msg"].removeprefix("Value error, ")
        raise ScreeningError(f"{where}: {loc}: {message}") from None


def _entries(model: type[_Model], path: Path) -> dict[str, Any]:
    """A file mapping ids to entries, each validated as `model`."""
    data = _read(path) or {}
    if not isinstance(data, dict):
        raise ScreeningError(f"{path}: expected a mapping of ids to entries")
    out = {}
    for key, value in data.items():
        if not isinstance(value, dict):
            raise ScreeningError(f"{path}: {key}: expected a mapping of fields")
        out[str(key)] = _validate(model, {"id": str(key), **value}, f"{path}: {key}")
    return out


def load_knowledge(folder: Path) -> KnowledgeBase:
    """Load and check a rules folder."""
    if not folder.is_dir():
        raise ScreeningError(f"{folder}: not a rules folder")
    exercises = _entries(Exercise, folder / "exercises.yaml")
    emphases = _entries(Emphasis, folder / "emphases.yaml")
    # Later additions to the folder: a clinic's copy made before them still loads.
    notes = _optional_entries(Note, folder / "notes.yaml")
    progressions = _optional_entries(Progression, folder / "progressions.yaml")
    settings = _validate(Settings, _read(folder / "settings.yaml"), str(folder / "settings.yaml"))
    rules: list[Rule] = []
    files = sorted((folder / "decisions").glob("*.yaml"))
    if not files:
        raise ScreeningError(f"{folder / 'decisions'}: no rule files (*.yaml)")
    for path in files:
        data = _read(path) or []
        if not isinstance(data, list):
            raise ScreeningError(f"{path}: expected a list of rules")
        for i, raw in enumerate(data):
            name = raw.get("id", f"rule #{i + 1}") if isinstance(raw, dict) else f"rule #{i + 1}"
            rule = _validate(Rule, raw, f"{path}: {name}")
            _check_refs(rule, exercises, emphases, notes, f"{path}: {rule.id}")
            rules.append(rule)
    _check_library(exercises, folder / "exercises.yaml")
    _check_progressions(progressions, exercises, folder / "progressions.yaml")
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise ScreeningError(f"{folder / 'decisions'}: rule id {rule.id!r} is used twice")
        seen.add(rule.id)
    b = settings.beighton
    beighton = BeightonSettings(
        instrument=b.instrument,
        cutoffs=tuple((c.up_to_age, c.cutoff) for c in b.cutoffs),
        self_report_needed=b.self_report_needed,
    )
    return KnowledgeBase(
        folder,
        exercises,
        emphases,
        tuple(rules),
        settings.max_exercises,
        beighton,
        notes=notes,
        progressions=progressions,
        tag_labels=dict(settings.tags),
    )


def _optional_entries(model: type[_Model], path: Path) -> dict[str, Any]:
    return _entries(model, path) if path.exists() else {}


def _check_refs(
    rule: Rule,
    exercises: dict[str, Exercise],
    emphases: dict[str, Emphasis],
    notes: dict[str, Note],
    where: str,
) -> None:
    allowed = {
        "referral": {"present", "absent"},
        "emphasis": set(emphases),
        "recommended": set(exercises),
    }
    for name, value in rule.when.items():
        if name in allowed and value not in allowed[name]:
            raise ScreeningError(
                f"{where}: when.{name}: {value!r} is not one of {', '.join(sorted(allowed[name]))}"
            )
        if name in FACT_VALUES:
            _check_condition(name, value, f"{where}: when.{name}")
    for effect in rule.then:
        if effect.emphasis and effect.emphasis not in emphases:
            raise ScreeningError(f"{where}: then.emphasis: unknown emphasis {effect.emphasis!r}")
        if effect.note and effect.note not in notes:
            raise ScreeningError(f"{where}: then.note: unknown note {effect.note!r}")
        if effect.add is not None:
            add = AddEffect(exercise=effect.add) if isinstance(effect.add, str) else effect.add
            _check_exercise_dose(add.exercise, add.dose, exercises, f"{where}: then.add")
        ex = effect.exclude
        if ex is not None:
            if sum(x is not None for x in (ex.exercise, ex.kind, ex.tag)) != 1:
                raise ScreeningError(f"{where}: then.exclude: give one of exercise, kind or tag")
            if ex.exercise and ex.exercise not in exercises:
                raise ScreeningError(f"{where}: then.exclude: unknown exercise {ex.exercise!r}")
            if ex.tag and not any(ex.tag in e.tags for e in exercises.values()):
                raise ScreeningError(f"{where}: then.exclude: no exercise is tagged {ex.tag!r}")
        if not (effect.emphasis or effect.note or effect.add or effect.exclude or effect.refer):
            raise ScreeningError(f"{where}: then: an effect with nothing to do")


def _check_progressions(
    progressions: dict[str, Progression], exercises: dict[str, Exercise], where: Path
) -> None:
    for progression in progressions.values():
        for i, step in enumerate(progression.steps):
            at = f"{where}: {progression.id}: steps.{i}"
            _check_exercise_dose(step.exercise, step.dose, exercises, at, ".exercise")


def _check_exercise_dose(
    exercise: str, dose: str | None, exercises: dict[str, Exercise], at: str, field_name: str = ""
) -> None:
    """An exercise the library has, and a dose it has (when one is named)."""
    if exercise not in exercises:
        raise ScreeningError(f"{at}{field_name}: unknown exercise {exercise!r}")
    if dose and dose not in exercises[exercise].doses:
        raise ScreeningError(
            f"{at}.dose: {exercise} has no dose {dose!r} "
            f"(has {', '.join(exercises[exercise].doses)})"
        )


def _check_condition(name: str, cond: Any, where: str) -> None:
    """A condition must be able to match: right type, and a known value where values are closed."""
    kind, values = FACT_VALUES[name]
    if isinstance(cond, Range):
        if kind is not int:
            raise ScreeningError(f"{where}: at_least/at_most need a number fact; {name} is not one")
        return
    candidates = cond.one_of if isinstance(cond, OneOf) else (cond,)
    for value in candidates:
        if type(value) is not kind:
            raise ScreeningError(f"{where}: {value!r} can never match; {name} is a {kind.__name__}")
        if values is not None and value not in values:
            raise ScreeningError(
                f"{where}: {value!r} can never match; {name} is one of {', '.join(sorted(values))}"
            )


def _check_library(exercises: dict[str, Exercise], where: Path) -> None:
    for ex in exercises.values():
        drawings = {"illustration": ex.illustration}
        drawings |= {f"doses.{k}.illustration": d.illustration for k, d in ex.doses.items()}
        for field_name, drawing in drawings.items():
            if drawing and not (templates_dir() / "illustrations" / f"{drawing}.svg").is_file():
                raise ScreeningError(
                    f"{where}: {ex.id}: {field_name}: no drawing {drawing!r} in the templates"
                )
        if ex.kind == "strength" and "loaded" not in ex.tags:
            raise ScreeningError(f"{where}: {ex.id}: tags: strength work must be tagged loaded")
        for need in ex.needs:
            if f"equipment.{need}" not in FACT_NAMES:
                raise ScreeningError(f"{where}: {ex.id}: needs: unknown equipment {need!r}")
