"""The questionnaire's flow, with no terminal or web page in it: which steps there are and in
what order, which apply given the answers so far, checking one answer, what to say at once
after it, the review lines, and the final answers file. Driven by `questions.yaml`.

Front doors are adapters over this module: the terminal intake (questionary) and the desk's
web form ask the same steps, offer the same options and show the same words.

Answers in progress are a flat mapping from a question's dotted path to its value (a draft).
`None` there means "don't know": the question was answered by leaving it open. It stays in
the answers file only for the Beighton items (where null means don't know); elsewhere the
key is left out and the file's default applies.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import yaml

from screening.core.answers import parse_answers
from screening.core.catalogue import (
    AskWhen,
    Catalogue,
    Group,
    Notice,
    Question,
    Route,
    load_catalogue,
)
from screening.core.errors import Problem, ScreeningError
from screening.core.hypermobility import BeightonSettings, assess
from screening.core.text import line_problem

DONT_KNOW = "dont_know"  # the option that leaves a question open
NONE_OF_THESE = "none"  # the explicit "none of these" of a checklist that needs one
YES, NO = "yes", "no"
DONT_KNOW_LABEL = "Don't know"
TRISTATE = ((YES, "Yes", True), (NO, "No", False), (DONT_KNOW, DONT_KNOW_LABEL, None))
# Asked only where it can count: one point below the age cut-off (2017 criteria).
SELF_REPORT = "hypermobility.self_report"

Entry = Literal["text", "select", "ticks"]


@dataclass(frozen=True)
class Option:
    """One choice offered for a step: the value an adapter sends back, and its words."""

    value: str
    label: str


@dataclass(frozen=True)
class Step:
    """One thing asked: a question, a whole checklist, or a group's `ask_how` route."""

    kind: Literal["question", "checklist", "route"]
    node: Question | Group | Route
    section: Group  # the top-level group: its title is the heading
    parent: Group  # the group holding the prompt
    keys: tuple[str, ...]  # the answers it fills
    route: tuple[str, tuple[str, ...]] | None = None  # (route path, options that lead here)

    @property
    def path(self) -> str:
        return self.node.path

    @property
    def prompt(self) -> str:
        return self.node.prompt

    @property
    def entry(self) -> Entry:
        """How the answer is given: typed, one option chosen, or options ticked."""
        node = self.node
        if isinstance(node, Question):
            if node.type in ("text", "integer"):
                return "text"
            return "ticks" if node.type == "multi" else "select"
        return "ticks" if isinstance(node, Group) else "select"

    @property
    def can_skip(self) -> bool:
        """Whether "don't know" is an answer: every question but the required ones."""
        return (
            isinstance(self.node, Question)
            and not self.node.required
            and self.node.type in ("text", "integer", "choice", "tristate")
        )

    @property
    def needs_explicit_none(self) -> bool:
        return isinstance(self.node, Group) and bool(self.node.none_label)


@dataclass(frozen=True)
class Page:
    """Steps a form asks together on one screen: consecutive steps of one group, none of which
    depends on the answer to another on the same page (so the page can be sent as a whole)."""

    number: int  # 1-based, in catalogue order
    steps: tuple[Step, ...]

    @property
    def section(self) -> Group:
        return self.steps[0].section

    @property
    def parent(self) -> Group:
        return self.steps[0].parent


@dataclass(frozen=True)
class ReviewEntry:
    """One line of the review and the steps to ask again to change it."""

    text: str
    steps: tuple[Step, ...]


def _steps(catalogue: Catalogue) -> tuple[Step, ...]:
    out: list[Step] = []
    for section in catalogue.groups:
        _add_steps(section, section, None, out)
    return tuple(out)


def _add_steps(
    group: Group, section: Group, route: tuple[str, tuple[str, ...]] | None, out: list[Step]
) -> None:
    if group.checklist:
        keys = tuple(q.path for q in group.questions())
        out.append(Step("checklist", group, section, group, keys, route))
        return
    if group.route is not None:
        out.append(Step("route", group.route, section, group, (group.route.path,), route))
    for child in group.children:
        child_route = (group.route.path, group.route.leading_to(child.id)) if group.route else route
        if isinstance(child, Group):
            _add_steps(child, section, child_route, out)
        else:
            out.append(Step("question", child, section, group, (child.path,), child_route))


def number(q: Question, text: str) -> int | None:
    """A whole number typed for `q`, in its unit (another unit it takes is converted and
    rounded: `12 mi` is 19 km); None when it is not one."""
    match = re.fullmatch(r"([0-9]{1,4})\s*([^\W\d]*)", text.strip())
    if match is None:
        return None
    value, unit = int(match[1]), match[2].lower()
    if not unit or unit == q.unit:
        return value
    factor = q.other_units.get(unit)
    return None if factor is None else round(value * factor)


def _depends_on(step: Step, earlier: tuple[Step, ...]) -> set[str]:
    """The answers (of the `earlier` steps) that decide whether `step` is asked, or which boxes
    of a checklist are shown."""
    node = step.node
    if isinstance(node, Question):
        conditions = node.ask_when
    elif isinstance(node, Group):
        conditions = tuple(c for box in node.questions() for c in box.ask_when)
    else:
        conditions = ()
    keys = {c.path for c in conditions}
    if step.route is not None:
        keys.add(step.route[0])
    if step.path == SELF_REPORT:  # counts only given the section's other answers
        keys.update(k for s in earlier if s.section is step.section for k in s.keys)
    return keys


def _pages(steps: tuple[Step, ...]) -> tuple[Page, ...]:
    runs: list[list[Step]] = []
    for i, step in enumerate(steps):
        same = runs and runs[-1][-1].parent is step.parent
        on_page = {k for s in runs[-1] for k in s.keys} if same else set()
        if same and not (_depends_on(step, steps[:i]) & on_page):
            runs[-1].append(step)
        else:
            runs.append([step])
    return tuple(Page(n, tuple(run)) for n, run in enumerate(runs, 1))


def problem(q: Question, text: str) -> str | None:
    """What is wrong with `text` typed for `q`, in words from the catalogue; None if fine."""
    value = text.strip()
    if q.type == "integer":
        n = number(q, value)
        if n is None or not q.in_range(n):
            other = next(iter(q.other_units), "")
            also = f", or in {other} with {other} after the number" if other else ""
            return f"Please type {q.allowed()}{also}."
    elif q.type == "text" and (reason := line_problem(text, q.max_length)):
        return f"Please type {q.allowed()}." + (f" What you typed {reason}." if value else "")
    return None


def _valid(q: Question, value: Any) -> bool:
    """Whether a value read back from a draft is a possible answer to `q`."""
    if value is None:
        return not q.required
    if q.type == "text":
        return isinstance(value, str) and problem(q, value) is None
    if q.type == "integer":
        return type(value) is int and q.in_range(value)
    if q.type == "choice":
        return value in q.choices
    if q.type == "multi":
        return isinstance(value, list) and all(v in q.choices for v in value)
    return isinstance(value, bool)


class Questionnaire:
    """The steps of `questions.yaml` and the rules of moving through them."""

    def __init__(self, beighton: BeightonSettings, catalogue: Catalogue | None = None) -> None:
        self.beighton = beighton
        self.catalogue = catalogue or load_catalogue()
        self.steps = _steps(self.catalogue)
        self._by_path = {s.path: s for s in self.steps}
        self.pages = _pages(self.steps)
        self._page_of = {s.path: p for p in self.pages for s in p.steps}

    def step(self, path: str) -> Step:
        return self._by_path[path]

    def page(self, number: int) -> Page:
        """The page with this number (1-based); `IndexError` when there is none."""
        if not 1 <= number <= len(self.pages):
            raise IndexError(number)
        return self.pages[number - 1]

    def page_of(self, step: Step) -> Page:
        return self._page_of[step.path]

    # Where we are

    def applies(self, step: Step, answers: Mapping[str, Any]) -> bool:
        """Whether `step` is asked, given the answers so far."""
        if step.route is not None and answers.get(step.route[0]) not in step.route[1]:
            return False
        node = step.node
        if isinstance(node, Question) and node.ask_when:
            return self._asked(node, answers)
        if node.path == SELF_REPORT:
            return self._self_report_counts(answers)
        return True

    def _asked(self, q: Question, answers: Mapping[str, Any]) -> bool:
        """Whether any of the question's `ask_when` conditions holds (all asked without any)."""
        return not q.ask_when or any(self._holds(c, answers) for c in q.ask_when)

    def _holds(self, cond: AskWhen, answers: Mapping[str, Any]) -> bool:
        value = answers.get(cond.path)
        if value is None:  # not answered, or left open: the answers file's default
            value = self.catalogue.question(cond.path).default
        return cond.holds(value)

    def items(self, step: Step, answers: Mapping[str, Any] | None = None) -> list[Question]:
        """The boxes of a checklist step that are shown, given the answers so far (an item with
        its own `ask_when`, such as the pregnancy warning signs, only when that holds);
        every box when `answers` is None."""
        assert isinstance(step.node, Group)
        boxes = step.node.questions()
        return boxes if answers is None else [q for q in boxes if self._asked(q, answers)]

    def answered(self, step: Step, answers: Mapping[str, Any]) -> bool:
        if step.kind == "checklist":
            return all(q.path in answers for q in self.items(step, answers))
        return all(k in answers for k in step.keys)

    def pending(self, answers: Mapping[str, Any]) -> Step | None:
        """The first step that applies and is not answered yet; None when all are."""
        for step in self.steps:
            if self.applies(step, answers) and not self.answered(step, answers):
                return step
        return None

    def previous(self, step: Step | None, answers: Mapping[str, Any]) -> Step | None:
        """The step asked before `step` (None: before the review); None at the first."""
        end = len(self.steps) if step is None else self.steps.index(step)
        for earlier in reversed(self.steps[:end]):
            if self.applies(earlier, answers):
                return earlier
        return None

    def prune(self, answers: MutableMapping[str, Any]) -> bool:
        """Forget answers to steps that no longer apply; True if any were forgotten."""
        changed = False
        for step in self.steps:
            if not self.applies(step, answers):
                gone = list(step.keys)
            elif step.kind == "checklist":
                shown = {q.path for q in self.items(step, answers)}
                gone = [k for k in step.keys if k not in shown]
            else:
                continue
            for key in gone:
                if key in answers:
                    del answers[key]
                    changed = True
        return changed

    # Pages, for forms that ask several steps at once

    def asked(self, page: Page, answers: Mapping[str, Any]) -> list[Step]:
        """The steps of `page` that apply, given the answers so far (none: skip the page)."""
        return [s for s in page.steps if self.applies(s, answers)]

    def pending_page(self, answers: Mapping[str, Any]) -> Page | None:
        """The page holding the first pending step; None when everything is answered."""
        step = self.pending(answers)
        return None if step is None else self.page_of(step)

    def previous_page(self, page: Page | None, answers: Mapping[str, Any]) -> Page | None:
        """The page asked before `page` (None: before the review); None at the first."""
        end = len(self.pages) if page is None else page.number - 1
        for earlier in reversed(self.pages[:end]):
            if self.asked(earlier, answers):
                return earlier
        return None

    def next_page(self, page: Page, answers: Mapping[str, Any]) -> Page | None:
        """The page to show after `page` was sent: the next one that applies, or the first
        still waiting for an answer if that comes first; None: on to the review."""
        pending = self.pending_page(answers)
        for later in self.pages[page.number :]:
            if pending is not None and later.number > pending.number:
                return pending
            if self.asked(later, answers):
                return later
        return pending

    def reachable(self, page: Page, answers: Mapping[str, Any]) -> bool:
        """Whether a form may show `page` now: it applies and comes no later than the first
        page still waiting for an answer (no skipping ahead past unanswered questions)."""
        pending = self.pending_page(answers)
        return bool(self.asked(page, answers)) and (
            pending is None or page.number <= pending.number
        )

    def accept_page(
        self, page: Page, raws: Mapping[str, Any], answers: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Check every step of `page` that applies (raw answers by step path, as `accept`
        takes them) and return what they set; one `ScreeningError` holds every problem, each
        under its step's path."""
        values: dict[str, Any] = {}
        problems: list[Problem] = []
        for step in self.asked(page, answers):
            try:
                values.update(self.accept(step, raws.get(step.path), answers))
            except ScreeningError as exc:
                problems.extend(exc.problems)
        if problems:
            raise ScreeningError(*problems)
        return values

    def clean(self, answers: MutableMapping[str, Any]) -> list[str]:
        """Forget entries the catalogue does not know or that are not valid answers (a draft
        saved by another version); returns the keys forgotten, for the caller to say so."""
        routes = {s.path: s.node for s in self.steps if isinstance(s.node, Route)}
        questions = {q.path: q for q in self.catalogue.questions()}
        forgotten = []
        for key, value in list(answers.items()):
            if key in routes:
                ok = value in {o.id for o in routes[key].options}
            else:
                ok = key in questions and _valid(questions[key], value)
            if not ok:
                del answers[key]
                forgotten.append(key)
        return forgotten

    def _self_report_counts(self, answers: Mapping[str, Any]) -> bool:
        """Whether the five self-report answers could change the plan: on their own (no score,
        no checks) they can show possible hyper-mobility; beside a score, only one point below
        the age cut-off."""
        data = self.answers_data(answers, skip=SELF_REPORT)
        hyper = data.get("hypermobility") or {}
        if "beighton_score" not in hyper and "beighton" not in hyper:
            return True
        all_yes = {q.id: True for q in self.catalogue.group(SELF_REPORT).questions()}
        try:
            without = parse_answers(data)
            with_yes = parse_answers({**data, "hypermobility": {**hyper, "self_report": all_yes}})
        except ScreeningError:
            return True  # cannot tell: asking costs one tick-list
        age = without.runner.age
        return (
            assess(without.hypermobility, age, self.beighton).status
            != assess(with_yes.hypermobility, age, self.beighton).status
        )

    # What is offered

    def options(self, step: Step, answers: Mapping[str, Any] | None = None) -> list[Option]:
        """The choices of a select or tick step, in the order to show them (a checklist's
        boxes as shown given `answers`; all of them without)."""
        node = step.node
        if isinstance(node, Route):
            return [Option(o.id, o.label) for o in node.options]
        if isinstance(node, Group):
            out = [Option(q.path, q.prompt) for q in self.items(step, answers)]
            return out + ([Option(NONE_OF_THESE, node.none_label)] if node.none_label else [])
        if node.type == "tristate":
            return [Option(value, label) for value, label, _ in TRISTATE]
        if node.type == "yesno":
            return [Option(YES, "Yes"), Option(NO, "No")]
        out = [Option(value, label) for value, label in node.choices.items()]
        return out + ([Option(DONT_KNOW, DONT_KNOW_LABEL)] if step.can_skip else [])

    def current(self, step: Step, answers: Mapping[str, Any]) -> Any:
        """The answer given so far in the form an adapter offers it (text, an option value, or
        the values ticked); when there is none, the choice to start from. That starting point
        never answers for the runner: a Beighton item starts on "don't know", the flexibility
        route on "skip", a checklist with nothing ticked."""
        node = step.node
        if isinstance(node, Group):
            ticked = [q.path for q in self.items(step, answers) if answers.get(q.path) is True]
            explicit_none = node.none_label and self.answered(step, answers) and not ticked
            return [NONE_OF_THESE] if explicit_none else ticked
        value = answers.get(step.path)
        if isinstance(node, Route):
            return value if value is not None else node.options[0].id
        if step.path in answers and value is None:
            return "" if step.entry == "text" else DONT_KNOW
        if node.type in ("text", "integer"):
            return "" if value is None else str(value)
        if node.type == "multi":
            return list(value or [])
        if node.type == "tristate":
            return next(k for k, _, v in TRISTATE if v is value) if value is not None else DONT_KNOW
        if node.type == "yesno":  # starts on "No", the answers file's default
            return YES if value else NO
        return value

    # Taking an answer

    def accept(
        self, step: Step, raw: Any, answers: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """Check one answer as an adapter received it (typed text, an option's value, or the
        values ticked) and return what it sets; a `ScreeningError` naming the step says what is
        wrong, in words for the person answering. A checklist takes the boxes shown given
        `answers` (all of them without)."""
        node = step.node

        def refuse(message: str) -> ScreeningError:
            return ScreeningError(Problem(step.path, message))

        if step.entry == "text":
            assert isinstance(node, Question)
            text = str(raw or "").strip()
            if not text and step.can_skip:
                return {node.path: None}
            if error := problem(node, text):
                raise refuse(error)
            return {node.path: number(node, text) if node.type == "integer" else text}
        if step.entry == "ticks":
            values = list(raw or [])
            offered = {o.value for o in self.options(step, answers)}
            if unknown := [v for v in values if v not in offered]:
                raise refuse(f"{unknown[0]!r} is not one of the choices")
            if len(set(values)) != len(values):
                raise refuse("a choice is given twice")
            if isinstance(node, Question):  # a multiple choice, e.g. the equipment
                return {node.path: values}
            assert isinstance(node, Group)
            if node.none_label:
                if not values:
                    raise refuse(f"Tick what applies, or choose “{node.none_label}”.")
                if NONE_OF_THESE in values and len(values) > 1:
                    raise refuse(f"Either tick what applies or choose “{node.none_label}”.")
            return {q.path: q.path in values for q in self.items(step, answers)}
        choice = str(raw)
        if choice not in {o.value for o in self.options(step)}:
            raise refuse(f"{choice!r} is not one of the choices")
        if isinstance(node, Route):
            return {node.path: choice}
        assert isinstance(node, Question)
        if choice == DONT_KNOW:
            return {node.path: None}
        if node.type == "tristate":
            return {node.path: next(v for k, _, v in TRISTATE if k == choice)}
        if node.type == "yesno":
            return {node.path: choice == YES}
        return {node.path: choice}

    def notices(self, step: Step, answers: Mapping[str, Any]) -> list[Notice]:
        """What to say at once after `step` was answered: the catalogue's line for each "yes"
        that has its own (urgent ones first), else the checklist's line, once."""
        node = step.node
        if isinstance(node, Group):
            ticked = [q for q in node.questions() if answers.get(q.path) is True]
        elif isinstance(node, Question) and answers.get(node.path) is True:
            ticked = [node]
        else:
            return []
        own = [q.notice for q in ticked if q.notice is not None]
        shared = isinstance(node, Group) and node.notice and any(q.notice is None for q in ticked)
        out = sorted(own, key=lambda n: n.level != "urgent")
        return out + ([node.notice] if shared and node.notice else [])

    # Review and results

    def review(self, answers: Mapping[str, Any]) -> list[ReviewEntry]:
        """One line per answer; the questions of a sub-group (the nine checks) share one."""
        groups: list[list[Step]] = []
        for step in self.steps:
            if not self.applies(step, answers) or not self.answered(step, answers):
                continue
            shared = step.kind == "question" and step.parent is not step.section
            if shared and groups and groups[-1][-1].parent is step.parent:
                groups[-1].append(step)
            else:
                groups.append([step])
        return [ReviewEntry(self._describe(steps, answers), tuple(steps)) for steps in groups]

    def _describe(self, steps: list[Step], answers: Mapping[str, Any]) -> str:
        first = steps[0]
        node = first.node
        if isinstance(node, Route):
            label = next(o.label for o in node.options if o.id == answers[node.path])
            return f"{first.section.title}: {re.sub(r' [(].*[)]$', '', label)}"
        if isinstance(node, Group):
            ticked = [q.prompt for q in self.items(first, answers) if answers.get(q.path)]
            count = f"{len(ticked)} ticked: " if len(ticked) > 1 else ""
            return f"{node.title}: {count}{'; '.join(ticked) or 'none'}"
        if len(steps) > 1:
            values = [answers[s.keys[0]] for s in steps]
            counts = [(values.count(v), label.lower()) for _, label, v in TRISTATE]
            return f"{first.parent.title}: " + ", ".join(f"{n} {w}" for n, w in counts if n)
        assert isinstance(node, Question)
        alone = len(first.parent.children) == 1
        label = first.parent.title if alone else node.id.replace("_", " ").capitalize()
        return f"{node.short or label}: {shown_value(node, answers[node.path])}"

    def answers_data(self, answers: Mapping[str, Any], skip: str | None = None) -> dict[str, Any]:
        """The answers as the nested answers-file mapping, in catalogue order ("don't know"
        kept only where the file has a word for it: null Beighton items)."""
        data: dict[str, Any] = {}
        for q in self.catalogue.questions():
            if q.path not in answers or (skip and q.path.startswith(skip + ".")):
                continue
            value = answers[q.path]
            if value is None and q.type != "tristate":
                continue
            *parents, leaf = q.path.split(".")
            node = data
            for part in parents:
                node = node.setdefault(part, {})
            node[leaf] = value
        return data


def shown_value(q: Question, value: Any) -> str:
    """An answer in words, as the review shows it."""
    if value is None:
        return DONT_KNOW_LABEL
    if q.type == "choice":
        return q.choices[value]
    if q.type == "multi":
        return "; ".join(q.choices[v] for v in value) or "none"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if q.unit:
        return f"{value} {q.unit}"
    if q.type == "integer" and q.min == 0:
        return f"{value} of {q.max}"
    return str(value)


def answers_yaml(data: dict[str, Any], *, origin: str, on: date | None = None) -> str:
    """An answers file as a front door writes it: a dated comment, then the answers."""
    day = (on or date.today()).isoformat()
    header = (
        f"# Answers given in {origin} on {day}.\n"
        "# Screen them again with: screening plan THIS_FILE\n"
    )
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
