"""Golden HTML for fixed runners on a fixed date. Update on purpose only:

UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import os

import pytest

from screening import render
from tests.golden.support import GOLDEN, ON, plan_for

CASES = {
    "ana": {"clinic": "Riverside Physio"},
    "rafa-red-flag": {},
    "pat-plain": {"paper": "letter"},
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_plan_html_matches_golden(screener, name):
    html = render.render_html(plan_for(screener, name), on=ON, for_print=True, **CASES[name])
    path = GOLDEN / f"{name}.html"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(html, encoding="utf-8")
        pytest.skip(f"rewrote {path.name}")
    assert path.is_file(), f"no golden file yet: run with UPDATE_GOLDEN=1 to create {path.name}"
    expected = path.read_text(encoding="utf-8")
    if html != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), html.splitlines(True), "golden", "now", n=2
            )
        )
        pytest.fail(f"{path.name} differs (UPDATE_GOLDEN=1 to accept):\n{diff[:4000]}")
