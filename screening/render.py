"""Renderers: the plan as JSON, as HTML (Jinja2) and as PDF (WeasyPrint), and atomic writes.

Templates autoescape every value and fail on an undefined name; the PDF renderer fetches
nothing but the bundled assets in the templates folder.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from screening.errors import ScreeningError
from screening.plan import Plan
from screening.resources import templates_dir

PAPER_SIZES = {"a4": "A4", "letter": "letter"}
DISCLAIMER = (
    "All articles are for general informational purposes.  Each individual\u2019s needs, "
    "preferences, goals and abilities may vary.  Be sure to obtain all appropriate training, "
    "expert supervision and/or medical advice before engaging in strenuous or potentially "
    "hazardous activity."
)
DISCLAIMER_SOURCE = (
    "\u201cMobility for Runners\u201d (article featuring Jessica Marie Rose Leggio, #RunPainFree)"
)


@cache
def environment(folder: Path | None = None) -> Environment:
    """The Jinja environment: HTML autoescaped, including `*.html.j2` names; strict undefined."""
    return Environment(
        loader=FileSystemLoader(str(folder or templates_dir())),
        autoescape=select_autoescape(
            enabled_extensions=("html", "j2", "svg"), default_for_string=True, default=True
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_json(plan: Plan) -> str:
    return plan.model_dump_json(indent=2) + "\n"


def render_html(
    plan: Plan,
    *,
    clinic: str | None = None,
    paper: str = "a4",
    on: date | None = None,
    for_print: bool = False,
) -> str:
    """The plan as a standalone HTML page (the PDF is made from the same markup)."""
    template = environment().get_template("plan.html.j2")
    return template.render(
        plan=plan,
        clinic=clinic,
        paper=PAPER_SIZES[paper],
        on=on or date.today(),
        for_print=for_print,
        disclaimer=DISCLAIMER,
        disclaimer_source=DISCLAIMER_SOURCE,
        stylesheet=_stylesheet() if not for_print else "",
    )


@cache
def _stylesheet() -> str:
    return (templates_dir() / "plan.css").read_text(encoding="utf-8")


def _asset_fetcher(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
    """Serve only files inside the templates folder; refuse every other URL."""
    root = templates_dir().resolve()
    if url.startswith("file://"):
        path = Path(url[len("file://") :]).resolve()
        if path.is_relative_to(root) and path.is_file():
            return {"string": path.read_bytes(), "mime_type": _mime(path), "redirected_url": url}
    raise ValueError(f"refused to fetch {url!r}: only bundled assets may be read")


def _mime(path: Path) -> str:
    return {
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".ttf": "font/ttf",
        ".woff2": "font/woff2",
        ".png": "image/png",
    }.get(path.suffix, "application/octet-stream")


def render_pdf(
    plan: Plan, *, clinic: str | None = None, paper: str = "a4", on: date | None = None
) -> bytes:
    """The plan as PDF bytes."""
    import weasyprint

    html = render_html(plan, clinic=clinic, paper=paper, on=on, for_print=True)
    base = templates_dir().resolve()
    document = weasyprint.HTML(
        string=html, base_url=base.as_uri() + "/", url_fetcher=_asset_fetcher
    )
    css = weasyprint.CSS(filename=str(base / "plan.css"), url_fetcher=_asset_fetcher)
    paper_css = weasyprint.CSS(string=f"@page {{ size: {PAPER_SIZES[paper]}; }}")
    return document.write_pdf(stylesheets=[css, paper_css])


def write_atomic(path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write `data` to `path` through a temporary file and a rename; never half a file.

    An existing file is kept unless `overwrite`: the new one gets a numbered name instead.
    Returns the path written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    target = path if overwrite else _free_name(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, target)
        else:
            os.link(tmp, target)  # fails if the name was taken meanwhile
            os.unlink(tmp)
    except FileExistsError:
        os.unlink(tmp)
        return write_atomic(path, data, overwrite=False)
    except OSError as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise ScreeningError(f"{target}: cannot write ({exc.strerror})") from None
    return target


def _free_name(path: Path) -> Path:
    if not path.exists():
        return path
    n = 2
    while (candidate := path.with_name(f"{path.stem}-{n}{path.suffix}")).exists():
        n += 1
    return candidate
