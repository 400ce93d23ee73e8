"""The Jinja environment for every rendered plan, and the print stylesheet.

Safe by construction: every value is autoescaped (`*.html.j2` and `*.svg` included, which
`select_autoescape` would otherwise skip) and an undefined name is an error, not an empty string.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from screening.core.resources import templates_dir

STYLESHEET = "plan.css"
# A bundled drawing named in the stylesheet: url(name.svg), relative to the templates folder.
_BUNDLED_URL = re.compile(r"url\(([a-z0-9_-]+\.svg)\)")


@cache
def environment(folder: Path | None = None) -> Environment:
    """The Jinja environment: HTML and SVG autoescaped, including `*.html.j2`; strict undefined."""
    return Environment(
        loader=FileSystemLoader(str(folder or templates_dir())),
        autoescape=select_autoescape(
            enabled_extensions=("html", "j2", "svg"), default_for_string=True, default=True
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def stylesheet() -> str:
    """The print stylesheet's text (read once per process)."""
    return (templates_dir() / STYLESHEET).read_text(encoding="utf-8")


@cache
def screen_stylesheet() -> str:
    """The stylesheet for a standalone HTML page: each bundled drawing it names inlined as a
    data URI, so the page needs no file beside it."""

    def inline(match: re.Match[str]) -> str:
        svg = (templates_dir() / match[1]).read_text(encoding="utf-8")
        return f'url("data:image/svg+xml,{quote(svg, safe="")}")'

    return _BUNDLED_URL.sub(inline, stylesheet())
