"""The Jinja environment for every rendered plan.

Safe by construction: every value is autoescaped (`*.html.j2` and `*.svg` included, which
`select_autoescape` would otherwise skip) and an undefined name is an error, not an empty string.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from screening.core.resources import templates_dir


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
