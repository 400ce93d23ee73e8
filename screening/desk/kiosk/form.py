"""The questionnaire's pages as web form fields, and the date of birth the desk asks beside
them. Which fields, their words, options and checks all come from the questionnaire module;
this only decides how each is shown (typed, a row of buttons, ticks) and reads the form back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.http import QueryDict

from screening.core.catalogue import Notice, Question, Route
from screening.core.questionnaire import DONT_KNOW, NONE_OF_THESE, Page, Questionnaire, Step

DOB_PARTS = ("day", "month", "year")
SCALE_MAX_OPTIONS = 11  # a whole number with at most this many values is a row of buttons


@dataclass
class Choice:
    value: str
    label: str
    checked: bool = False
    notice: Notice | None = None  # shown at once when ticked
    shared_notice: bool = False  # ticking it shows the list's shared notice
    separate: bool = False  # "none of these": set apart from the list


@dataclass
class Field:
    """One step of a page as the template draws it."""

    step: Step
    widget: str  # "text", "number", "scale", "radios", "ticks"
    label: str
    help: str = ""
    drawing: str = ""  # a static path, for the Beighton checks
    value: str = ""
    choices: list[Choice] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notice: Notice | None = None  # a checklist's shared notice

    @property
    def name(self) -> str:
        return self.step.path

    @property
    def id(self) -> str:
        return "f-" + self.step.path.replace(".", "-")

    @property
    def has_none(self) -> bool:
        """Whether the list ends in a "none of these" set apart (the shared notice goes above)."""
        return any(c.separate for c in self.choices)


def _widget(step: Step) -> str:
    node = step.node
    if step.entry == "ticks":
        return "ticks"
    if step.entry == "select":
        return "radios"
    assert isinstance(node, Question)
    if node.type == "integer":
        if node.max is not None and node.max - (node.min or 0) < SCALE_MAX_OPTIONS:
            return "scale"
        return "number"
    return "text"


def fields(
    q: Questionnaire,
    page: Page,
    answers: dict[str, Any],
    raws: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
) -> list[Field]:
    """The fields of the steps of `page` that apply, filled with `raws` (a form sent back
    with problems: exactly what was typed) or else the answers given so far."""
    out = []
    for step in q.asked(page, answers):
        node = step.node
        shown = raws[step.path] if raws is not None else q.current(step, answers)
        f = Field(step, _widget(step), step.prompt, errors=(errors or {}).get(step.path, []))
        if isinstance(node, Question):
            f.help = node.help
            if step.parent.path == "hypermobility.beighton":
                f.drawing = f"desk/beighton/{node.id}.svg"
        elif isinstance(node, Route):
            f.help = node.help
        if f.widget in ("text", "number"):
            f.value = "" if shown in (None, DONT_KNOW) else str(shown)
        else:
            picked = set(shown) if isinstance(shown, list) else {"" if shown is None else shown}
            if f.widget == "scale":
                assert isinstance(node, Question) and node.min is not None and node.max is not None
                options = [(str(n), str(n)) for n in range(node.min, node.max + 1)]
                options += [(DONT_KNOW, "Don't know")] if step.can_skip else []
            else:
                options = [(o.value, o.label) for o in q.options(step, answers)]
            group = node if step.kind == "checklist" else None
            for value, label in options:
                listed = group is not None and value != NONE_OF_THESE  # one of the list's boxes
                own = q.catalogue.question(value).notice if listed else None
                f.choices.append(
                    Choice(
                        value,
                        label,
                        checked=value in picked,
                        notice=own,
                        shared_notice=listed and own is None,
                        separate=group is not None and value == NONE_OF_THESE,
                    )
                )
            if group is not None:
                f.notice = group.notice  # type: ignore[union-attr]
        out.append(f)
    return out


def read(q: Questionnaire, page: Page, answers: dict[str, Any], post: QueryDict) -> dict[str, Any]:
    """The raw answers of a sent page, by step path, as `Questionnaire.accept` takes them: text,
    one option's value, or the values ticked ("don't know" on a row of numbers is an empty
    answer, which is how a typed step is left open)."""
    raws: dict[str, Any] = {}
    for step in q.asked(page, answers):
        if step.entry == "ticks":
            raws[step.path] = post.getlist(step.path)
        else:
            raws[step.path] = post.get(step.path)
    return raws


def to_accept(
    q: Questionnaire, page: Page, answers: dict[str, Any], raws: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """What `accept_page` is given for `raws`, and the problems found before it: a row of
    buttons or options left untouched is a question not answered yet (never "don't know")."""
    given: dict[str, Any] = {}
    missing: dict[str, list[str]] = {}
    for step in q.asked(page, answers):
        raw = raws.get(step.path)
        widget = _widget(step)
        if widget in ("scale", "radios") and raw in (None, ""):
            missing[step.path] = ["Please choose one of the answers."]
        elif widget == "scale" and raw == DONT_KNOW:
            given[step.path] = ""
        else:
            given[step.path] = raw
    return given, missing


@dataclass
class BirthDate:
    """The date of birth as typed (day, month, year) and what is wrong with it."""

    day: str = ""
    month: str = ""
    year: str = ""
    errors: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, value: date | None) -> BirthDate:
        if value is None:
            return cls()
        return cls(str(value.day), str(value.month), str(value.year))

    @classmethod
    def read(cls, post: QueryDict) -> BirthDate:
        return cls(*(post.get(f"dob-{part}", "").strip() for part in DOB_PARTS))

    def check(self, age: Any, today: date) -> date | None:
        """The date, if it is one and fits the age given; else None with `errors` set."""
        if not (self.day and self.month and self.year):
            self.errors = ["Please give your date of birth: day, month and year, as numbers."]
            return None
        try:
            born = date(int(self.year), int(self.month), int(self.day))
        except ValueError:
            self.errors = ["That is not a date: please check the day, month and year."]
            return None
        if not date(today.year - 110, 1, 1) < born <= today:
            self.errors = ["Please check the year: it should be the year you were born."]
            return None
        years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if isinstance(age, int) and years != age:
            self.errors = [
                f"This date of birth makes you {years}, but you gave your age as {age}: "
                "please check both."
            ]
            return None
        return born
