"""The terminal a runner answers on: where prompts and lines go, how wide it is, text wrapped
at word boundaries, and one question asked with questionary.

A question is laid out to the terminal's width by us (prompt_toolkit would break a long
question or choice mid-word), and once answered it is erased and replaced by one wrapped line
of the question and the answer in words, so what stays on screen reads cleanly at any width.

When standard output is not a terminal (`screening intake | tee log`), the questions are asked
on the terminal itself (`/dev/tty`), and only the results go to standard output.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TextIO

import click
import questionary
from prompt_toolkit.layout import Window
from prompt_toolkit.layout.dimension import Dimension
from prompt_toolkit.output import Output, create_output
from questionary import Choice, Separator

from screening.core.errors import ScreeningError
from screening.terminal.text import wrap, wrap_styled

MIN_WIDTH = 30
QUESTION = {"bold": True}
ANSWER = {"fg": "yellow", "bold": True}
Kind = Literal["text", "select", "checkbox"]


def open_terminal() -> tuple[Output, TextIO]:
    """The terminal to ask on: standard output when it is one, else the controlling terminal
    (`/dev/tty`); with neither, one plain error."""
    if sys.stdout.isatty():
        return create_output(sys.stdout), sys.stdout
    try:
        stream = open("/dev/tty", "w", encoding="utf-8")  # noqa: SIM115 (open for the run)
    except OSError:
        raise ScreeningError(
            "screening intake shows its questions on a terminal, and there is none to show "
            "them on; run it in a terminal window"
        ) from None
    return create_output(stream), stream


@dataclass
class Console:
    """Asks and tells on one terminal. `input`/`output` are prompt_toolkit's (None: the
    process's own); lines go to `echo` if given (a test's list), else to `stream`."""

    input: Any = None
    output: Output | None = None
    stream: TextIO | None = None
    echo: Callable[[str], None] | None = None

    def line(self, text: str) -> None:
        """Show one line (or several, already laid out) as it is."""
        if self.echo is not None:
            self.echo(text)
        else:
            click.echo(text, file=self.stream)

    @property
    def width(self) -> int:
        """The columns a line may use (one fewer than the terminal has, so a full line never
        makes the terminal wrap on its own)."""
        if self.output is not None:
            columns = self.output.get_size().columns
        else:
            columns = shutil.get_terminal_size().columns
        return max(MIN_WIDTH, columns - 1)

    def say(self, text: str, first: str = "", rest: str = "", **style: Any) -> None:
        """A paragraph, wrapped at words (each given line on its own)."""
        for paragraph in text.split("\n"):
            line = wrap(paragraph, self.width, first, rest) if paragraph else ""
            self.line(click.style(line, **style) if style and line else line)

    def ask(
        self,
        kind: Kind,
        prompt: str,
        *,
        hint: str | None = None,
        choices: Sequence[Choice | Separator] = (),
        default: Any = None,
        words: Callable[[Any], str] | None = None,
    ) -> Any:
        """Ask one question; once answered, show it as `? prompt answer` (the answer in
        `words`, or the chosen labels). Ctrl-C raises KeyboardInterrupt."""
        width = self.width
        message, instruction = _lay_out(prompt, hint, width, kind == "text")
        io = {"input": self.input, "output": self.output}
        if kind == "text":
            question = questionary.text(
                message, default=default or "", instruction=instruction, **io
            )
        else:
            # A choice's first line follows " » " (a select) or " » ○ " (ticks); its further
            # lines are indented five columns, so they never look like choices of their own.
            pointer = 3 if kind == "select" else 5
            laid = [_wrapped_choice(c, width - pointer, " " * 5) for c in choices]
            build = questionary.select if kind == "select" else questionary.checkbox
            extra = {"default": default} if kind == "select" else {}
            question = build(message, laid, instruction=instruction or " ", **extra, **io)
            header = 1 + message.count("\n") + (instruction or "").count("\n")
            self._fit_choices(question, header)
        question.application.erase_when_done = True
        answer = question.unsafe_ask()
        shown = words(answer) if words else _chosen(answer, choices, kind)
        self.line(
            wrap_styled([("?", {"fg": "cyan"}), (prompt, QUESTION), (shown, ANSWER)], width, "  ")
        )
        return answer

    @staticmethod
    def _fit_choices(question: questionary.Question, header: int) -> None:
        """Keep a long list shorter than the screen (it scrolls inside): prompt_toolkit can
        neither erase nor redraw what has scrolled off the top."""
        app = question.application
        children = getattr(app.layout.container, "children", [])
        window = getattr(children[1], "content", None) if len(children) > 1 else None
        if isinstance(window, Window):
            window.height = lambda: Dimension(max=max(3, app.output.get_size().rows - header - 1))


def _lay_out(prompt: str, hint: str | None, width: int, typed: bool) -> tuple[str, str | None]:
    """The message and the instruction questionary shows, wrapped to `width`.

    questionary prints `? {message} {instruction}`; continuation lines are indented two
    columns. A hint that does not fit after the question goes on lines of its own; for a typed
    answer it always does, so the answer starts after it.
    """
    message = wrap(prompt, width - 3, "", "").replace("\n", "\n  ")  # after "? ", before " "
    if not hint:
        return message, None
    last = 2 + len(message.rsplit("\n", 1)[-1]) + 1
    if not typed and last + len(hint) <= width:
        return message, hint
    return message, "\n" + wrap(hint, width - 1, "  ", "  ")


def _wrapped_choice(choice: Choice | Separator, width: int, rest: str) -> Choice | Separator:
    if isinstance(choice, Separator):
        return choice
    title = wrap(str(choice.title), width, "", rest)
    return Choice(title, choice.value, checked=choice.checked, disabled=choice.disabled)


def _chosen(answer: Any, choices: Sequence[Choice | Separator], kind: Kind) -> str:
    """An answer as the labels of the choices it picked."""
    labels = {c.value: str(c.title) for c in choices if isinstance(c, Choice)}
    if kind == "select":
        return labels.get(answer, str(answer))
    if kind == "checkbox":
        return "; ".join(labels.get(v, str(v)) for v in answer) or "nothing ticked"
    return str(answer)
