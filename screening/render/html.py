"""The plan as a standalone HTML page; the PDF is made from the same markup."""

from __future__ import annotations

from datetime import date

from screening.core.compare import Comparison
from screening.core.plan import Plan
from screening.render.since import since_view
from screening.render.stylesheet import screen_stylesheet
from screening.render.templates import environment
from screening.render.view import view


def render_html(
    plan: Plan,
    *,
    clinic: str | None = None,
    paper: str = "a4",
    on: date | None = None,
    for_print: bool = False,
    since: Comparison | None = None,
) -> str:
    """The plan as HTML: with its stylesheet inlined for a screen, without it for print; with
    a "Since your last visit" page when given the comparison with an earlier plan."""
    template = environment().get_template("plan.html.j2")
    return template.render(
        **view(plan, clinic=clinic, paper=paper, on=on),
        since=since_view(since) if since else None,
        for_print=for_print,
        stylesheet="" if for_print else screen_stylesheet(),
    )
