"""The question catalogue: loads `questions.yaml`, the single source of every answer's name,
type, range and wording. The answers model, the JSON Schema and the intake all read it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from screening.core import yamlfile

CATALOGUE_PATH = Path(__file__).with_name("questions.yaml")
FIELD_TYPES = {"text", "integer", "choice", "multi", "yesno", "tristate"}
NOTICE_LEVELS = ("urgent", "calm")


@dataclass(frozen=True)
class AskWhen:
    """One condition under which the intake asks a question: an earlier answer is one of some
    values (a bare path means "is yes"), or at least / at most a number. For a list answer
    (ticks), any value in the list counts. An answer left open counts as its default."""

    path: str
    one_of: tuple[Any, ...] = (True,)
    at_least: int | None = None
    at_most: int | None = None

    def holds(self, value: Any) -> bool:
        values = value if isinstance(value, list | tuple) else [value]
        if self.at_least is not None or self.at_most is not None:
            return any(
                type(v) is int
                and (self.at_least is None or v >= self.at_least)
                and (self.at_most is None or v <= self.at_most)
                for v in values
            )
        # `True == 1` in Python: compare types too, so a count of 1 is never "yes".
        return any(v == w and type(v) is type(w) for v in values for w in self.one_of)


@dataclass(frozen=True)
class Notice:
    """Words every front door shows at once after an answer: `urgent` says what to do now."""

    level: str
    text: str


@dataclass(frozen=True)
class Question:
    """One answer: its dotted path, type and the words used to ask for it."""

    path: str
    type: str
    prompt: str
    required: bool = False
    default: Any = None
    min: int | None = None
    max: int | None = None
    max_length: int | None = None
    choices: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    ask_when: tuple[AskWhen, ...] = ()  # intake only: asked when any of these holds
    notice: Notice | None = None  # said at once when the answer is yes
    short: str = ""  # a few words naming the answer, for the review
    unit: str = ""  # what a number counts, e.g. km (said after it)
    other_units: dict[str, float] = field(default_factory=dict)  # typed too, converted
    help: str = ""  # how to find the answer, in plain words (e.g. how to do a Beighton check)

    @property
    def id(self) -> str:
        return self.path.rsplit(".", 1)[-1]

    def in_range(self, n: int) -> bool:
        """Whether the whole number `n` lies within the question's bounds."""
        return (self.min or 0) <= n <= (self.max if self.max is not None else 9999)

    def allowed(self) -> str:
        """What a valid value looks like, in words (used in error messages)."""
        if self.type == "text":
            return (
                f"1 to {self.max_length} characters on one line: letters in any alphabet, "
                "digits, spaces and punctuation"
            )
        if self.type == "integer":
            unit = f" ({self.unit})" if self.unit else ""
            return f"a whole number from {self.min} to {self.max}{unit}"
        if self.type == "choice":
            return "one of " + ", ".join(self.choices)
        if self.type == "multi":
            return "a list of any of " + ", ".join(self.choices) + ", each at most once"
        if self.type == "tristate":
            return "true, false or null (don't know)"
        return "true or false"


@dataclass(frozen=True)
class RouteOption:
    """One answer to a group's `ask_how` question: the ids of the fields it leads to."""

    id: str
    label: str
    asks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Route:
    """An intake-only question choosing which of a group's fields to ask (never an answer)."""

    path: str  # e.g. "hypermobility.ask_how": a key for drafts, not for the answers file
    prompt: str
    options: tuple[RouteOption, ...]
    help: str = ""

    def leading_to(self, field_id: str) -> tuple[str, ...]:
        """The option ids that ask the field `field_id`."""
        return tuple(o.id for o in self.options if field_id in o.asks)


@dataclass(frozen=True)
class Group:
    """A named set of questions (and sub-groups), e.g. `symptoms` or `hypermobility.beighton`."""

    path: str
    title: str
    prompt: str = ""
    required: bool = False
    checklist: bool = False
    children: tuple[Question | Group, ...] = ()
    route: Route | None = None  # intake only: `ask_how`
    notice: Notice | None = None  # said at once when any box of a checklist is ticked
    none_label: str = ""  # a checklist that needs an explicit "none of these" to go on

    @property
    def id(self) -> str:
        return self.path.rsplit(".", 1)[-1]

    def questions(self) -> list[Question]:
        """Every question in this group and its sub-groups, in catalogue order."""
        out: list[Question] = []
        for child in self.children:
            out.extend(child.questions() if isinstance(child, Group) else [child])
        return out


@dataclass(frozen=True)
class Catalogue:
    groups: tuple[Group, ...]

    def questions(self) -> list[Question]:
        return [q for g in self.groups for q in g.questions()]

    def question(self, path: str) -> Question:
        for q in self.questions():
            if q.path == path:
                return q
        raise KeyError(path)

    def group(self, path: str) -> Group:
        todo = list(self.groups)
        while todo:
            g = todo.pop(0)
            if g.path == path:
                return g
            todo.extend(c for c in g.children if isinstance(c, Group))
        raise KeyError(path)


def _parse_node(raw: dict[str, Any], parent: str, in_checklist: bool) -> Question | Group:
    path = f"{parent}.{raw['id']}" if parent else raw["id"]
    if "fields" in raw:
        checklist = bool(raw.get("checklist", False))
        children = tuple(_parse_node(c, path, checklist) for c in raw["fields"])
        return Group(
            path=path,
            title=raw.get("title", raw["id"]),
            prompt=raw.get("prompt", ""),
            required=bool(raw.get("required", False)),
            checklist=checklist,
            children=children,
            route=_parse_route(raw["ask_how"], path, children) if "ask_how" in raw else None,
            notice=_parse_notice(raw.get("notice"), path),
            none_label=raw.get("none_label", ""),
        )
    qtype = raw.get("type", "yesno" if in_checklist else None)
    if qtype not in FIELD_TYPES:
        raise ValueError(f"questions.yaml: {path}: unknown type {qtype!r}")
    default = raw.get("default", False if qtype == "yesno" else None)
    return Question(
        path=path,
        type=qtype,
        prompt=raw.get("prompt") or raw.get("label", raw["id"]),
        required=bool(raw.get("required", False)),
        default=default,
        min=raw.get("min"),
        max=raw.get("max"),
        max_length=raw.get("max_length"),
        choices=dict(raw.get("choices", {})),
        source=raw.get("source"),
        ask_when=tuple(_parse_ask_when(c, path) for c in raw.get("ask_when", ())),
        notice=_parse_notice(raw.get("notice"), path),
        short=raw.get("short", ""),
        unit=raw.get("unit", ""),
        other_units={str(k): float(v) for k, v in raw.get("other_units", {}).items()},
        help=" ".join(str(raw.get("help", "")).split()),
    )


def _parse_ask_when(raw: Any, path: str) -> AskWhen:
    """`symptoms.knee_pain` (is yes), `{pregnancy.status: pregnant}`, `{pregnancy.status:
    {one_of: [pregnant, postpartum]}}` or `{training.weekly_km: {at_least: 1}}`."""
    if isinstance(raw, str):
        return AskWhen(raw)
    if not isinstance(raw, dict) or len(raw) != 1:
        raise ValueError(f"questions.yaml: {path}.ask_when: expected a path or one path: value")
    [(target, cond)] = raw.items()
    if not isinstance(cond, dict):
        return AskWhen(target, (cond,))
    if set(cond) == {"one_of"} and cond["one_of"]:
        return AskWhen(target, tuple(cond["one_of"]))
    if cond and set(cond) <= {"at_least", "at_most"}:
        return AskWhen(target, (), cond.get("at_least"), cond.get("at_most"))
    raise ValueError(f"questions.yaml: {path}.ask_when: {target}: unknown condition {cond!r}")


def _check_ask_when(catalogue: Catalogue) -> None:
    """Each condition names an earlier question and values that question can take."""
    earlier: dict[str, Question] = {}
    for q in catalogue.questions():
        for cond in q.ask_when:
            where = f"questions.yaml: {q.path}.ask_when: {cond.path}"
            target = earlier.get(cond.path)
            if target is None:
                raise ValueError(f"{where}: not a question asked before this one")
            if cond.one_of and not all(_possible(target, v) for v in cond.one_of):
                raise ValueError(f"{where}: {cond.one_of!r} can never match")
            if not cond.one_of and target.type != "integer":
                raise ValueError(f"{where}: at_least/at_most need a number")
        earlier[q.path] = q


def _possible(q: Question, value: Any) -> bool:
    if q.type in ("choice", "multi"):
        return isinstance(value, str) and value in q.choices
    if q.type in ("yesno", "tristate"):
        return isinstance(value, bool)
    if q.type == "integer":
        return type(value) is int
    return isinstance(value, str)


def _parse_notice(raw: Any, path: str) -> Notice | None:
    if raw is None:
        return None
    if raw.get("level") not in NOTICE_LEVELS:
        raise ValueError(f"questions.yaml: {path}.notice: level must be one of {NOTICE_LEVELS}")
    return Notice(raw["level"], " ".join(str(raw["text"]).split()))


def _parse_route(raw: dict[str, Any], parent: str, children: tuple[Any, ...]) -> Route:
    known = {c.id for c in children}
    options = []
    for choice in raw["choices"]:
        unknown = set(choice.get("asks", ())) - known
        if unknown:
            raise ValueError(f"questions.yaml: {parent}.ask_how: unknown fields {sorted(unknown)}")
        options.append(RouteOption(choice["id"], choice["label"], tuple(choice.get("asks", ()))))
    return Route(
        path=f"{parent}.ask_how",
        prompt=raw["prompt"],
        options=tuple(options),
        help=raw.get("help", ""),
    )


def answer_at(answers: dict[str, Any], path: str) -> Any:
    """The answer at a dotted path of an answers mapping (None where there is none; one value
    of a list answer, e.g. `pain.sites.shin`: whether it was ticked)."""
    value: Any = answers
    for part in path.split("."):
        if isinstance(value, list):
            return part in value
        value = value.get(part) if isinstance(value, dict) else None
    return value


@cache
def load_catalogue(path: Path = CATALOGUE_PATH) -> Catalogue:
    """Read and parse the catalogue (cached: it never changes while the program runs)."""
    raw = yamlfile.load(path.read_text(encoding="utf-8"))
    groups = tuple(_parse_node(g, "", False) for g in raw["groups"])
    catalogue = Catalogue(groups=groups)  # type: ignore[arg-type]
    _check_ask_when(catalogue)
    return catalogue
