"""Renderers: the plan as JSON, as HTML (Jinja2) and as PDF (WeasyPrint), and atomic writes.

Safe by construction: templates autoescape every value (`*.html.j2` and `*.svg` included) and
fail on an undefined name; the PDF renderer reads nothing but the bundled files in the
templates folder, so markup in a runner's answers comes out as plain text and no file or URL
named in it is ever fetched or attached. WeasyPrint is imported only when a PDF is made.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

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
# Exercise kinds that put load on the body; a plan that needs a referral never prints one.
LOADED_KINDS = frozenset({"strength"})
KIND_LABELS = {
    "release": "Release",
    "activation": "Activation",
    "strength": "Strength",
    "mobility": "Mobility",
    "stability": "Stability",
    "stretch": "Stretch",
}
LOG_DAYS = 14
STYLESHEET = "plan.css"
_ILLUSTRATION_ID = re.compile(r"[a-z0-9_]{1,60}")


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


def render_json(plan: Plan) -> str:
    return plan.model_dump_json(indent=2) + "\n"


# ------------------------------------------------------------------------------ the view


@dataclass(frozen=True)
class Told:
    """One line of "what you told us": its label and the answer."""

    label: str
    text: str


@dataclass(frozen=True)
class Omitted:
    name: str
    reason: str


def view(
    plan: Plan, *, clinic: str | None = None, paper: str = "a4", on: date | None = None
) -> dict[str, Any]:
    """Everything the templates need, worked out from the plan (no logic in the templates)."""
    if paper not in PAPER_SIZES:
        raise ScreeningError(f"--paper: expected one of {', '.join(PAPER_SIZES)}")
    routine = list(plan.routine)
    referral = plan.referral.required
    loaded = [item.name for item in routine if item.kind in LOADED_KINDS]
    if referral and loaded:  # the engine never does this; the printout must not either
        raise ScreeningError(
            "refusing to print loaded exercises in a plan that needs a referral: "
            + ", ".join(loaded)
        )
    for item in routine:
        if not _ILLUSTRATION_ID.fullmatch(item.illustration):
            raise ScreeningError(f"{item.exercise}: bad illustration name {item.illustration!r}")
    on = on or date.today()
    before = [i for i in routine if "before" in i.how_often.lower()]
    after = [i for i in routine if i not in before]
    return {
        "plan": plan,
        "runner": plan.runner,
        "clinic": clinic,
        "paper": PAPER_SIZES[paper],
        "on": on,
        "on_text": f"{on.day} {on:%B %Y}",
        "headline": plan.emphases[0] if plan.emphases else None,
        "also": plan.emphases[1:],
        "told": _told_lines(plan, referral),
        "referral": referral,
        "reasons": [
            {"text": r.text, "reported": _reported(r.answers), "rule": r.rule}
            for r in plan.referral.reasons
        ],
        "routine": routine,
        "numbers": {item.exercise: n for n, item in enumerate(routine, start=1)},
        "before_run": before,
        "after_run": after,
        "left_out": _left_out(plan, referral),
        "kind_labels": KIND_LABELS,
        "log_weeks": [list(range(1, 8)), list(range(8, LOG_DAYS + 1))],
        "disclaimer": DISCLAIMER,
        "disclaimer_source": DISCLAIMER_SOURCE,
    }


def _told_lines(plan: Plan, referral: bool) -> list[Told]:
    """What the runner told us; with a referral, without the lines about lifts left out."""
    lines = [_told(line) for line in plan.runner.told_us]
    if not referral:
        return lines
    lifts = [i.name.lower() for i in plan.left_out if i.kind in LOADED_KINDS]
    return [t for t in lines if not any(t.label.lower().startswith(n) for n in lifts)]


def _told(line: str) -> Told:
    label, sep, rest = line.partition(": ")
    return Told(label, rest) if sep else Told("", line)


def _reported(answers: dict[str, Any]) -> list[str]:
    """The answers behind a referral, in the questionnaire's own words."""
    from screening.catalogue import load_catalogue

    catalogue = load_catalogue()
    out = []
    for path, value in answers.items():
        try:
            question = catalogue.question(path)
        except KeyError:
            out.append(f"{path}: {value}")
            continue
        if isinstance(value, bool):
            out.append(question.prompt if value else f"Not: {question.prompt}")
        elif question.type == "integer" and question.min == 0 and question.max == 10:
            group = catalogue.group(path.rsplit(".", 1)[0]).title if "." in path else path
            out.append(f"{group}: {value} out of 10")
        else:
            out.append(f"{question.prompt} {value}")
    return out


def _left_out(plan: Plan, referral: bool) -> list[Omitted]:
    """What was left out; with a referral, loaded lifts are one line that names none of them."""
    out: list[Omitted] = []
    loaded_note = False
    for item in plan.left_out:
        if referral and item.kind in LOADED_KINDS:
            if not loaded_note:
                out.append(
                    Omitted(
                        "Strength work with weights",
                        "Not until a clinician has looked at what you reported and says it "
                        "is safe to add.",
                    )
                )
                loaded_note = True
            continue
        out.append(Omitted(item.name, item.reason))
    return out


# ------------------------------------------------------------------------------ HTML


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
        **view(plan, clinic=clinic, paper=paper, on=on),
        for_print=for_print,
        stylesheet="" if for_print else _stylesheet(),
    )


@cache
def _stylesheet() -> str:
    return (templates_dir() / STYLESHEET).read_text(encoding="utf-8")


# ------------------------------------------------------------------------------ PDF


def _asset_path(url: str) -> Path:
    """The bundled file that `url` names; ValueError for every other URL."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost") or parts.query:
        raise ValueError(f"refused to fetch {url!r}: only bundled assets may be read")
    root = templates_dir().resolve()
    path = Path(unquote(parts.path)).resolve()
    if not (path.is_relative_to(root) and path.is_file()):
        raise ValueError(f"refused to fetch {url!r}: only bundled assets may be read")
    return path


def _mime(path: Path) -> str:
    return {
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".ttf": "font/ttf",
        ".woff2": "font/woff2",
        ".png": "image/png",
    }.get(path.suffix, "application/octet-stream")


def _asset_fetcher(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
    """A URL fetcher in WeasyPrint's older (dict) form: bundled files only."""
    path = _asset_path(url)
    return {"string": path.read_bytes(), "mime_type": _mime(path), "redirected_url": url}


@cache
def _fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves only the bundled assets and refuses everything else."""
    try:
        from weasyprint.urls import URLFetcher, URLFetcherResponse
    except ImportError:  # WeasyPrint < 68 takes a plain function
        return _asset_fetcher

    class BundledAssets(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file"}, allow_redirects=False)

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = _asset_path(url)
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _mime(path)})

    return BundledAssets()


@cache
def _pdf_kit() -> tuple[Any, Any, Any]:
    """What every PDF reuses: the weasyprint module, one font configuration, the stylesheet."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    css = weasyprint.CSS(
        string=_stylesheet(),
        base_url=templates_dir().resolve().as_uri() + "/",
        url_fetcher=_fetcher(),
        font_config=fonts,
    )
    return weasyprint, fonts, css


@cache
def _paper_css(paper: str) -> Any:
    weasyprint, fonts, _ = _pdf_kit()
    return weasyprint.CSS(
        string=f"@page {{ size: {PAPER_SIZES[paper]}; }}", url_fetcher=_fetcher(), font_config=fonts
    )


def render_pdf(
    plan: Plan, *, clinic: str | None = None, paper: str = "a4", on: date | None = None
) -> bytes:
    """The plan as PDF bytes."""
    html = render_html(plan, clinic=clinic, paper=paper, on=on, for_print=True)
    weasyprint, fonts, css = _pdf_kit()
    document = weasyprint.HTML(
        string=html,
        base_url=templates_dir().resolve().as_uri() + "/",
        url_fetcher=_fetcher(),
    )
    return document.write_pdf(stylesheets=[css, _paper_css(paper)], font_config=fonts)


# ------------------------------------------------------------------------------ files


def write_atomic(path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write `data` to `path` through a temporary file and a rename; never half a file.

    An existing file is kept unless `overwrite`: the new one gets a numbered name instead.
    Returns the path written.
    """
    target = path if overwrite else _free_name(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise ScreeningError(f"{target}: cannot write ({exc.strerror})") from None
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
    except FileExistsError:
        return write_atomic(path, data, overwrite=False)
    except OSError as exc:
        raise ScreeningError(f"{target}: cannot write ({exc.strerror})") from None
    finally:  # whatever happened (even Ctrl-C), no temporary file is left behind
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def _free_name(path: Path) -> Path:
    if not path.exists():
        return path
    n = 2
    while (candidate := path.with_name(f"{path.stem}-{n}{path.suffix}")).exists():
        n += 1
    return candidate
