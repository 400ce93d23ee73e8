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
from screening.render.since import LOADED_DROPPED, NOT_REPORTED, since_view
from screening.render.view import told_us
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


def test_the_other_answers_then_and_now_are_rows_in_the_plans_words(screener):
    """Where it hurts, distance, past injuries and pregnancy: a row when reported at either
    visit, the words those of "What you told us", unchanged rows marked so."""
    then = screener.screen(
        answers(
            symptoms={"shin_splints": True},
            pain={"level": 3, "sites": ["shin"]},
            training={"weekly_km": 20, "weekly_km_before": 20},
            history={"last_injury": "under_3_months"},
        )
    )
    now = screener.screen(
        answers(
            runner={"name": "Ana", "age": 31},
            symptoms={"shin_splints": True},
            pain={"level": 2, "sites": ["shin", "calf"]},
            training={"weekly_km": 20, "weekly_km_before": 20},
            pregnancy={"status": "pregnant", "weeks": 12},
        )
    )
    rows = {r.label: r for r in since_view(compare(then, now)).rows}
    told = {t.label: t.text for t in told_us(now)}
    assert rows["Where it hurts"].then == "The shin"
    assert rows["Where it hurts"].now == "The shin; the calf" == "T" + told["Where it hurts"][1:]
    assert rows["Where it hurts"].changed
    assert rows["Weekly distance"].then == rows["Weekly distance"].now == told["Weekly distance"]
    assert not rows["Weekly distance"].changed
    assert rows["Past injuries"].now == NOT_REPORTED and rows["Past injuries"].changed
    assert rows["Past injuries"].then == "Last running injury less than 3 months ago"
    assert rows["Pregnancy"].then == NOT_REPORTED and rows["Pregnancy"].now == "Pregnant, 12 weeks"
    labels = list(rows)
    assert labels.index("How much it hurts") < labels.index("Where it hurts")
    assert labels.index("Pregnancy") < labels.index("Flexibility")
    html = render_html(now, on=ON, since=compare(then, now, then_on=THEN))
    assert "Pregnant, 12 weeks" in printed_words(html)


def test_a_runner_who_never_reported_the_other_answers_gets_no_rows_for_them(visits):
    then, now = visits
    labels = {r.label for r in since_view(compare(then, now)).rows}
    assert not labels & {"Where it hurts", "Weekly distance", "Past injuries", "Pregnancy"}
