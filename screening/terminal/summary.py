"""The few lines a terminal shows after screening: referral (with what to do at once where a
sign is urgent), focus, routine, what was left out. The wording of the hold on the routine and
of what was left out comes from the plan's view, so the screen and the PDF say the same."""

from __future__ import annotations

import shutil
from typing import Any

import click

from screening.core.catalogue import Notice, answer_at, load_catalogue
from screening.core.plan import Plan
from screening.render.view import ROUTINE_HOLD, left_out
from screening.terminal.text import notice_line, wrap_lines

MAX_WIDTH = 100


def summary(plan: Plan, width: int | None = None) -> str:
    """The plan in a few lines, wrapped at words to `width` (default: the terminal's)."""
    width = width or min(shutil.get_terminal_size().columns - 1, MAX_WIDTH)

    def item(text: str, first: str = "  ", rest: str = "     ") -> list[str]:
        return wrap_lines(text, width, first, rest)

    referral = plan.referral.required
    lines = []
    if referral:
        lines.append(click.style("See a clinician before you start:", fg="red", bold=True))
        for reason in plan.referral.reasons:
            lines += item(reason.text, "  - ", "    ")
        lines += [notice_line(notice, width) for notice in urgent_notices(plan.answers)]
    for reason in plan.running_hold:
        lines += item(f"Not running for now: {reason.text}", "", "  ")
    if plan.emphases:
        lines += [
            click.style(line, bold=True) for line in item(f"Focus: {plan.headline.title}", "", "  ")
        ]
        lines += item(plan.headline.sentence, "  ", "  ")
    lines.append("Routine:")
    if referral:
        lines += [click.style(line, fg="red", bold=True) for line in item(ROUTINE_HOLD, "  ", "  ")]
    for n, i in enumerate(plan.routine, 1):
        lines += item(f"{i.name}: {i.dose}", f"  {n}. ")
    if omitted := left_out(plan):
        lines += item("Left out: " + ", ".join(o.name for o in omitted), "", "  ")
        lines += item("(the plan says why; `screening explain` gives every reason)", "  ", "  ")
    return "\n".join(lines)


def urgent_notices(answers: dict[str, Any]) -> list[Notice]:
    """The catalogue's urgent notices for the answers given "yes" (chest pain: what to do now)."""
    out = []
    for question in load_catalogue().questions():
        notice = question.notice
        if notice is None or notice.level != "urgent":
            continue
        if answer_at(answers, question.path) is True:
            out.append(notice)
    return out
