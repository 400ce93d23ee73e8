"""The terminal intake: the catalogue's questions, asked one at a time with questionary.

Every answer goes into a `Draft` that is saved at once, so Ctrl-C, a closed terminal or a crash
loses nothing and `Intake.run()` on the same draft continues from the next unanswered question.
Prompts use `unsafe_ask()` so an interrupt reaches the caller: questionary's `prompt`/`form`
would swallow it and drop the partial answers.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import click
import questionary
import yaml
from questionary import Choice, Separator

from screening.answers import has_control_characters, parse_answers
from screening.catalogue import Catalogue, Group, Question, Route, load_catalogue
from screening.drafts import Draft
from screening.errors import ScreeningError
from screening.hypermobility import BeightonSettings, assess

# Asked only where it can count: one point below the age cut-off (2017 criteria).
SELF_REPORT = "hypermobility.self_report"
TRISTATE = (("yes", "Yes", True), ("no", "No", False), ("unknown", "Don't know", None))
CHECKLIST_HINT = "(space ticks, Enter goes on)"
DONE = "done"


@dataclass(frozen=True)
class Step:
    """One prompt: a question, a whole checklist, or a group's `ask_how` route."""

    kind: str  # "question", "checklist" or "route"
    node: Question | Group | Route
    section: Group  # the top-level group: its title is the heading
    parent: Group  # the group holding the prompt
    keys: tuple[str, ...]  # the draft keys it fills
    route: tuple[str, tuple[str, ...]] | None = None  # (route path, options that lead here)


def build_steps(catalogue: Catalogue) -> list[Step]:
    """Every prompt the catalogue can lead to, in the order they are asked."""
    out: list[Step] = []
    for section in catalogue.groups:
        _add_steps(section, section, None, out)
    return out


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


def problem(q: Question, text: str) -> str | None:
    """What is wrong with `text` typed for `q`, in words from the catalogue; None if fine."""
    value = text.strip()
    if q.type == "integer":
        ok = re.fullmatch(r"[0-9]{1,4}", value) is not None
        if not ok or not (q.min or 0) <= int(value) <= (q.max if q.max is not None else 9999):
            return f"Please type {q.allowed()}."
    elif q.type == "text" and (
        not value or (q.max_length and len(value) > q.max_length) or has_control_characters(value)
    ):
        return f"Please type {q.allowed()}" + (f" (this is {len(value)})." if value else ".")
    return None


def _valid(q: Question, value: Any) -> bool:
    """Whether a value read back from a draft is a possible answer to `q`."""
    if q.type == "text":
        return isinstance(value, str) and problem(q, value) is None
    if q.type == "integer":
        return type(value) is int and problem(q, str(value)) is None
    if q.type == "choice":
        return value in q.choices
    if q.type == "multi":
        return isinstance(value, list) and all(v in q.choices for v in value)
    if q.type == "tristate":
        return value in (True, False, None)
    return isinstance(value, bool)


class Intake:
    """The question walk over one draft; `run()` returns the answers as nested data."""

    def __init__(
        self,
        draft: Draft,
        beighton: BeightonSettings,
        *,
        catalogue: Catalogue | None = None,
        input: Any = None,
        output: Any = None,
        echo: Callable[[str], None] = click.echo,
    ) -> None:
        self.draft = draft
        self.beighton = beighton
        self.catalogue = catalogue or load_catalogue()
        self.steps = build_steps(self.catalogue)
        self.io = {"input": input, "output": output}
        self.echo = echo
        self._shown: tuple[str, str] | None = None  # section and sub-group last introduced
        self._forget_unknown()

    # The walk

    def run(self) -> dict[str, Any]:
        """Ask what is still unanswered, then review until the runner confirms."""
        while True:
            self.fill()
            entry = self.review()
            if entry is None:
                return self.answers_data()
            self._shown = None
            for step in entry:
                self.ask(step)

    def fill(self) -> None:
        """Ask every step that applies and is unanswered; forget answers that no longer apply."""
        for step in self.steps:
            if not self.applies(step):
                if any(k in self.draft.answers for k in step.keys):
                    self.draft.drop(step.keys)
                    self.draft.save()
            elif not all(k in self.draft.answers for k in step.keys):
                self.ask(step)

    def applies(self, step: Step) -> bool:
        answers = self.draft.answers
        if step.route is not None and answers.get(step.route[0]) not in step.route[1]:
            return False
        node = step.node
        if isinstance(node, Question) and node.ask_when:
            return any(answers.get(p) is True for p in node.ask_when)
        if node.path == SELF_REPORT:
            return self._self_report_counts()
        return True

    def _self_report_counts(self) -> bool:
        """Whether the five self-report answers could change the hyper-mobility result."""
        data = self.answers_data(skip=SELF_REPORT)
        hyper = data.get("hypermobility")
        if not hyper:
            return False
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

    # Asking

    def ask(self, step: Step) -> None:
        """Ask one step (the current answer is the default), record it and save the draft."""
        self._introduce(step)
        answers = self.draft.answers
        node = step.node
        if isinstance(node, Route):
            if node.help:
                self.echo(node.help)
            options = [(o.id, o.label) for o in node.options]
            self.draft.set(node.path, self._select(node.prompt, options, answers.get(node.path)))
        elif isinstance(node, Group):
            questions = node.questions()
            choices = [
                Choice(_wrap(q.prompt, 5), q.path, checked=answers.get(q.path) is True)
                for q in questions
            ]
            ticked = self._ask(
                questionary.checkbox, node.prompt, choices, instruction=CHECKLIST_HINT
            )
            for q in questions:
                self.draft.set(q.path, q.path in ticked)
            if ticked and node.notice:
                self.echo(click.style(_wrap(node.notice, 0), fg="red", bold=True))
        else:
            self.draft.set(node.path, self._question(node, answers.get(node.path, node.default)))
        self.draft.save()

    def _introduce(self, step: Step) -> None:
        shown = (step.section.path, step.parent.path)
        if self._shown is None or self._shown[0] != shown[0]:
            self.echo("\n" + click.style(step.section.title, bold=True, underline=True))
        if (
            step.parent is not step.section
            and not step.parent.checklist
            and (self._shown is None or self._shown[1] != shown[1])
        ):
            self.echo(click.style(f"{step.parent.title}. {step.parent.prompt}", bold=True))
        self._shown = shown

    def _question(self, q: Question, current: Any) -> Any:
        if q.type in ("text", "integer"):
            # Checked here rather than by a questionary validator, whose message appears at the
            # bottom of the terminal, far from the question: the problem goes right under it.
            text = "" if current is None else str(current)
            while error := problem(q, text := self._ask(questionary.text, q.prompt, default=text)):
                self.echo(click.style(f"  {error}", fg="red"))
                text = text.strip() if q.type == "text" else ""
            return int(text) if q.type == "integer" else text.strip()
        if q.type == "choice":
            return self._select(q.prompt, list(q.choices.items()), current)
        if q.type == "multi":
            picked = current or ()
            choices = [
                Choice(_wrap(label, 5), v, checked=v in picked) for v, label in q.choices.items()
            ]
            return self._ask(questionary.checkbox, q.prompt, choices, instruction=CHECKLIST_HINT)
        if q.type == "tristate":
            options = [(key, label) for key, label, _ in TRISTATE]
            known = q.path in self.draft.answers
            default = next((k for k, _, v in TRISTATE if v is current), None) if known else None
            key = self._select(q.prompt, options, default, instruction=" ")
            return next(v for k, _, v in TRISTATE if k == key)
        options = [("yes", "Yes"), ("no", "No")]
        return self._select(q.prompt, options, "yes" if current else "no") == "yes"

    def _select(
        self, message: str, options: list[tuple[str, str]], default: Any, **kwargs: Any
    ) -> Any:
        choices = [Choice(_wrap(label, 3), value) for value, label in options]
        known = default if any(v == default for v, _ in options) else None
        return self._ask(questionary.select, message, choices, default=known, **kwargs)

    def _ask(self, build: Callable[..., questionary.Question], *args: Any, **kwargs: Any) -> Any:
        """Build a questionary prompt on our input/output and ask it; Ctrl-C raises."""
        message = _wrap(args[0], 2, reserve=12)  # room for the answer on the last line
        return build(message, *args[1:], **kwargs, **self.io).unsafe_ask()

    # Review

    def review(self) -> list[Step] | None:
        """Show every answer; None once confirmed, else the steps the runner wants to change."""
        entries = self.entries()
        width = max(40, shutil.get_terminal_size((80, 24)).columns - 6)
        choices: list[Any] = [Choice("All correct: write my plan", DONE), Separator()]
        for i, (text, _) in enumerate(entries):
            choices.append(Choice(text if len(text) <= width else text[: width - 1] + "…", i))
        self.echo("\n" + click.style("Your answers", bold=True, underline=True))
        picked = self._ask(
            questionary.select,
            "Is everything right? Choose an answer to change it.",
            choices,
            instruction="(arrow keys, then Enter)",
        )
        return None if picked == DONE else entries[picked][1]

    def entries(self) -> list[tuple[str, list[Step]]]:
        """One line per answer in review; the questions of a sub-group share one line."""
        groups: list[list[Step]] = []
        for step in self.steps:
            if not self.applies(step) or not all(k in self.draft.answers for k in step.keys):
                continue
            shared = step.kind == "question" and step.parent is not step.section
            if shared and groups and groups[-1][-1].parent is step.parent:
                groups[-1].append(step)
            else:
                groups.append([step])
        return [(self.describe(steps), steps) for steps in groups]

    def describe(self, steps: list[Step]) -> str:
        answers = self.draft.answers
        first = steps[0]
        node = first.node
        if isinstance(node, Route):
            label = next(o.label for o in node.options if o.id == answers[node.path])
            return f"{first.section.title}: {re.sub(r' [(].*[)]$', '', label)}"
        if isinstance(node, Group):
            ticked = [q.prompt for q in node.questions() if answers.get(q.path)]
            count = f"{len(ticked)} ticked: " if len(ticked) > 1 else ""
            return f"{node.title}: {count}{'; '.join(ticked) or 'none'}"
        if len(steps) > 1:
            values = [answers[s.keys[0]] for s in steps]
            counts = [(values.count(v), label.lower()) for _, label, v in TRISTATE]
            return f"{first.parent.title}: " + ", ".join(f"{n} {w}" for n, w in counts if n)
        assert isinstance(node, Question)
        alone = len(first.parent.children) == 1
        label = first.parent.title if alone else node.id.replace("_", " ").capitalize()
        return f"{label}: {self._shown_value(node, answers[node.path])}"

    @staticmethod
    def _shown_value(q: Question, value: Any) -> str:
        if q.type == "choice":
            return q.choices[value]
        if q.type == "multi":
            return "; ".join(q.choices[v] for v in value) or "none"
        if q.type == "tristate":
            return next(label for _, label, v in TRISTATE if v is value)
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if q.type == "integer" and q.min == 0:
            return f"{value} of {q.max}"
        return str(value)

    # Results

    def answers_data(self, skip: str | None = None) -> dict[str, Any]:
        """The draft's answers as the nested answers-file mapping, in catalogue order."""
        data: dict[str, Any] = {}
        for q in self.catalogue.questions():
            if q.path not in self.draft.answers or (skip and q.path.startswith(skip + ".")):
                continue
            *parents, leaf = q.path.split(".")
            node = data
            for part in parents:
                node = node.setdefault(part, {})
            node[leaf] = self.draft.answers[q.path]
        return data

    def _forget_unknown(self) -> None:
        """Drop draft entries the catalogue does not know or that are not valid answers."""
        routes = {s.node.path: s.node for s in self.steps if isinstance(s.node, Route)}
        questions = {q.path: q for q in self.catalogue.questions()}
        for key, value in list(self.draft.answers.items()):
            if key in routes:
                ok = value in {o.id for o in routes[key].options}
            else:
                ok = key in questions and _valid(questions[key], value)
            if not ok:
                self.draft.drop([key])


def _wrap(text: str, indent: int, reserve: int = 0) -> str:
    """`text` wrapped at words to the terminal, continuation lines indented.

    prompt_toolkit cuts a long choice at the edge and breaks a long question mid-word.
    """
    width = max(40, shutil.get_terminal_size((80, 24)).columns - 1) - indent - reserve
    return ("\n" + " " * indent).join(textwrap.wrap(text, width)) or text


def answers_yaml(data: dict[str, Any], on: date | None = None) -> str:
    """The answers file written by the intake: a dated comment, then the answers."""
    day = (on or date.today()).isoformat()
    header = (
        f"# Answers given in `screening intake` on {day}.\n"
        "# Screen them again with: screening plan THIS_FILE\n"
    )
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def continue_draft(draft: Draft, *, input: Any = None, output: Any = None) -> bool:
    """Ask whether to continue the unfinished intake found without `--resume`."""
    name = draft.answers.get("runner.name")
    whose = f" for {name}" if isinstance(name, str) else ""
    when = f" (saved {draft.saved})" if draft.saved else ""
    return bool(
        questionary.confirm(
            f"There is an unfinished intake{whose}{when}. Continue it? (No starts a new one.)",
            default=True,
            input=input,
            output=output,
        ).unsafe_ask()
    )
