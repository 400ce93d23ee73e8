"""Renderers: a plan as JSON, as HTML (Jinja2) or as PDF (WeasyPrint), and as text for people.

WeasyPrint is imported only when a PDF is made.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # light to import: a child that prints (pdf_child) needs none of these
    from screening.core.compare import Comparison
    from screening.core.plan import Plan

FORMATS = ("pdf", "html", "json")


def render_json(plan: Plan) -> str:
    return plan.model_dump_json(indent=2) + "\n"


def to_bytes(
    plan: Plan,
    fmt: str,
    *,
    clinic: str | None = None,
    paper: str = "a4",
    on: date | None = None,
    since: Comparison | None = None,
) -> bytes:
    """The plan in `fmt` (pdf, html or json), ready to write or send; `since` adds the page
    comparing it with an earlier plan (PDF and HTML)."""
    if fmt == "json":
        return render_json(plan).encode()
    if fmt == "html":
        from screening.render.html import render_html

        return render_html(plan, clinic=clinic, paper=paper, on=on, since=since).encode()
    if fmt == "pdf":
        from screening.render.pdf import render_pdf

        return render_pdf(plan, clinic=clinic, paper=paper, on=on, since=since)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
