"""The few lines a terminal shows after screening: referral, focus, routine, what was left out."""

from __future__ import annotations

import shutil
import textwrap

import click

from screening.core.plan import Plan


def summary(plan: Plan) -> str:
    """The plan in a few lines, wrapped at words to the terminal's width."""
    width = min(shutil.get_terminal_size().columns, 100)

    def item(text: str, first: str = "  ", rest: str = "     ") -> list[str]:
        return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest)

    lines = []
    if plan.referral.required:
        lines.append(click.style("See a clinician before you start:", fg="red", bold=True))
        for reason in plan.referral.reasons:
            lines += item(reason.text, "  - ", "    ")
    if plan.emphases:
        lines.append(click.style(f"Focus: {plan.headline.title}", bold=True))
        lines += item(plan.headline.sentence, "  ", "  ")
    lines.append("Routine:")
    for n, i in enumerate(plan.routine, 1):
        lines += item(f"{i.name}: {i.dose}", f"  {n}. ")
    if plan.left_out:
        lines += item("Left out: " + ", ".join(i.name for i in plan.left_out), "", "  ")
        lines.append("  (the plan says why; `screening explain` gives every reason)")
    return "\n".join(lines)
