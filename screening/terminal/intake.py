"""The terminal intake: the questionnaire's steps asked one at a time with questionary.

Only the asking lives here; which step comes next, what is offered, what an answer means and
what to say after it come from `screening.core.questionnaire`. Every answer goes into a draft
that is saved at once, so Ctrl-C, a closed terminal or a crash loses nothing and `run()` on the
same draft carries on from the next unanswered question. Prompts use `unsafe_ask()` so an
interrupt reaches the caller: questionary's `prompt`/`form` would swallow it and drop the
answers given so far.
"""

from __future__ import annotations

from typing import Any

from questionary import Choice, Separator

from screening.core.catalogue import Question
from screening.core.errors import ScreeningError
from screening.core.questionnaire import (
    DONT_KNOW_LABEL,
    NONE_OF_THESE,
    Questionnaire,
    Step,
    number,
    problem,
)
from screening.store.drafts import Draft, DraftStore
from screening.terminal.console import Console, Kind
from screening.terminal.text import notice_line

BACK = "<back>"  # chosen (or typed, as "<") to go to the previous question
BACK_LABEL = "Back to the previous question"
TICK_HINT = "(space ticks, Enter goes on)"
DONE = "<done>"


class Intake:
    """The question walk over one draft; `run()` returns the answers as nested data."""

    def __init__(
        self, draft: Draft, questionnaire: Questionnaire, console: Console | None = None
    ) -> None:
        self.draft = draft
        self.q = questionnaire
        self.console = console or Console()
        self._shown: tuple[str, str] | None = None  # section and sub-group last introduced

    @property
    def answers(self) -> dict[str, Any]:
        return self.draft.answers

    def run(self) -> dict[str, Any]:
        """Ask what is still unanswered, then review until the runner confirms."""
        self._set_aside_what_no_longer_fits()
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

    def _set_aside_what_no_longer_fits(self) -> None:
        """A draft saved by another version may hold answers these questions do not take:
        say which are asked again, rather than drop them unsaid."""
        if forgotten := self.q.clean(self.answers):
            self.draft.save()
            count = f"{len(forgotten)} saved answer{'s' if len(forgotten) > 1 else ''}"
            self.console.say(
                f"{count} no longer fit these questions and will be asked again: "
                f"{', '.join(forgotten)}.",
                fg="yellow",
            )

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
                values = self.q.accept(step, raw, self.answers)
                break
            except ScreeningError as exc:
                self.console.say(exc.problems[0].message, "  ", "  ", fg="red")
                raw = self._prompt(step, back, retry=raw)
        self.answers.update(values)
        self.draft.save()
        for notice in self.q.notices(step, self.answers):
            self.console.line(notice_line(notice, self.console.width))
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
            typed = self._ask(
                "text",
                step.prompt,
                hint=f"({'; '.join(hints)})" if hints else None,
                default=current if isinstance(current, str) else "",
                words=lambda t: _typed_words(t, step, back),
            )
            return BACK if back and typed.strip() == "<" else typed
        options = self.q.options(step, self.answers)
        back_choice = [Separator(), Choice(BACK_LABEL, BACK)] if back else []
        if step.entry == "ticks":
            picked = current if isinstance(current, list) else []
            choices: list[Any] = [
                Choice(o.label, o.value, checked=o.value in picked)
                for o in options
                if o.value != NONE_OF_THESE
            ]
            hint = TICK_HINT
            if none := next((o.label for o in options if o.value == NONE_OF_THESE), None):
                choices += [
                    Separator(),
                    Choice(none, NONE_OF_THESE, checked=NONE_OF_THESE in picked),
                ]
                hint = f"(space ticks what applies, or “{none}”; Enter goes on)"
            return self._ask("checkbox", step.prompt, hint=hint, choices=choices + back_choice)
        if step.kind == "route" and step.node.help:
            self.console.say(step.node.help)
        choices = [Choice(o.label, o.value) for o in options]
        default = current if any(o.value == current for o in options) else None
        return self._ask("select", step.prompt, choices=choices + back_choice, default=default)

    def _introduce(self, step: Step) -> None:
        shown = (step.section.path, step.parent.path)
        if self._shown is None or self._shown[0] != shown[0]:
            self.console.line("")
            self.console.say(step.section.title, bold=True, underline=True)
        if (
            step.parent is not step.section
            and not step.parent.checklist
            and (self._shown is None or self._shown[1] != shown[1])
        ):
            self.console.say(f"{step.parent.title}. {step.parent.prompt}", bold=True)
        self._shown = shown

    def _ask(self, kind: Kind, prompt: str, **kwargs: Any) -> Any:
        """Ask on the console; Ctrl-C raises (a seam for the tests)."""
        return self.console.ask(kind, prompt, **kwargs)

    # Review

    def review(self) -> tuple[Step, ...] | None:
        """Show every answer; None once confirmed, else the steps the runner wants to change."""
        entries = self.q.review(self.answers)
        choices: list[Any] = [Choice("All correct: write my plan", DONE), Separator()]
        choices += [Choice(entry.text, i) for i, entry in enumerate(entries)]
        self.console.line("")
        self.console.say("Your answers", bold=True, underline=True)
        picked = self._ask(
            "select",
            "Is everything right? Choose an answer to change it.",
            hint="(arrow keys, then Enter)",
            choices=choices,
            words=lambda i: "All correct" if i == DONE else f"Change “{entries[i].text}”",
        )
        return None if picked == DONE else entries[picked].steps


def _typed_words(text: str, step: Step, back: bool) -> str:
    """A typed answer as the transcript shows it (a distance in miles with its km too)."""
    typed = text.strip()
    if back and typed == "<":
        return BACK_LABEL
    if step.can_skip and not typed:
        return DONT_KNOW_LABEL
    node = step.node
    if isinstance(node, Question) and node.unit and problem(node, typed) is None:
        value = number(node, typed)
        if str(value) != typed and f"{value} {node.unit}" != typed:
            return f"{typed} ({value} {node.unit})"
    return typed


def pick_draft(store: DraftStore, console: Console | None = None) -> Draft:
    """The unfinished intake to continue: the only one, or the one the person chooses."""
    drafts = store.unfinished()
    if not drafts:
        raise ScreeningError(
            f"no unfinished intake in {store.folder}; start one with: screening intake"
        )
    console = console or Console()
    if len(drafts) == 1:
        draft = store.load(drafts[0].id)
        console.say(f"Continuing the unfinished intake: {_draft_label(draft)}.")
        return draft
    choices = [Choice(_draft_label(d), d.id) for d in drafts]
    picked = console.ask(
        "select",
        f"{len(drafts)} intakes are unfinished. Which one do you want to continue?",
        choices=choices,
        default=choices[-1].value,  # the latest
    )
    return store.load(picked)


def _draft_label(draft: Draft) -> str:
    if draft.saved == "damaged":
        return f"A draft that cannot be read ({draft.path.name})"
    return f"{draft.name or 'No name yet'}, saved {draft.saved or 'never'}"
