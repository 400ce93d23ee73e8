"""The server's own guarantees, each on a desk of its own: the idle warning and wipe (with
short limits), and a submission acknowledged to the client surviving `kill -9`."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    DESK,
    TABLET,
    Desk,
    about_you,
    fill_client,
    go_back,
    pair,
    sign_in,
    start_desk,
)


@pytest.fixture(scope="module")
def quick_desk(tmp_path_factory: pytest.TempPathFactory, places) -> Iterator[Desk]:
    """A desk that warns an idle kiosk after 2 seconds and wipes it after 5."""
    folder = tmp_path_factory.mktemp("quick")
    running = start_desk(
        folder,
        place=places(folder),
        SCREENING_DESK_IDLE_WARNING="2",
        SCREENING_DESK_IDLE_WIPE="5",
    )
    yield running
    running.stop()


@contextmanager
def kiosk(browser: Browser, desk: Desk, *, javascript: bool = True) -> Iterator[Page]:
    """A tablet paired with `desk` (by a staff member signed in on another screen)."""
    staff = browser.new_context(viewport=DESK, base_url=desk.url)
    staff_page = staff.new_page()
    sign_in(staff_page, "sam")
    tablet = browser.new_context(viewport=TABLET, base_url=desk.url, java_script_enabled=javascript)
    page = tablet.new_page()
    pair(staff_page, page)
    try:
        yield page
    finally:
        staff.close()
        tablet.close()


def test_an_idle_kiosk_warns_then_wipes_everything(browser: Browser, quick_desk: Desk):
    with kiosk(browser, quick_desk) as page:
        about_you(page, "Idle Client")
        expect(page.locator("#idle-warning")).to_be_visible(timeout=4000)
        expect(page.get_by_text("Are you still there?")).to_be_visible()
        expect(page).to_have_url(quick_desk.url + "/kiosk/?cleared=1", timeout=8000)
        go_back(page)
        assert "Idle Client" not in page.content()


def test_still_here_keeps_the_answers(browser: Browser, quick_desk: Desk):
    with kiosk(browser, quick_desk) as page:
        about_you(page, "Busy Client")
        expect(page.locator("#idle-warning")).to_be_visible(timeout=4000)
        page.click("#still-here")
        expect(page.locator("#idle-warning")).to_be_hidden()
        go_back(page)
        assert page.input_value("#f-runner-name") == "Busy Client"


def test_without_script_the_server_still_wipes_an_idle_kiosk(browser: Browser, quick_desk: Desk):
    with kiosk(browser, quick_desk, javascript=False) as page:
        about_you(page, "Slow Client")
        assert page.url.endswith("/kiosk/page/2/")
        time.sleep(6)  # longer than the server's idle limit
        page.click("button:has-text('Continue')")
        expect(page).to_have_url(quick_desk.url + "/kiosk/?cleared=1")
        go_back(page)
        assert "Slow Client" not in page.content()


def test_an_acknowledged_submission_survives_kill_9(browser: Browser, quick_desk: Desk):
    with kiosk(browser, quick_desk) as page:
        fill_client(page, "Durable Client")  # ends on the thank-you screen: acknowledged
        quick_desk.stop(signal.SIGKILL)
        names = [row[0] for row in quick_desk.place.rows("select name from kiosk_submission")]
        assert names == ["Durable Client"]


def test_over_https_sign_in_and_cookies_work(browser: Browser, tmp_path_factory, places):
    """The clinic-network setup: HTTPS with the clinic's certificate (here a self-signed one);
    the session and CSRF cookies are sent over HTTPS only, and browsers are told to keep to
    HTTPS for an hour (HSTS)."""
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "desk.key", folder / "desk.pem"
    openssl = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
    subprocess.run(
        [*openssl, "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"],
        check=True,
        capture_output=True,
    )
    desk = start_desk(folder, "--certfile", str(cert), "--keyfile", str(key), place=places(folder))
    try:
        context = browser.new_context(viewport=DESK, base_url=desk.url, ignore_https_errors=True)
        page = context.new_page()
        sign_in(page, "sam")
        expect(page.locator("h1")).to_have_text("Queue")
        cookies = {c["name"]: c for c in context.cookies()}
        assert cookies["sessionid"]["secure"] and cookies["csrftoken"]["secure"]
        assert desk.url.startswith("https://")
        response = context.request.get("/")
        assert response.headers["strict-transport-security"] == "max-age=3600"
        context.close()
    finally:
        desk.stop()
