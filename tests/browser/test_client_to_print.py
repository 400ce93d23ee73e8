"""A client answers on a tablet-sized kiosk through to the thank-you screen; the desk shows
the submission, opens it and prints the plan; axe finds no serious problem on any page."""

from __future__ import annotations

import io
import re

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import (
    about_you,
    after_pain,
    assert_accessible,
    fill_client,
    go_back,
    go_on,
    page_url,
    up_to_pregnancy,
)


def test_a_client_answers_and_the_desk_prints_their_plan(tablet: Page, staff_page: Page):
    fill_client(tablet, "María Browser", checks=True, each_page=assert_accessible)
    expect(tablet.locator("h1")).to_have_text("Thank you")

    staff_page.goto("/staff/")
    row = staff_page.locator("tr", has_text="María Browser")
    expect(row).to_have_count(1)
    assert_accessible(staff_page)
    row.get_by_role("link", name=re.compile("Open")).click()
    expect(staff_page.locator("h1")).to_have_text("María Browser, 34")
    expect(staff_page.locator("#answers-title")).to_be_visible()
    expect(staff_page.get_by_text("Routine, in order")).to_be_visible()
    assert_accessible(staff_page)

    href = staff_page.get_by_role("link", name="Print the plan (PDF)").get_attribute("href")
    response = staff_page.context.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.body())).pages
    assert "María Browser" in " ".join(p.extract_text() for p in pages)

    staff_page.get_by_label("Note (optional)", exact=True).fill("Printed and handed over")
    staff_page.get_by_role("button", name="Mark reviewed").click()
    expect(staff_page.locator("section", has_text="Reviewed today")).to_contain_text(
        "María Browser"
    )


def test_a_red_flag_goes_to_the_top_of_the_queue_marked(tablet: Page, staff_page: Page):
    fill_client(tablet, "Pat Plain")
    tablet.goto("/kiosk/")
    fill_client(tablet, "Rafa Red", red_flags=("I get chest pain",))
    staff_page.goto("/staff/")
    rows = staff_page.locator("section", has_text="Awaiting review").locator("tbody tr")
    expect(rows.first).to_contain_text("Rafa Red")
    expect(rows.first).to_contain_text("Red flag: referral")
    assert "flagged" in (rows.first.get_attribute("class") or "")
    texts = rows.all_inner_texts()
    assert [t for t in texts if "Rafa Red" in t] and not any(
        "Red flag" in t for t in texts[texts.index(next(t for t in texts if "Pat Plain" in t)) :]
    )


def test_the_urgent_line_shows_the_moment_chest_pain_is_ticked(tablet: Page):
    about_you(tablet, "Notice Check")
    go_on(tablet)  # no symptoms
    go_on(tablet)  # nothing hurts
    after_pain(tablet)
    tablet.check("label:has-text('Skip')")
    go_on(tablet)
    urgent = tablet.locator(".notice.urgent")
    expect(urgent).to_be_hidden()
    tablet.check("label:has-text('I get chest pain')")
    expect(urgent).to_be_visible()
    expect(urgent).to_contain_text("call your local emergency number now")
    assert_accessible(tablet)


def test_a_pregnant_client_gets_the_warning_signs_box_and_its_urgent_line(tablet: Page):
    about_you(tablet, "Pregnant Client")
    go_on(tablet)  # no symptoms
    go_on(tablet)  # nothing hurts
    up_to_pregnancy(tablet)
    tablet.check("label:has-text('I am pregnant')")
    go_on(tablet)
    expect(tablet).to_have_url(re.compile(page_url("pregnancy.weeks") + "$"))
    tablet.fill("#f-pregnancy-weeks", "24")
    go_on(tablet)  # the pelvic floor starts on "No"
    expect(tablet).to_have_url(re.compile(page_url("hypermobility.ask_how") + "$"))  # no periods
    tablet.check("label:has-text('Skip')")
    go_on(tablet)
    urgent = tablet.get_by_text("call your maternity unit")
    expect(urgent).to_be_hidden()
    tablet.check("label:has-text('In this pregnancy')")
    expect(urgent).to_be_visible()
    assert_accessible(tablet)
    go_on(tablet)
    expect(tablet).to_have_url(re.compile(r"/kiosk/review/$"))


def test_the_thank_you_screen_clears_itself_after_15_seconds(tablet: Page):
    tablet.clock.install()
    fill_client(tablet, "Clock Client")
    expect(tablet.locator("#countdown")).to_have_text("15")
    tablet.clock.run_for(16_000)
    expect(tablet).to_have_url(re.compile(r"/kiosk/$"))
    go_back(tablet)
    assert "Thank you" not in tablet.content() and "Clock Client" not in tablet.content()


def test_a_page_can_be_answered_with_the_keyboard_alone(tablet: Page):
    tablet.wait_for_load_state("load")  # a loaded machine: the page may still be arriving
    tablet.evaluate("() => document.activeElement && document.activeElement.blur()")
    tablet.keyboard.press("Tab")  # the skip link first
    expect(tablet.locator(".skip")).to_be_focused()
    tablet.focus("button:has-text('Start')")
    tablet.keyboard.press("Enter")
    tablet.focus("#f-runner-name")
    tablet.keyboard.type("Kay Board")
    for text in ("34", "3", "5", "1992"):  # age, then day, month and year of birth
        tablet.keyboard.press("Tab")
        tablet.keyboard.type(text)
    tablet.keyboard.press("Tab")  # into the deadlift question
    tablet.keyboard.press("Space")  # choose its first answer
    expect(tablet.locator("#f-runner-strength_experience-1")).to_be_checked()
    tablet.keyboard.press("Enter")  # sends the page
    expect(tablet).to_have_url(re.compile(r"/kiosk/page/2/$"))
