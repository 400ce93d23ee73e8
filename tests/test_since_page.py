"""The "Since your last visit" page of the printed plan: only when asked for, autoescaped, in
the plan's words, never naming a loaded exercise in a plan that needs a referral; and the PDF
is the same bytes for the same plan and options (no date or random id in the file)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from screening import service
from screening.core.compare import compare
from screening.render.html import render_html
from screening.render.since import LOADED_DROPPED, since_view
from tests.conftest import answers, printed_words
from tests.golden.support import ON, no_weasyprint_warnings

THEN = date(2026, 8, 3)
LIFTER = {"equipment": ["kettlebell"], "strength_experience": "confident"}


@pytest.fixture(scope="module")
def visits(screener):
    then = screener.screen(
        answers(runner=LIFTER, symptoms={"hamstring_tightness": True}, pain={"level": 6})
    )
    now = screener.screen(
        answers(runner={"name": "<b>Ana</b>"}, symptoms={"knee_pain": True}, pain={"level": 3})
    )
    return then, now


def test_the_page_is_printed_only_when_asked_for(visits):
    then, now = visits
    assert "Since your last visit" not in render_html(now, on=ON)
    html = render_html(now, on=ON, since=compare(then, now, then_on=THEN))
    words = printed_words(html)
    assert "Since your last visit" in words and "3 August 2026" in words
    assert "6 out of 10" in words and "3 out of 10" in words
    assert "Knee pain" in words and "Tight hamstrings" in words


def test_what_the_page_holds_is_autoescaped(screener):
    marked = {"name": '<img src="file:///etc/passwd">'}
    then = screener.screen(answers(runner=marked))
    now = screener.screen(answers(runner=marked, symptoms={"knee_pain": True}))
    html = render_html(now, on=ON, since=compare(then, now, then_on=THEN))
    assert "<img src" not in html and "&lt;img src=" in html


def test_a_plan_now_needing_a_referral_names_no_dropped_lift(screener):
    then = screener.screen(answers(runner=LIFTER, symptoms={"short_stride": True}))
    now = screener.screen(answers(runner=LIFTER, red_flags={"chest_pain": True}))
    lifts = [i.name for i in then.routine if i.kind == "strength" or "loaded" in i.tags]
    assert lifts, "the earlier plan should have a lift for this test to mean anything"
    view = since_view(compare(then, now))
    dropped = next(b for b in view.routine if b.kind == "gone").items
    assert LOADED_DROPPED in dropped and not set(lifts) & set(dropped)
    words = printed_words(render_html(now, on=ON, since=compare(then, now)))
    for lift in lifts:
        assert lift not in words


def test_the_printed_page_has_its_own_page_with_the_comparison(visits):
    then, now = visits
    options = service.look("Riverside Physio", "a4", ON, compare(then, now, then_on=THEN))
    with no_weasyprint_warnings():
        pdf = service.render(now, "pdf", options)
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]
    (page,) = [p for p in pages if "Since your last visit" in p]
    assert pages.index(page) == 1  # right after the first page
    assert "3 August 2026" in page and "Knee pain" in page
    assert "Routine" not in page.split("Since your last visit")[0]


def test_the_same_plan_prints_the_same_bytes_with_no_date_or_id_in_the_file(visits):
    then, now = visits
    options = service.look("Riverside Physio", "letter", ON, compare(then, now, then_on=THEN))
    first = service.render(now, "pdf", options)
    assert service.render(now, "pdf", options) == first
    info = PdfReader(io.BytesIO(first))
    assert not {"/CreationDate", "/ModDate"} & set(info.metadata or {})
    assert "/ID" not in info.trailer
