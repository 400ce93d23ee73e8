"""Shared helpers for the renderer tests: fixed runners, a fixed date, WeasyPrint log capture."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from tests.conftest import ROOT

ON = date(2026, 11, 25)
GOLDEN = Path(__file__).resolve().parent
RUNNERS = {
    "ana": ROOT / "examples" / "ana.yaml",
    "rafa-red-flag": GOLDEN / "runners" / "rafa-red-flag.yaml",
    "pat-plain": GOLDEN / "runners" / "pat-plain.yaml",
    "tom-tight": GOLDEN / "runners" / "tom-tight.yaml",
}
# One runner of each kind the clinical rules handle; `explain` for each is a golden file.
EXPLAINED = (
    "sam-teen",
    "olga-older",
    "pia-severe-pain",
    "nils-nerve",
    "remi-referred",
    "sela-self-report",
    "stan-strain",
    "lou-low-back",
    "priya-pregnant",
    "wren-warning",
    "bea-after-birth",
    "fern-pelvic-floor",
    "leo-load",
    "mara-missed-periods",
    "hugo-hamstring",
    "tia-teen-knee",
)
RUNNERS.update({name: GOLDEN / "runners" / f"{name}.yaml" for name in EXPLAINED})
INJECTED_NAME = '<img src="file:///etc/passwd"> <link rel=attachment href=file:///etc/hostname>'


def plan_for(screener, name: str):
    from screening.core.answers import load_answers

    return screener.screen(load_answers(RUNNERS[name]))


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def weasyprint_logs() -> Iterator[list[logging.LogRecord]]:
    """Collect every warning or error WeasyPrint logs inside the block."""
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)


@contextlib.contextmanager
def no_weasyprint_warnings() -> Iterator[None]:
    """Fail if WeasyPrint logs any warning or error inside the block."""
    with weasyprint_logs() as records:
        yield
    if records:
        lines = "\n".join(f"{r.levelname}: {r.getMessage()}" for r in records)
        raise AssertionError(f"WeasyPrint logged:\n{lines}")
