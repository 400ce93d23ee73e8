"""The server's own guarantees, each on a desk of its own: the idle warning and wipe (with
short limits), and a submission acknowledged to the client surviving `kill -9`."""

from __future__ import annotations

import signal
import sqlite3
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import DESK, TABLET, Desk, fill_client, pair, sign_in, start_desk


@pytest.fixture(scope="module")
def quick_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """A desk that warns an idle kiosk after 2 seconds and wipes it after 5."""
    running = start_desk(
        tmp_path_factory.mktemp("quick"),
        SCREENING_DESK_IDLE_WARNING="2",
        SCREENING_DESK_IDLE_WIPE="5",
    )
    yield running
    running.stop()


def kiosk_and_staff(browser: Browser, desk: Desk, *, javascript: bool = True):
    staff = browser.new_context(viewport=DESK, base_url=desk.url)
    staff_page = staff.new_page()
    sign_in(staff_page, "sam")
    tablet = browser.new_context(viewport=TABLET, base_url=desk.url, java_script_enabled=javascript)
    tablet_page = tablet.new_page()
    pair(staff_page, tablet_page)
    return staff, tablet, tablet_page


def first_page(page, name: str) -> None:
    page.click("button:has-text('Start')")
    page.fill("#f-runner-name", name)
    page.fill("#f-runner-age", "30")
    page.fill("#dob-day", "9")
    page.fill("#dob-month", "9")
    page.fill("#dob-year", "1996")
    page.check("label:has-text('No, or not in years')")
    page.click("button:has-text('Continue')")


def test_an_idle_kiosk_warns_then_wipes_everything(browser: Browser, quick_desk: Desk):
    staff, tablet, page = kiosk_and_staff(browser, quick_desk)
    first_page(page, "Idle Client")
    expect(page.locator("#idle-warning")).to_be_visible(timeout=4000)
    expect(page.get_by_text("Are you still there?")).to_be_visible()
    expect(page).to_have_url(quick_desk.url + "/kiosk/?cleared=1", timeout=8000)
    page.go_back()
    assert "Idle Client" not in page.content()
    staff.close()
    tablet.close()


def test_still_here_keeps_the_answers(browser: Browser, quick_desk: Desk):
    staff, tablet, page = kiosk_and_staff(browser, quick_desk)
    first_page(page, "Busy Client")
    expect(page.locator("#idle-warning")).to_be_visible(timeout=4000)
    page.click("#still-here")
    expect(page.locator("#idle-warning")).to_be_hidden()
    page.go_back()
    assert page.input_value("#f-runner-name") == "Busy Client"
    staff.close()
    tablet.close()


def test_without_script_the_server_still_wipes_an_idle_kiosk(browser: Browser, quick_desk: Desk):
    staff, tablet, page = kiosk_and_staff(browser, quick_desk, javascript=False)
    first_page(page, "Slow Client")
    assert page.url.endswith("/kiosk/page/2/")
    time.sleep(6)  # longer than the server's idle limit
    page.click("button:has-text('Continue')")
    expect(page).to_have_url(quick_desk.url + "/kiosk/?cleared=1")
    page.go_back()
    assert "Slow Client" not in page.content()
    staff.close()
    tablet.close()


def test_an_acknowledged_submission_survives_kill_9(browser: Browser, quick_desk: Desk):
    staff, tablet, page = kiosk_and_staff(browser, quick_desk)
    fill_client(page, "Durable Client")  # ends on the thank-you screen: acknowledged
    quick_desk.stop(signal.SIGKILL)
    with sqlite3.connect(quick_desk.data / "desk.sqlite3") as db:
        names = [row[0] for row in db.execute("select name from kiosk_submission")]
    assert names == ["Durable Client"]
    staff.close()
    tablet.close()
