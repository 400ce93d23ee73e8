"""The service layer: what every front door (the terminal, the desk, the batch runner) calls to
screen a runner, render a plan and store it. Front doors parse their own input and show the
results; the decisions and the file rules live here and below.

Thread-safe: one `Screener` per rules folder per process, shared by every caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import BaseModel

from screening.core.answers import parse_answers
from screening.core.compare import Comparison
from screening.core.errors import Problem, ScreeningError
from screening.core.plan import Plan
from screening.core.resources import default_rules
from screening.core.text import one_line, shown
from screening.render import FORMATS
from screening.store import files

CLINIC_MAX_LENGTH = 80
PAPERS = ("a4", "letter")


@dataclass(frozen=True)
class Look:
    """How a plan is printed: the clinic's name on it, the paper size, the date and, when
    asked for, a "Since your last visit" page comparing it with an earlier plan."""

    clinic: str | None = None
    paper: str = "a4"
    on: date | None = None
    since: Comparison | None = None


def look(
    clinic: str | None = None,
    paper: str = "a4",
    on: date | None = None,
    since: Comparison | None = None,
) -> Look:
    """Checked printing options: a clinic name on one line of 1 to 80 characters (the same rules
    as a runner's name), a known paper, and optionally the comparison with the last visit."""
    if clinic is not None:
        try:
            clinic = one_line(clinic, CLINIC_MAX_LENGTH)
        except ValueError as reason:
            raise ScreeningError(
                Problem(
                    "--clinic",
                    f"{shown(clinic)} is not allowed: {reason}; expected 1 to "
                    f"{CLINIC_MAX_LENGTH} characters on one line",
                )
            ) from None
    if paper not in PAPERS:
        raise ScreeningError(Problem("--paper", f"expected one of {', '.join(PAPERS)}"))
    return Look(clinic, paper, on, since)


@cache
def _loaded(folder: str) -> tuple[Any, str]:
    from screening.core.engine import Screener
    from screening.core.knowledge import fingerprint, load_knowledge

    path = Path(folder)
    stamp = fingerprint(path)
    return Screener(load_knowledge(path)), stamp


def _folder(rules: Path | None) -> str:
    return str((rules or default_rules()).absolute())


def screener(rules: Path | None = None) -> Any:
    """The shared `Screener` for a rules folder (default: the bundled one), built once per
    process; experta is imported only here."""
    return _loaded(_folder(rules))[0]


def rules_fingerprint(rules: Path | None = None) -> str:
    """The fingerprint (SHA-256) of the rules folder as the shared `Screener` loaded it."""
    return _loaded(_folder(rules))[1]


def screen(answers: BaseModel | Mapping[str, Any], rules: Path | None = None) -> Plan:
    """Answers (validated, or raw data to validate) in, plan out."""
    if not isinstance(answers, BaseModel):
        answers = parse_answers(answers)
    return screener(rules).screen(answers)


def render(plan: Plan, fmt: str, options: Look | None = None) -> bytes:
    """The plan as the bytes of a PDF, an HTML page or a JSON document."""
    from screening.render import to_bytes

    if fmt not in FORMATS:
        raise ScreeningError(Problem("--format", f"expected one of {', '.join(FORMATS)}"))
    options = options or Look()
    return to_bytes(
        plan, fmt, clinic=options.clinic, paper=options.paper, on=options.on, since=options.since
    )


def store(data: bytes, folder: Path, name: str, suffix: str, on: date | None = None) -> Path:
    """Write a runner's file under its default name in `folder` (numbered, never replaced)."""
    stem = files.free_stem(folder, files.report_stem(name, on), (suffix,))
    return files.write_atomic(folder / f"{stem}.{suffix}", data)


def check_output(output: str | None, *, force: bool = False) -> None:
    """Refuse a bad explicit output path before any work is done (`-` is standard output)."""
    if output not in (None, "-"):
        files.check_output(output, force=force)


def publish(
    plan: Plan,
    fmt: str,
    options: Look,
    *,
    output: str | None,
    folder: Path,
    stream: BinaryIO,
    force: bool = False,
) -> Path | None:
    """Render the plan and deliver it: to `stream` (`-`, or JSON with no output named), to an
    explicit path, or under the runner's default name in `folder`. Returns the file written."""
    check_output(output, force=force)
    data = render(plan, fmt, options)
    if output == "-" or (output is None and fmt == "json"):
        files.write_stream(stream, data)
        return None
    if output is None:
        return store(data, folder, plan.runner.name, fmt, options.on)
    return files.write_output(output, data, force=force)


@dataclass(frozen=True)
class Finished:
    """What finishing an intake wrote: the answers file, the plan, and the PDF if asked for."""

    answers_file: Path
    plan: Plan
    pdf: Path | None


def finish_intake(
    data: dict[str, Any],
    *,
    folder: Path,
    answers_text: str,
    rules: Path | None = None,
    options: Look | None = None,
    pdf: bool = True,
) -> Finished:
    """Validate an intake's answers, write them (`answers_text`, the file's YAML) and the PDF
    plan under one name in `folder`, and return the plan."""
    answers = parse_answers(data, "intake")
    options = options or Look()
    plan = screen(answers, rules)
    rendered = render(plan, "pdf", options) if pdf else None
    suffixes = ("yaml", "pdf") if pdf else ("yaml",)
    stem = files.free_stem(folder, files.report_stem(answers.runner.name, options.on), suffixes)
    answers_file = files.write_atomic(folder / f"{stem}.yaml", answers_text.encode())
    pdf_file = files.write_atomic(folder / f"{stem}.pdf", rendered) if rendered else None
    return Finished(answers_file, plan, pdf_file)
