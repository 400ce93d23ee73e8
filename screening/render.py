"""Renderers: the plan as JSON, as HTML (Jinja2) and as PDF (WeasyPrint), and atomic writes.

Safe by construction: templates autoescape every value (`*.html.j2` and `*.svg` included) and
fail on an undefined name; the PDF renderer reads nothing but the bundled files in the
templates folder, so markup in a runner's answers comes out as plain text and no file or URL
named in it is ever fetched or attached. WeasyPrint is imported only when a PDF is made.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from screening.errors import ScreeningError
from screening.plan import LeftOut, Plan, RoutineItem, Told
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
# The article's four-step warm-up, which the disclaimer's attribution names. In a plan that
# needs a referral the lifts of step 3 are not named (such a plan does not advertise weights).
ARTICLE_STEPS = (
    "foam rolling",
    "drive-backs",
    "deadlifts or kettlebell swings",
    "straight-legged walking kicks",
)
ARTICLE_STEPS_REFERRAL = (
    "foam rolling",
    "drive-backs",
    "a strength step, left out for now",
    "straight-legged walking kicks",
)
# Exercise kinds that put load on the body; a plan that needs a referral never prints one.
LOADED_KINDS = frozenset({"strength"})
# The plan carries no tags, so the bundled rules' `tags: [loaded]` exercises are named by id too
# (ids are a public contract; a test keeps this set in step with rules/exercises.yaml). A
# clinic's own loaded exercise is caught here by its kind only: the engine is the first guard.
LOADED_EXERCISES = frozenset({"deadlift", "kettlebell_swing"})
# Answers about lifting that a plan needing a referral leaves unprinted (it does not advertise
# weights).
LIFTING_TOPICS = frozenset({"runner.strength_experience"})
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
    loaded = [item.name for item in routine if _is_loaded(item)]
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
        "article_steps": ARTICLE_STEPS_REFERRAL if referral else ARTICLE_STEPS,
    }


def _is_loaded(item: RoutineItem | LeftOut) -> bool:
    return item.kind in LOADED_KINDS or item.exercise in LOADED_EXERCISES


def _told_lines(plan: Plan, referral: bool) -> list[Told]:
    """What the runner told us; with a referral, without their answer about lifting weights."""
    return [t for t in plan.runner.told_us if not (referral and t.topic in LIFTING_TOPICS)]


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
        if referral and _is_loaded(item):
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
#
# Plans hold health answers: every file is written with mode 0600 (owner only), through a
# temporary file in the same folder, so a crash never leaves half a plan under the final name.

FILE_MODE = 0o600


def write_atomic(path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write `data` to `path` (a default name, e.g. in reports/, whose folder is created).

    An existing file is kept unless `overwrite` (which replaces a regular file, nothing else):
    the new one gets a numbered name instead.
    Returns the path written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ScreeningError(f"{path}: cannot write ({exc.strerror})") from None
    while True:
        target = path if overwrite else _free_name(path)
        try:
            return _write(target, data, replace=overwrite)
        except FileExistsError:  # the name was taken meanwhile: take the next free one
            continue


def check_output(output: str, *, force: bool = False) -> bool:
    """Check an explicit --output path before anything is rendered; True if it will be replaced.

    Refused, each in one line: an empty name, a folder, a missing folder (none is created for
    an explicit path), anything there that is not a regular file (a symbolic link, a FIFO, a
    device: not even with --force), and an existing file without --force.
    """
    if not output.strip():
        raise ScreeningError(
            "--output: the file name is empty; give a path, or '-' for standard output"
        )
    path = Path(output)
    if output.endswith(("/", os.sep)) or path.name in ("", ".", ".."):
        raise ScreeningError(f"{output}: is a folder; give a file name inside it")
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        parent = path.parent
        if not parent.is_dir():
            what = "is not a folder" if os.path.lexists(parent) else "folder does not exist"
            raise ScreeningError(f"{parent}: {what}") from None
        return False
    except OSError as exc:
        raise ScreeningError(f"{path}: cannot write ({exc.strerror})") from None
    if stat.S_ISDIR(mode):
        raise ScreeningError(f"{path}: is a folder; give a file name inside it")
    if not stat.S_ISREG(mode):
        raise ScreeningError(
            f"{path}: is a {_file_kind(mode)}, not a regular file; refusing to write to it"
        )
    if not force:
        raise ScreeningError(f"{path}: already exists (use --force to replace it)")
    return True


def write_output(output: str, data: bytes, *, force: bool = False) -> Path:
    """Write `data` to the explicit path `output` (see `check_output` for what is refused)."""
    path = Path(output)
    while True:
        replace = check_output(output, force=force)
        try:
            return _write(path, data, replace=replace)
        except FileExistsError:  # created meanwhile: check it again (refused without --force)
            continue


def _file_kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISLNK, "symbolic link"),
        (stat.S_ISFIFO, "named pipe"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
    ):
        if test(mode):
            return name
    return "special file"


def _write(target: Path, data: bytes, *, replace: bool) -> Path:
    """Write through a temporary file; rename over a regular file, or create `target` anew.

    Creating is exclusive: FileExistsError if the name is taken (the caller decides).
    """
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise ScreeningError(f"{target}: cannot write ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)  # mkstemp's 0600 already; said, not assumed
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        mode = _lstat_mode(target) if replace else None
        if mode is None:
            _create_exclusive(tmp, target)
        elif stat.S_ISREG(mode):
            os.replace(tmp, target)
        else:  # a rename would replace a symbolic link, FIFO or device node itself
            raise ScreeningError(f"{target}: is not a regular file; refusing to replace it")
    except FileExistsError:
        raise
    except OSError as exc:
        raise ScreeningError(f"{target}: cannot write ({exc.strerror})") from None
    finally:  # whatever happened (even Ctrl-C), no temporary file is left behind
        if os.path.lexists(tmp):
            os.unlink(tmp)
    return target


def _lstat_mode(path: Path) -> int | None:
    """The mode of what is at `path` itself (a link is not followed); None if nothing is."""
    try:
        return os.lstat(path).st_mode
    except FileNotFoundError:
        return None


def _create_exclusive(tmp: str, target: Path) -> None:
    """Give the finished file `tmp` the name `target`, only if that name is free."""
    try:
        os.link(tmp, target)  # atomic and exclusive: FileExistsError if the name is taken
        return
    except FileExistsError:
        raise
    except OSError:  # no hard links here (FAT, exFAT, some SMB shares): EPERM, ENOTSUP, ...
        pass
    # Reserve the name with an exclusive create (FileExistsError if taken), then rename the
    # finished file over that empty placeholder of ours: the name never shows a partly written
    # plan, at most an empty file for an instant. If the rename fails, the placeholder goes.
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    try:
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(target)
        raise


def _free_name(path: Path) -> Path:
    if not os.path.lexists(path):  # a dangling symbolic link takes a name too
        return path
    n = 2
    while os.path.lexists(candidate := path.with_name(f"{path.stem}-{n}{path.suffix}")):
        n += 1
    return candidate
