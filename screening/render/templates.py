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
_ROOT_RULE = re.compile(r":root\s*\{([^}]*)\}\s*")
_DECLARATION = re.compile(r"--([a-z0-9-]+)\s*:\s*([^;]+?)\s*;")
_VAR = re.compile(r"var\(--([a-z0-9-]+)\)")
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
    """The stylesheet's text (read once per process), its colour variables written out: the
    source names each colour once in `:root`, but WeasyPrint resolves var() for every element
    on every plan (about 2.5% of a render)."""
    return expand_variables((templates_dir() / STYLESHEET).read_text(encoding="utf-8"))


def expand_variables(css: str) -> str:
    """`css` with the custom properties of its `:root` rule substituted for each var() and that
    rule dropped; ValueError for a var() that `:root` does not define."""
    root = _ROOT_RULE.search(css)
    if root is None:
        return css
    values = dict(_DECLARATION.findall(root[1]))

    def value(match: re.Match[str]) -> str:
        if match[1] not in values:
            raise ValueError(f"{STYLESHEET}: var(--{match[1]}) is not defined in :root")
        return values[match[1]]

    return _VAR.sub(value, css[: root.start()] + css[root.end() :])


@cache
def screen_stylesheet() -> str:
    """The stylesheet for a standalone HTML page: each bundled drawing it names inlined as a
    data URI, so the page needs no file beside it."""

    def inline(match: re.Match[str]) -> str:
        svg = (templates_dir() / match[1]).read_text(encoding="utf-8")
        return f'url("data:image/svg+xml,{quote(svg, safe="")}")'

    return _BUNDLED_URL.sub(inline, stylesheet())
