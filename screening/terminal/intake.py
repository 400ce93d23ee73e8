"""The terminal intake: the questionnaire's steps asked one at a time with questionary.

Only the asking lives here; which step comes next, what is offered, what an answer means and
what to say after it come from `screening.core.questionnaire`. Every answer goes into a draft
that is saved at once, so Ctrl-C, a closed terminal or a crash loses nothing and `run()` on the
same draft carries on from the next unanswered question. Prompts use `unsafe_ask()` so an
interrupt reaches the caller: questionary's `prompt`/`form` would swallow it and drop the
answers given so far.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from typing import Any

import click
import questionary
from questionary import Choice, Separator

from screening.core.catalogue import Notice
from screening.core.errors import ScreeningError
from screening.core.questionnaire import NONE_OF_THESE, Questionnaire, Step
from screening.store.drafts import Draft, DraftStore

BACK = "<back>"  # chosen (or typed, as "<") to go to the previous question
BACK_LABEL = "Back to the previous question"
CHECKLIST_HINT = "(space ticks, Enter goes on)"
DONE = "<done>"


class Intake:
    """The question walk over one draft; `run()` returns the answers as nested data."""

    def __init__(
        self,
        draft: Draft,
        questionnaire: Questionnaire,
        *,
        input: Any = None,
        output: Any = None,
        echo: Callable[[str], None] = click.echo,
    ) -> None:
        self.draft = draft
        self.q = questionnaire
        self.io = {"input": input, "output": output}
        self.echo = echo
        self._shown: tuple[str, str] | None = None  # section and sub-group last introduced
        if self.q.clean(draft.answers):
            draft.save()

    @property
    def answers(self) -> dict[str, Any]:
        return self.draft.answers

    def run(self) -> dict[str, Any]:
        """Ask what is still unanswered, then review until the runner confirms."""
        todo: list[Step] = []  # steps to ask (again) before the next unanswered one
        while True:
            if self.q.prune(self.answers):
                self.draft.save()
            step = todo.pop(0) if todo else self.q.pending(self.answers)
            if step is None:
                entry = self.review()
                if entry is None:
                    return self.q.answers_data(self.answers)
                self._shown = None
                todo = list(entry)
                continue
            if self.ask(step) == BACK:  # the one before, then this one again if answered
                earlier = self.q.previous(step, self.answers)
                if earlier is None:
                    todo.insert(0, step)
                else:
                    todo[:0] = [earlier, *([step] if self.q.answered(step, self.answers) else [])]

    # Asking

    def ask(self, step: Step) -> str | None:
        """Ask one step (its current answer first), record the answer and save the draft;
        returns BACK when the runner asked to go back instead."""
        self._introduce(step)
        back = self.q.previous(step, self.answers) is not None
        raw = self._prompt(step, back)
        while True:
            if raw == BACK or (isinstance(raw, list) and BACK in raw):
                return BACK
            try:
                values = self.q.accept(step, raw)
                break
            except ScreeningError as exc:
                self.echo(click.style(f"  {exc.problems[0].message}", fg="red"))
                raw = self._prompt(step, back, retry=raw)
        self.answers.update(values)
        self.draft.save()
        for notice in self.q.notices(step, self.answers):
            self.echo(_notice(notice))
        return None

    def _prompt(self, step: Step, back: bool, retry: Any = None) -> Any:
        """Show the step's prompt; `retry` is a refused answer, offered again to correct (a
        refused number is cleared)."""
        current = self.q.current(step, self.answers) if retry is None else retry
        if retry is not None and step.entry == "text":
            current = "" if step.node.type == "integer" else str(retry).strip()
        if step.entry == "text":
            hints = []
            if step.can_skip:
                hints.append("Enter on an empty line: don't know")
            if back:
                hints.append("type < to go back")
            instruction = f"({'; '.join(hints)})" if hints else None
            text = current if isinstance(current, str) else ""
            typed = self._ask(questionary.text, step.prompt, default=text, instruction=instruction)
            return BACK if back and typed.strip() == "<" else typed
        options = self.q.options(step)
        if step.entry == "ticks":
            picked = current if isinstance(current, list) else []
            choices: list[Any] = [
                Choice(_wrap(o.label, 5), o.value, checked=o.value in picked)
                for o in options
                if o.value != NONE_OF_THESE
            ]
            if any(o.value == NONE_OF_THESE for o in options):
                label = next(o.label for o in options if o.value == NONE_OF_THESE)
                choices += [
                    Separator(),
                    Choice(label, NONE_OF_THESE, checked=NONE_OF_THESE in picked),
                ]
            if back:
                choices += [Separator(), Choice(BACK_LABEL, BACK)]
            return self._ask(questionary.checkbox, step.prompt, choices, instruction=CHECKLIST_HINT)
        if step.kind == "route" and step.node.help:
            self.echo(step.node.help)
        choices = [Choice(_wrap(o.label, 3), o.value) for o in options]
        if back:
            choices += [Separator(), Choice(BACK_LABEL, BACK)]
        default = current if any(o.value == current for o in options) else None
        return self._ask(questionary.select, step.prompt, choices, default=default, instruction=" ")

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

    def _ask(self, build: Callable[..., questionary.Question], *args: Any, **kwargs: Any) -> Any:
        """Build a questionary prompt on our input/output and ask it; Ctrl-C raises."""
        message = _wrap(args[0], 2, reserve=12)  # room for the answer on the last line
        return build(message, *args[1:], **kwargs, **self.io).unsafe_ask()

    # Review

    def review(self) -> tuple[Step, ...] | None:
        """Show every answer; None once confirmed, else the steps the runner wants to change."""
        entries = self.q.review(self.answers)
        width = max(40, shutil.get_terminal_size((80, 24)).columns - 6)
        choices: list[Any] = [Choice("All correct: write my plan", DONE), Separator()]
        for i, entry in enumerate(entries):
            text = entry.text
            choices.append(Choice(text if len(text) <= width else text[: width - 1] + "…", i))
        self.echo("\n" + click.style("Your answers", bold=True, underline=True))
        picked = self._ask(
            questionary.select,
            "Is everything right? Choose an answer to change it.",
            choices,
            instruction="(arrow keys, then Enter)",
        )
        return None if picked == DONE else entries[picked].steps


def _notice(notice: Notice) -> str:
    """A notice as the terminal shows it: urgent ones stand out."""
    if notice.level == "urgent":
        return click.style(_wrap("URGENT: " + notice.text, 0), fg="red", bold=True, reverse=True)
    return click.style(_wrap(notice.text, 0), fg="red", bold=True)


def _wrap(text: str, indent: int, reserve: int = 0) -> str:
    """`text` wrapped at words to the terminal, continuation lines indented.

    prompt_toolkit cuts a long choice at the edge and breaks a long question mid-word.
    """
    width = max(40, shutil.get_terminal_size((80, 24)).columns - 1) - indent - reserve
    return ("\n" + " " * indent).join(textwrap.wrap(text, width)) or text


def pick_draft(store: DraftStore, *, input: Any = None, output: Any = None) -> Draft:
    """The unfinished intake to continue: the only one, or the one the person chooses."""
    drafts = store.unfinished()
    if not drafts:
        raise ScreeningError(
            f"no unfinished intake in {store.folder}; start one with: screening intake"
        )
    if len(drafts) == 1:
        return store.load(drafts[0].id)
    choices = [
        Choice(f"{d.name or 'no name yet'} (saved {d.saved or 'never'})", d.id) for d in drafts
    ]
    picked = questionary.select(
        "Which unfinished intake do you want to continue?",
        choices,
        default=choices[-1].value,  # the latest
        input=input,
        output=output,
    ).unsafe_ask()
    return store.load(picked)
