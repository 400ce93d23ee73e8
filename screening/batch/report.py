"""What the organisers read: `summary.csv` (one line per runner: who must see a clinician, their
focus and exercises, the plan's file) and `errors.csv` (one line per problem: row, field,
message). Both spreadsheet-safe and owner-only (`screening.store.spreadsheet`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from screening.core.plan import Plan
from screening.store.spreadsheet import replace_csv

SUMMARY = "summary.csv"
ERRORS = "errors.csv"
PLAN_COLUMNS = ("name", "referral", "reasons", "hyper-mobility", "focus", "exercises")
SUMMARY_HEADER = ("row", "name", "status", *PLAN_COLUMNS[1:], "file")
ERRORS_HEADER = ("row", "field", "message")
STATUS_WORDS = {"done": "plan", "invalid": "bad answers", "failed": "failed", None: "not done"}
HYPERMOBILITY_WORDS = {
    "hypermobile": "yes",
    "not_hypermobile": "no",
    "uncertain": "uncertain (a clinician should check)",
    "not_checked": "not checked",
}


def plan_summary(plan: Plan) -> dict[str, str]:
    """The plan in the summary's columns."""
    status = plan.hypermobility.status
    return {
        "name": plan.runner.name,
        "referral": "yes" if plan.referral.required else "no",
        "reasons": "; ".join(reason.text for reason in plan.referral.reasons),
        "hyper-mobility": HYPERMOBILITY_WORDS[status],
        "focus": plan.headline.title if plan.emphases else "",
        "exercises": "; ".join(item.name for item in plan.routine),
    }


@dataclass(frozen=True)
class Line:
    """One runner's line in the reports: where it came from and what became of it."""

    row: str
    name: str
    status: str | None  # a manifest status; None: not done yet (the run was stopped)
    summary: Mapping[str, str]
    file: str | None
    problems: tuple[tuple[str, str], ...]


def write_reports(folder: Path, lines: list[Line]) -> None:
    """Write (or replace) summary.csv and errors.csv in `folder`."""
    summary_rows = []
    error_rows = []
    for line in lines:
        values = {"name": line.name, **line.summary}
        summary_rows.append(
            (
                line.row,
                values["name"],
                STATUS_WORDS.get(line.status, line.status),
                *(values.get(c, "") for c in PLAN_COLUMNS[1:]),
                line.file or "",
            )
        )
        error_rows += [(line.row, f, m) for f, m in line.problems]
    replace_csv(folder / SUMMARY, SUMMARY_HEADER, summary_rows)
    replace_csv(folder / ERRORS, ERRORS_HEADER, error_rows)
