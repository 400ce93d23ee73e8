"""The one error type a user can cause, as data: every problem tied to the field it is about.

The CLI prints the first problem as one line (exit code 2); a form shows each beside its field.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, in plain words.

    `field` is a dotted answers path (`runner.age`), an option (`--clinic`), or empty when the
    problem is with the input as a whole (a missing file, a file that is not YAML).
    """

    field: str
    message: str

    def line(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class ScreeningError(Exception):
    """A problem with the user's input (answers, rules folder, output path, an option).

    `origin` names where the input came from (a file name, "intake"); it prefixes the line.
    """

    def __init__(self, *problems: Problem | str, origin: str | None = None) -> None:
        if not problems:
            raise ValueError("a ScreeningError needs at least one problem")
        self.problems: tuple[Problem, ...] = tuple(
            p if isinstance(p, Problem) else Problem("", p) for p in problems
        )
        self.origin = origin
        super().__init__(self.line())

    def line(self) -> str:
        """The first problem as one line, with how many more there are."""
        more = len(self.problems) - 1
        text = self.problems[0].line()
        if more:
            text += f" (and {more} more problem{'s' if more > 1 else ''})"
        return f"{self.origin}: {text}" if self.origin else text

    def by_field(self) -> dict[str, list[str]]:
        """Each field's messages, for showing beside the field in a form."""
        out: dict[str, list[str]] = {}
        for p in self.problems:
            out.setdefault(p.field, []).append(p.message)
        return out
