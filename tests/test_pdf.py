"""The printed plan: its real text (pypdf), pages, paper size, and nothing fetched or attached.

Every PDF here is made inside `no_weasyprint_warnings()`: any warning WeasyPrint logs fails.
"""

from __future__ import annotations

import io
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from pypdf import PdfReader

from screening.core.resources import templates_dir
from screening.render import view
from screening.render.pdf import render_pdf
from screening.render.printer import asset_path, fetcher, image_cache, pdf_kit
from tests.conftest import answers
from tests.golden.support import (
    INJECTED_NAME,
    ON,
    no_weasyprint_warnings,
    plan_for,
    weasyprint_logs,
)

A4 = (595, 842)
LETTER = (612, 792)


def pdf_of(plan, **kwargs) -> PdfReader:
    with no_weasyprint_warnings():
        data = render_pdf(plan, on=ON, **kwargs)
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


def flat(text: str) -> str:
    """Page text with every run of white space (line breaks included) as one space."""
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def printed(screener):
    out = {}
    for name, clinic in (("ana", "Riverside Physio"), ("rafa-red-flag", None)):
        plan = plan_for(screener, name)
        reader = pdf_of(plan, clinic=clinic)
        out[name] = (plan, reader, [flat(page.extract_text()) for page in reader.pages])
    return out


def test_the_demo_plan_is_a_few_pages_plus_the_log(printed):
    _, reader, pages = printed["ana"]
    assert 3 <= len(reader.pages) <= 4
    assert "Two-week log" in pages[-1]


def test_page_one_has_name_date_clinic_and_the_quoted_disclaimer(printed):
    _, _, pages = printed["ana"]
    first = pages[0]
    assert "Ana Example" in first
    assert "25 November 2026" in first
    assert "RIVERSIDE PHYSIO" in first.upper()
    assert flat(view.DISCLAIMER) in first
    assert "Mobility for Runners" in first


def test_every_page_has_page_x_of_y_and_points_to_the_disclaimer(printed):
    for name in printed:
        _, reader, pages = printed[name]
        total = len(reader.pages)
        for number, text in enumerate(pages, start=1):
            assert f"page {number} of {total}" in text, (name, number)
            assert "see the disclaimer on page 1" in text, (name, number)


def test_later_pages_repeat_who_and_when(printed):
    _, _, pages = printed["ana"]
    for text in pages[1:]:
        assert "Ana Example" in text
        assert "25 November 2026" in text


def test_routine_items_appear_in_order(printed):
    plan, _, pages = printed["ana"]
    text = " ".join(pages)
    routine = text[text.index("Your routine") : text.index("Two-week log")]
    positions = [routine.find(item.name) for item in plan.routine]
    assert -1 not in positions
    assert positions == sorted(positions)
    for item in plan.routine:  # columns are floats, painted after the flow: search everywhere
        assert flat(item.dose) in text


def test_the_log_lists_every_exercise_twice(printed):
    plan, _, pages = printed["ana"]
    for item in plan.routine:
        assert pages[-1].count(item.name) == 2


def test_a_red_flag_plan_opens_with_the_referral_page(printed):
    plan, _, pages = printed["rafa-red-flag"]
    first = pages[0]
    assert "See a clinician before you start" in first
    assert "What to tell the clinician" in first
    assert flat(view.DISCLAIMER) in first
    assert "Your routine" not in first
    for reason in plan.referral.reasons:
        assert flat(reason.text) in first


def test_a_red_flag_plan_prints_no_loaded_exercise(printed):
    _, _, pages = printed["rafa-red-flag"]
    text = " ".join(pages)
    assert not re.search(r"(?i)deadlift|kettlebell swing", text)


def test_paper_sizes(screener):
    plan = plan_for(screener, "pat-plain")
    for paper, size in (("a4", A4), ("letter", LETTER)):
        box = pdf_of(plan, paper=paper).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == size


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_exercise_columns_sit_side_by_side(screener, paper):
    """The columns are floats: if they overflowed, "Why it is here" would drop below the dose.

    Checked directly (each column's first line on the dose's line) rather than by page count,
    which moves whenever the wording does.
    """
    plan = plan_for(screener, "tom-tight")
    reader = pdf_of(plan, paper=paper)
    doses = {item.dose[:24] for item in plan.routine}
    side_by_side = 0
    for page in reader.pages:
        runs: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, font, size, runs=runs):
            if text.strip():
                runs.append((tm[4], tm[5], text))

        page.extract_text(visitor_text=visit)
        whys = [(x, y) for x, y, text in runs if text.startswith("WHY IT IS HERE")]
        for x, y, text in runs:
            if any(text.startswith(dose) for dose in doses):
                side_by_side += any(wx > x and abs(wy - y) < 10 for wx, wy in whys)
    assert side_by_side == len(plan.routine)


def test_markup_in_the_name_is_printed_as_text_and_nothing_is_fetched(screener, monkeypatch):
    asked = []
    real = asset_path

    def spy(url):
        asked.append(url)
        return real(url)

    monkeypatch.setattr("screening.render.printer.asset_path", spy)
    plan = screener.screen(answers(runner={"name": INJECTED_NAME}))
    reader = pdf_of(plan)
    text = re.sub(r"\s+", "", reader.pages[0].extract_text())  # a long name may wrap
    assert re.sub(r"\s+", "", INJECTED_NAME) in text
    # Only the plan's own drawings were read (when not already in this thread's image cache).
    drawings = templates_dir().resolve().as_uri() + "/"
    assert all(url.startswith(drawings) and url.endswith(".svg") for url in asked), asked
    assert not [url for url in asked if "passwd" in url or "hostname" in url]
    root = reader.trailer["/Root"]
    assert "/EmbeddedFiles" not in root.get("/Names", {})
    assert "/AF" not in root
    for page in reader.pages:
        resources = page.get("/Resources", {})
        for xobject in resources.get("/XObject", {}).values():
            assert xobject.get_object().get("/Subtype") != "/Image"


def test_the_fetcher_blocks_what_markup_would_ask_for():
    """Second line of defence: even raw markup cannot read a file or attach one."""
    import weasyprint

    html = (
        '<img src="file:///etc/passwd"><link rel="attachment" href="file:///etc/hostname">'
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
    )
    with weasyprint_logs() as records:
        base = templates_dir().as_uri() + "/"
        document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher())
        data = document.write_pdf()
    refused = " ".join(r.getMessage() for r in records)
    assert "only bundled assets" in refused
    reader = PdfReader(io.BytesIO(data))
    assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {})
    assert b"root:" not in data


def test_the_stylesheet_and_fonts_are_reused_across_plans(screener):
    plan = plan_for(screener, "pat-plain")
    pdf_of(plan)
    kit = pdf_kit()
    pdf_of(plan, paper="letter")
    assert pdf_kit() is kit


def test_a_long_name_without_spaces_wraps_instead_of_running_off_the_page(screener):
    """80 characters, no space (the schema allows it): name, clinic and running header wrap."""
    name, clinic = "A" * 40 + "W" * 40, "M" * 80
    plan = screener.screen(answers(runner={"name": name}))
    reader = pdf_of(plan, clinic=clinic)
    for number in (0, 1):  # page 1: masthead; page 2: the running header
        text = reader.pages[number].extract_text()
        runs = [len(run) for run in re.findall(r"[AWM]{10,}", text)]
        assert sum(runs) >= 160, (number, runs)  # all of both names is there
        assert max(runs) <= 50, (number, runs)  # and no line holds most of one


# ---------------------------------------------------------------- names in every script

# (name, fonts the name needs besides DejaVu): the masthead sets it in serif bold, the running
# header of later pages in sans.
NAMES = {
    "Latin with accents": ("Zoë Ødegård-Ñúñez", set()),
    "Greek": ("Ελένη Παπαδοπούλου", set()),
    "Cyrillic": ("Анна Кузнецова", set()),
    "Arabic": ("فاطمة الزهراء", {"Noto-Naskh-Arabic-Bold"}),
    "Persian, with a zero-width non-joiner": (
        "مهرداد می\u200cخواهد",  # noqa: RUF001 (Arabic letters, not Latin look-alikes)
        {"Noto-Naskh-Arabic-Bold"},
    ),
    "Hebrew": ("שרה לוי", {"Noto-Serif-Hebrew-Bold"}),
    "Devanagari": ("अनन्या", {"Noto-Serif-Devanagari-Bold", "Noto-Sans-Devanagari"}),
    "Chinese": ("王秀英", {"Noto-Serif-CJK-SC-Bold", "Noto-Sans-CJK-SC"}),
    "Japanese": ("佐藤 さくら", {"Noto-Serif-CJK-SC-Bold", "Noto-Sans-CJK-SC"}),
    "Korean": ("김민준", {"Noto-Serif-CJK-SC-Bold", "Noto-Sans-CJK-SC"}),
}
DEJAVU = {"DejaVu-Sans", "DejaVu-Sans-Bold", "DejaVu-Serif", "DejaVu-Serif-Bold"}


def embedded_fonts(reader: PdfReader) -> set[str]:
    """The fonts embedded in the PDF, without their subset prefix (ABCDEF+)."""
    out = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            out.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return out


@pytest.mark.parametrize("script", NAMES)
def test_names_print_as_written_in_every_script(screener, script):
    name, fonts = NAMES[script]
    with no_weasyprint_warnings():
        data = render_pdf(screener.screen(answers(runner={"name": name})), on=ON)
    reader = PdfReader(io.BytesIO(data))
    assert embedded_fonts(reader) == DEJAVU | fonts  # subsets of the fonts the name needs
    # Read back: on page 1 (masthead) and page 2 (running header). Text extraction drops the
    # zero-width non-joiner, which is invisible; the shaping it asks for is in the picture.
    for page in reader.pages[:2]:
        assert name.replace("\u200c", "") in page.extract_text()
    assert len(data) < (300_000 if fonts else 60_000)  # subsets, not the 20 MB CJK fonts


def test_threads_printing_at_once_get_the_pdfs_they_would_alone_one_at_a_time(
    screener, monkeypatch
):
    """The desk prints from several threads, a Dask worker may run several: each gets the PDF
    it would alone, and WeasyPrint never prints two at once in one process (its fonts are not
    safe to share between threads: GLib reported a corrupted list with four threads at once).
    The drawings are parsed once per process, and only bundled files are cached."""
    import weasyprint

    names = ("ana", "rafa-red-flag", "pat-plain")
    plans = [plan_for(screener, name) for name in names]
    alone = [render_pdf(plan, on=ON) for plan in plans]
    printing, most = [0], [0]
    write_pdf = weasyprint.HTML.write_pdf

    def watched(self, *args, **kwargs):
        printing[0] += 1
        most[0] = max(most[0], printing[0])
        try:
            time.sleep(0.01)  # widen the window another thread would slip into
            return write_pdf(self, *args, **kwargs)
        finally:
            printing[0] -= 1

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", watched)
    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(lambda i: render_pdf(plans[i % len(plans)], on=ON), range(6)))
    for i, pdf in enumerate(results):
        assert pdf == alone[i % len(plans)], names[i % len(plans)]
    assert most == [1]
    bundled = templates_dir().resolve().as_uri() + "/"
    urls = sorted(image_cache())
    assert urls and all(url.startswith(bundled) and url.endswith(".svg") for url in urls)
