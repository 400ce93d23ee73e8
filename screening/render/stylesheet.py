"""The print stylesheet: read once per process, its colour variables written out; and the
same stylesheet for a standalone HTML page, with its drawings inlined."""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import quote

from screening.core.resources import templates_dir

STYLESHEET = "plan.css"
# The CSS page size of each paper a plan can be printed on.
PAPER_SIZES = {"a4": "A4", "letter": "letter"}
_ROOT_RULE = re.compile(r":root\s*\{([^}]*)\}\s*")
_DECLARATION = re.compile(r"--([a-z0-9-]+)\s*:\s*([^;]+?)\s*;")
_VAR = re.compile(r"var\(--([a-z0-9-]+)\)")
# A bundled drawing named in the stylesheet: url(name.svg), relative to the templates folder.
_BUNDLED_URL = re.compile(r"url\(([a-z0-9_-]+\.svg)\)")


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
