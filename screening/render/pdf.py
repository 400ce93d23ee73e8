"""The plan as PDF: its printed HTML, made into a PDF by WeasyPrint (`printer`), in a child
process that got WeasyPrint ready beforehand when there is one (`pdf_child`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from screening.render import pdf_child
from screening.render.html import render_html
from screening.render.printer import write_pdf

if TYPE_CHECKING:
    from screening.core.compare import Comparison
    from screening.core.plan import Plan


def render_pdf(
    plan: Plan,
    *,
    clinic: str | None = None,
    paper: str = "a4",
    on: date | None = None,
    since: Comparison | None = None,
) -> bytes:
    """The plan as PDF bytes: the same bytes for the same plan and options (no date, no
    random identifier in the file). A child started by `pdf_child.printing_ahead` prints it
    when there is one."""
    html = render_html(plan, clinic=clinic, paper=paper, on=on, for_print=True, since=since)
    child = pdf_child.take()
    if child is not None and (pdf := child.render(html, paper)) is not None:
        return pdf
    return write_pdf(html, paper)
