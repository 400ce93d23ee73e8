"""The answers file: pydantic models built from the catalogue, loading, and plain-word errors."""

from __future__ import annotations

import difflib
from functools import cache, partial
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
)

from screening.core.catalogue import Catalogue, Group, Question, load_catalogue
from screening.core.errors import Problem, ScreeningError
from screening.core.reading import load_data
from screening.core.text import one_line, shown

# The largest valid answers file is a few kilobytes; anything much bigger is not one.
MAX_ANSWERS_BYTES = 1024 * 1024


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _each_once(values: tuple[str, ...]) -> tuple[str, ...]:
    if len(set(values)) != len(values):
        raise ValueError("repeated value")
    return values


def _yes_no_words(value: Any) -> Any:
    """YAML reads a bare `yes` or `no` as true or false: for a choice whose values include the
    words yes and no, take them back as the words."""
    return {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value


def _annotation(q: Question) -> Any:
    if q.type == "text":
        limits = {"minLength": 1, "maxLength": q.max_length}  # checked by `one_line`
        return Annotated[
            str,
            Field(strict=True, json_schema_extra=limits),
            AfterValidator(partial(one_line, max_length=q.max_length)),
        ]
    if q.type == "integer":
        return Annotated[int, Field(strict=True, ge=q.min, le=q.max)]
    if q.type == "choice":
        if {"yes", "no"} <= set(q.choices):
            return Annotated[Literal[tuple(q.choices)], BeforeValidator(_yes_no_words)]
        return Literal[tuple(q.choices)]
    if q.type == "multi":
        return Annotated[tuple[Literal[tuple(q.choices)], ...], AfterValidator(_each_once)]
    if q.type == "tristate":
        return Annotated[bool | None, Field(strict=True)]
    return Annotated[bool, Field(strict=True)]


def _model(group: Group) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for child in group.children:
        if isinstance(child, Group):
            sub = _model(child)
            fields[child.id] = (sub, ...) if child.required else (sub | None, None)
        else:
            annotation = _annotation(child)
            if child.required:
                fields[child.id] = (annotation, Field(..., description=child.prompt))
            elif child.type in ("yesno", "tristate"):
                fields[child.id] = (annotation, Field(child.default, description=child.prompt))
            else:
                default = tuple(child.default) if child.type == "multi" else child.default
                fields[child.id] = (
                    annotation | None if default is None else annotation,
                    Field(default, description=child.prompt),
                )
    name = "".join(part.title() for part in group.path.replace(".", "_").split("_"))
    return create_model(name, __base__=_Strict, __doc__=group.title, **fields)


@cache
def answers_model(catalogue: Catalogue | None = None) -> type[BaseModel]:
    """The `Answers` model: one nested model per catalogue group."""
    root = Group(
        path="",
        title="Answers to the runner screening questionnaire",
        children=(catalogue or load_catalogue()).groups,
    )
    fields: dict[str, Any] = {}
    for group in root.children:
        assert isinstance(group, Group)
        sub = _model(group)
        fields[group.id] = (sub, ...) if group.required else (sub, Field(default_factory=sub))
    return create_model("Answers", __base__=_Strict, __doc__=root.title, **fields)


def json_schema() -> dict[str, Any]:
    """JSON Schema of the answers file."""
    schema = answers_model().model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def parse_answers(data: Any, origin: str = "answers") -> BaseModel:
    """Validate raw data into `Answers`, or raise a `ScreeningError` listing every problem."""
    if not isinstance(data, dict):
        raise ScreeningError(
            Problem(
                "",
                "expected a mapping of sections (runner, symptoms, ...), "
                f"got {type(data).__name__}",
            ),
            origin=origin,
        )
    try:
        return answers_model().model_validate(data)
    except ValidationError as exc:
        raise ScreeningError(*problems(exc), origin=origin) from None


def load_answers(path: Path) -> BaseModel:
    """Read a JSON or YAML answers file (see `screening.core.reading` for what is refused) and
    validate it."""
    return parse_answers(load_data(path, MAX_ANSWERS_BYTES, "an answers file"), str(path))


def problems(exc: ValidationError) -> list[Problem]:
    """Every validation error in plain words: field, value, what is allowed."""
    return [_problem(error) for error in exc.errors()]


def _problem(error: Any) -> Problem:
    loc = [str(p) for p in error["loc"] if not isinstance(p, int)]
    path = ".".join(loc)
    if error["type"] == "extra_forbidden":
        return Problem(path, f"unknown key{_suggest(loc)}")
    allowed = _allowed(path)
    if error["type"] == "missing":
        return Problem(path, f"missing; expected {allowed}")
    reason = f": {error['ctx']['error']}" if error["type"] == "value_error" else ""
    return Problem(path, f"{shown(error.get('input'))} is not allowed{reason}; expected {allowed}")


def _allowed(path: str) -> str:
    catalogue = load_catalogue()
    try:
        return catalogue.question(path).allowed()
    except KeyError:
        pass
    try:
        group = catalogue.group(path)
    except KeyError:
        parent = path.rsplit(".", 1)[0]
        try:  # an item of a list, e.g. runner.equipment
            return catalogue.question(parent).allowed()
        except KeyError:
            return "a valid value"
    return "a mapping with keys " + ", ".join(c.id for c in group.children)


def _suggest(loc: list[str]) -> str:
    parent = ".".join(loc[:-1])
    catalogue = load_catalogue()
    try:
        known = (
            [c.id for c in catalogue.group(parent).children]
            if parent
            else [g.id for g in catalogue.groups]
        )
    except KeyError:
        return ""
    close = difflib.get_close_matches(loc[-1], known, n=1)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return f" (known keys: {', '.join(known)})"
