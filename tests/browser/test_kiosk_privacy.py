"""What the next client can see: after the reset or a send, Back shows nothing of the previous
client; a kiosk gets no record, print or staff page whatever the address."""

from __future__ import annotations

import sqlite3

from playwright.sync_api import Page, expect

from tests.browser.conftest import Desk, about_you, assert_accessible, fill_client, go_back
from tests.desk.test_access import STAFF_PAGES

STAFF_ADDRESSES = [*STAFF_PAGES, "/staff/sign-in/"]


def test_after_start_again_back_shows_nothing_of_the_previous_client(tablet: Page):
    about_you(tablet, "Previous Client")
    tablet.click("button:has-text('Start again and clear every answer')")
    expect(tablet.get_by_text("The previous answers were cleared.")).to_be_visible()
    for _ in range(3):
        go_back(tablet)
        assert "Previous Client" not in tablet.content()
        assert tablet.locator("#f-runner-name").count() == 0
    assert tablet.evaluate("() => localStorage.length + sessionStorage.length") == 0


def test_after_sending_back_shows_nothing_either(tablet: Page):
    fill_client(tablet, "Sent Client")
    for _ in range(3):
        go_back(tablet)
        assert "Sent Client" not in tablet.content()
    tablet.goto("/kiosk/")
    about_you(tablet, "Next Client")  # and the next client's form starts empty
    go_back(tablet)
    assert tablet.input_value("#f-runner-name") == "Next Client"  # their own, kept server-side


def test_a_kiosk_gets_no_record_at_any_staff_address(tablet: Page, desk: Desk):
    fill_client(tablet, "Hidden Record")
    with sqlite3.connect(desk.data / "desk.sqlite3") as db:
        pk = db.execute("select max(id) from kiosk_submission").fetchone()[0]
    for address in STAFF_ADDRESSES:
        url = address.format(pk=pk)
        response = tablet.context.request.get(url, max_redirects=0)
        assert response.status in (403, 404), url
        assert "Hidden Record" not in response.text()
    tablet.goto(f"/staff/submissions/{pk}/")
    expect(tablet.locator("h1")).to_have_text("This page is not available here")
    assert_accessible(tablet)


def test_a_form_without_its_csrf_token_is_refused(tablet: Page, staff_page: Page):
    assert tablet.context.request.post("/kiosk/start/").status == 403
    refused = staff_page.context.request.post("/staff/sign-out/")
    assert refused.status == 403 and "security check" in refused.text()
    staff_page.goto("/staff/")
    expect(staff_page.locator("h1")).to_have_text("Queue")  # still signed in
