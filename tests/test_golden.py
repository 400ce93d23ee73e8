"""Golden files for fixed runners on a fixed date: the printed plan's HTML, the plan's JSON
(a public contract) and the `explain` text a reviewer reads for one runner of each kind the
clinical rules handle. Update on purpose only:

UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from screening.render import render_json
from screening.render.explain import explain_plan
from screening.render.html import render_html
from tests.golden.support import EXPLAINED, GOLDEN, ON, plan_for

CASES = {
    "ana": {"clinic": "Riverside Physio"},
    "rafa-red-flag": {},
    "pat-plain": {"paper": "letter"},
}


def check_golden(path: Path, text: str) -> None:
    """Compare `text` with the golden file at `path` (or rewrite it with UPDATE_GOLDEN=1)."""
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
        pytest.skip(f"rewrote {path.name}")
    assert path.is_file(), f"no golden file yet: run with UPDATE_GOLDEN=1 to create {path.name}"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), text.splitlines(True), "golden", "now", n=2
            )
        )
        pytest.fail(f"{path.name} differs (UPDATE_GOLDEN=1 to accept):\n{diff[:4000]}")


@pytest.mark.parametrize("name", sorted(CASES))
def test_plan_html_matches_golden(screener, name):
    html = render_html(plan_for(screener, name), on=ON, for_print=True, **CASES[name])
    check_golden(GOLDEN / f"{name}.html", html)


@pytest.mark.parametrize("name", sorted(CASES))
def test_plan_json_matches_golden(screener, name):
    check_golden(GOLDEN / f"{name}.json", render_json(plan_for(screener, name)))


@pytest.mark.parametrize("name", EXPLAINED)
def test_explain_matches_golden(screener, name):
    check_golden(GOLDEN / "explain" / f"{name}.txt", explain_plan(plan_for(screener, name)))
