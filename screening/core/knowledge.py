"""The knowledge base in `rules/`: exercise library, emphases, settings and decision rules,
loaded and checked (a broken file gives one line naming the file, the rule and the field)."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

from screening.core.errors import ScreeningError
from screening.core.facts import DERIVED_FACTS, FACT_NAMES, FACT_VALUES, NULLABLE_FACTS
from screening.core.hypermobility import BeightonSettings
from screening.core.reading import load_data
from screening.core.resources import templates_dir
from screening.core.text import line_problem, shown

Kind = Literal["release", "activation", "strength", "mobility", "stability", "stretch"]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
# An exercise's or emphasis's id, and a drawing's name (a file in templates/illustrations/).
NAME_PATTERN = r"^[a-z0-9_]{1,60}$"
MAX_RULES_FILE_BYTES = 1024 * 1024


def _texts(value: Any) -> list[str]:
    """Every piece of text in a field's value (keys too), nested models left to themselves."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in (*_texts(k), *_texts(v))]
    if isinstance(value, tuple | list):
        return [t for v in value for t in _texts(v)]
    return []


class _Model(BaseModel):
    """Rules data: no unknown field, no number or yes/no written as anything else, and text on
    one line with nothing that could break, hide or blank it (rule text reaches terminals)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*")
    @classmethod
    def _one_line_each(cls, value: Any) -> Any:
        for text in _texts(value):
            if problem := line_problem(text):
                raise ValueError(f"{shown(text)}: it {problem}")
        return value


class Dose(_Model):
    text: str
    how_often: str
    sets: StrictInt | None = None
    reps: StrictInt | None = None
    hold: str | None = None
    per_side: StrictBool = False
    # A dose that is done differently (with support, with no weight) brings its own cues, which
    # replace the exercise's, and its own drawing when it looks different.
    cues: tuple[str, ...] | None = Field(None, min_length=1)
    illustration: str | None = Field(None, pattern=NAME_PATTERN)
    # Tags of the exercise this dose does not carry, as it is done differently (the propped
    # bridge is not done lying on the back). Exclusions still act on the exercise's own tags.
    not_tagged: tuple[str, ...] = ()


class Exercise(_Model):
    id: str = Field(pattern=NAME_PATTERN)
    name: str
    kind: Kind
    order: StrictInt
    core: StrictBool = False
    tags: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    doses: dict[str, Dose] = Field(min_length=1)
    cues: tuple[str, ...] = Field(min_length=1)
    purpose: str
    source: str
    illustration: str = Field(pattern=NAME_PATTERN)

    @property
    def default_dose(self) -> str:
        return next(iter(self.doses))


def worded(text: str, without: dict[str, str], routine: set[str]) -> str:
    """`text`, or the other words `without` gives for the first exercise it names that the
    routine does not hold."""
    return next((words for e, words in without.items() if e not in routine), text)


class Emphasis(_Model):
    id: str = Field(pattern=NAME_PATTERN)
    title: str
    sentence: str
    # The sentence for a plan whose routine does not hold an exercise the sentence names (left
    # out by a rule or a safety check, or cut at the ceiling), by that exercise's id.
    sentence_without: dict[str, str] = {}

    def sentence_for(self, routine: set[str]) -> str:
        """The sentence for a plan whose routine holds the exercises in `routine`."""
        return worded(self.sentence, self.sentence_without, routine)


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
    at_least: StrictInt | None = None
    at_most: StrictInt | None = None

    @model_validator(mode="after")
    def _can_match(self) -> Range:
        if self.at_least is None and self.at_most is None:
            raise ValueError("give at_least, at_most or both")
        if self.at_least is not None and self.at_most is not None and self.at_least > self.at_most:
            raise ValueError(
                f"at_least {self.at_least} is above at_most {self.at_most}: it can never match"
            )
        return self


class OneOf(_Model):
    one_of: tuple[StrictBool | StrictInt | StrictStr, ...] = Field(min_length=1)


def _condition_form(value: Any) -> str:
    """Which form a condition takes, so an error speaks of that form only."""
    if isinstance(value, dict):
        return "one_of" if "one_of" in value else "range"
    return {Range: "range", OneOf: "one_of"}.get(type(value), "value")


CONDITION_FORMS = ("value", "range", "one_of")
Condition = Annotated[
    # `null`: the fact is not known (a number or choice left unanswered).
    Annotated[StrictBool | StrictInt | StrictStr | None, Tag("value")]
    | Annotated[Range, Tag("range")]
    | Annotated[OneOf, Tag("one_of")],
    Discriminator(_condition_form),
]


class AddEffect(_Model):
    exercise: str
    dose: str | None = None


class ExcludeEffect(_Model):
    exercise: str | None = None
    kind: Kind | None = None
    tag: str | None = None


class AdaptEffect(_Model):
    """Do an exercise with this dose if the routine holds it (the exercise is not added)."""

    exercise: str
    dose: str


class Effect(_Model):
    emphasis: str | None = None
    note: str | None = None
    add: str | AddEffect | None = None
    adapt: AdaptEffect | None = None
    exclude: ExcludeEffect | None = None
    refer: StrictBool = False
    # Not to run for now, without a referral (e.g. in the first weeks after a birth): no
    # exercise is tied to runs and the log asks for none. A referral does the same.
    no_running: StrictBool = False


class Rule(_Model):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    when: dict[str, Condition]
    then: tuple[Effect, ...] = Field(min_length=1)
    salience: StrictInt = Field(ge=0, le=1000)
    source: str
    explain: str
    # The explanation for a plan whose routine does not hold an exercise `explain` names, by
    # that exercise's id (as an emphasis's `sentence_without`).
    explain_without: dict[str, str] = {}

    def explain_for(self, routine: set[str]) -> str:
        """The explanation for a plan whose routine holds the exercises in `routine`."""
        return worded(self.explain, self.explain_without, routine)

    @field_validator("then", mode="before")
    @classmethod
    def _bare_words(cls, value: Any) -> Any:
        """`refer` and `no_running` may be written alone in a list of effects."""
        if isinstance(value, list):
            bare = ("refer", "no_running")
            return [{item: True} if item in bare else item for item in value]
        return value

    @field_validator("when")
    @classmethod
    def _known_facts(cls, when: dict[str, Any]) -> dict[str, Any]:
        for name in when:
            if name not in FACT_NAMES and name not in DERIVED_FACTS:
                raise ValueError(f"unknown fact {shown(name)}")
        return when


class Cutoff(_Model):
    up_to_age: StrictInt = Field(ge=12, le=100)
    cutoff: StrictInt = Field(ge=1, le=9)


class BeightonConfig(_Model):
    instrument: str
    cutoffs: tuple[Cutoff, ...] = Field(min_length=1)
    self_report_needed: StrictInt = Field(ge=1, le=5)

    @field_validator("cutoffs")
    @classmethod
    def _cover_every_age(cls, cutoffs: tuple[Cutoff, ...]) -> tuple[Cutoff, ...]:
        ages = [c.up_to_age for c in cutoffs]
        if ages != sorted(set(ages)) or ages[-1] != 100:
            raise ValueError("ages must rise and the last must be 100")
        return cutoffs


class Settings(_Model):
    max_exercises: StrictInt = Field(ge=1, le=20)
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


def matches(cond: Any, value: Any) -> bool:
    """Whether a fact's value meets a rule's condition on it."""
    if isinstance(cond, Range):
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and (cond.at_least is None or value >= cond.at_least)
            and (cond.at_most is None or value <= cond.at_most)
        )
    if isinstance(cond, OneOf):
        return value in cond.one_of
    return bool(value == cond)


def fingerprint(folder: Path) -> str:
    """A SHA-256 of every rules file in `folder` (its path inside the folder and its bytes):
    two folders with the same fingerprint screen every runner alike."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*.y*ml") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _read(path: Path) -> Any:
    if not os.path.lexists(path):
        raise ScreeningError(f"{path}: missing from the rules folder")
    return load_data(path, MAX_RULES_FILE_BYTES, "a rules file")


def _validate(model: type[BaseModel], data: Any, where: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"] if p not in CONDITION_FORMS)
        message = err["msg"].removeprefix("Value error, ")
        raise ScreeningError(f"{where}: {loc}: {message}") from None


def _label(key: Any, fallback: str) -> str:
    """How an entry is named in a message: its id, if it looks like one."""
    return key if isinstance(key, str) and re.fullmatch(r"[a-z0-9_-]{1,60}", key) else fallback


def _entries(model: type[_Model], path: Path) -> dict[str, Any]:
    """A file mapping ids to entries, each validated as `model`."""
    data = _read(path) or {}
    if not isinstance(data, dict):
        raise ScreeningError(f"{path}: expected a mapping of ids to entries")
    out = {}
    for i, (key, value) in enumerate(data.items()):
        where = f"{path}: {_label(key, f'entry #{i + 1}')}"
        if not isinstance(value, dict):
            raise ScreeningError(f"{where}: expected a mapping of fields")
        out[key] = _validate(model, {"id": key, **value}, where)
    return out


def load_library(path: Path) -> dict[str, Exercise]:
    """An exercise library (`exercises.yaml`), each exercise checked."""
    exercises = _entries(Exercise, path)
    _check_library(exercises, path)
    return exercises


def load_knowledge(folder: Path) -> KnowledgeBase:
    """Load and check a rules folder (for the safety invariants a folder must also meet to be
    used, see `screening.core.safety.check`)."""
    if not folder.is_dir():
        raise ScreeningError(f"{folder}: not a rules folder")
    exercises = load_library(folder / "exercises.yaml")
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
            name = _label(raw.get("id") if isinstance(raw, dict) else None, f"rule #{i + 1}")
            rule = _validate(Rule, raw, f"{path}: {name}")
            _check_refs(rule, exercises, emphases, notes, f"{path}: {rule.id}")
            _check_explain_variants(rule, f"{path}: {rule.id}")
            rules.append(rule)
    _check_sentence_variants(rules, emphases, folder / "emphases.yaml")
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


def _added(rule: Rule) -> set[str]:
    """The exercises a rule adds to the routine."""
    adds = (e.add for e in rule.then if e.add is not None)
    return {add if isinstance(add, str) else add.exercise for add in adds}


# Other words for a plan without an exercise (`explain_without`, `sentence_without`) are for
# an exercise the rule adds, or that every rule giving the focus adds: a plan without it then
# says why on a left-out line, which those words point to.


def _check_explain_variants(rule: Rule, where: str) -> None:
    for exercise in sorted(set(rule.explain_without) - _added(rule)):
        raise ScreeningError(
            f"{where}: explain_without: {shown(exercise)} is not an exercise this rule adds"
        )


def _check_sentence_variants(rules: list[Rule], emphases: dict[str, Emphasis], path: Path) -> None:
    for emphasis in emphases.values():
        for rule in rules:
            if any(e.emphasis == emphasis.id for e in rule.then):
                for exercise in sorted(set(emphasis.sentence_without) - _added(rule)):
                    raise ScreeningError(
                        f"{path}: {emphasis.id}: sentence_without: rule {rule.id} gives this "
                        f"focus without adding {shown(exercise)}"
                    )


def _check_refs(
    rule: Rule,
    exercises: dict[str, Exercise],
    emphases: dict[str, Emphasis],
    notes: dict[str, Note],
    where: str,
) -> None:
    allowed = {
        "referral": {"present", "absent"},
        "running": {"held", "allowed"},
        "emphasis": set(emphases),
        "recommended": set(exercises),
    }
    for name, value in rule.when.items():
        if name in allowed and value not in allowed[name]:
            raise ScreeningError(
                f"{where}: when.{name}: {shown(value)} is not one of "
                f"{', '.join(sorted(allowed[name]))}"
            )
        if name in FACT_VALUES:
            _check_condition(name, value, f"{where}: when.{name}")
    for effect in rule.then:
        if effect.emphasis and effect.emphasis not in emphases:
            raise ScreeningError(
                f"{where}: then.emphasis: unknown emphasis {shown(effect.emphasis)}"
            )
        if effect.note and effect.note not in notes:
            raise ScreeningError(f"{where}: then.note: unknown note {shown(effect.note)}")
        if effect.add is not None:
            add = AddEffect(exercise=effect.add) if isinstance(effect.add, str) else effect.add
            _check_exercise_dose(add.exercise, add.dose, exercises, f"{where}: then.add")
        if effect.adapt is not None:
            adapt = effect.adapt
            _check_exercise_dose(adapt.exercise, adapt.dose, exercises, f"{where}: then.adapt")
        ex = effect.exclude
        if ex is not None:
            if sum(x is not None for x in (ex.exercise, ex.kind, ex.tag)) != 1:
                raise ScreeningError(f"{where}: then.exclude: give one of exercise, kind or tag")
            if ex.exercise and ex.exercise not in exercises:
                raise ScreeningError(
                    f"{where}: then.exclude: unknown exercise {shown(ex.exercise)}"
                )
            if ex.tag and not any(ex.tag in e.tags for e in exercises.values()):
                raise ScreeningError(
                    f"{where}: then.exclude: no exercise is tagged {shown(ex.tag)}"
                )
        if not (
            effect.emphasis
            or effect.note
            or effect.add
            or effect.adapt
            or effect.exclude
            or effect.refer
            or effect.no_running
        ):
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
        raise ScreeningError(f"{at}{field_name}: unknown exercise {shown(exercise)}")
    if dose and dose not in exercises[exercise].doses:
        raise ScreeningError(
            f"{at}.dose: {exercise} has no dose {shown(dose)} "
            f"(has {', '.join(exercises[exercise].doses)})"
        )


def _check_condition(name: str, cond: Any, where: str) -> None:
    """A condition must be able to match: right type, and a known value where values are closed."""
    kind, values = FACT_VALUES[name]
    if cond is None:
        if name not in NULLABLE_FACTS:
            raise ScreeningError(f"{where}: null can never match; {name} is always known")
        return
    if isinstance(cond, Range):
        if kind is not int:
            raise ScreeningError(f"{where}: at_least/at_most need a number fact; {name} is not one")
        return
    candidates = cond.one_of if isinstance(cond, OneOf) else (cond,)
    for value in candidates:
        if type(value) is not kind:
            raise ScreeningError(
                f"{where}: {shown(value)} can never match; {name} is a {kind.__name__}"
            )
        if values is not None and value not in values:
            raise ScreeningError(
                f"{where}: {shown(value)} can never match; {name} is one of "
                f"{', '.join(sorted(values))}"
            )


def _check_library(exercises: dict[str, Exercise], where: Path) -> None:
    tags = {tag for ex in exercises.values() for tag in ex.tags}
    for ex in exercises.values():
        drawings = {"illustration": ex.illustration}
        drawings |= {f"doses.{k}.illustration": d.illustration for k, d in ex.doses.items()}
        for field_name, drawing in drawings.items():
            if drawing and not (templates_dir() / "illustrations" / f"{drawing}.svg").is_file():
                raise ScreeningError(
                    f"{where}: {ex.id}: {field_name}: no drawing {shown(drawing)} in the templates"
                )
        if ex.kind == "strength" and "loaded" not in ex.tags:
            raise ScreeningError(f"{where}: {ex.id}: tags: strength work must be tagged loaded")
        for name, dose in ex.doses.items():
            at = f"{where}: {ex.id}: doses.{name}.not_tagged"
            if unknown := set(dose.not_tagged) - tags:
                raise ScreeningError(f"{at}: no exercise is tagged {', '.join(sorted(unknown))}")
            if "loaded" in dose.not_tagged:
                raise ScreeningError(f"{at}: a dose cannot leave out the tag loaded")
        for need in ex.needs:
            if f"equipment.{need}" not in FACT_NAMES:
                raise ScreeningError(f"{where}: {ex.id}: needs: unknown equipment {shown(need)}")
