"""Clinic records in a real browser: a returning client's two visits matched to one record
(the second shown as a possible duplicate for staff to decide), reprints that are the first
print byte for byte, the record's history with its comparison, and the printed "Since your
last visit" page; a backup of the running desk, and a restore refused while it runs."""

from __future__ import annotations

import re
import stat
import subprocess
import sys

from playwright.sync_api import Page, expect

from tests.browser.conftest import Desk, assert_accessible, fill_client
from tests.conftest import pdf_text
from tests.places import clean_env

NAME = "Rosa Returning"


def fetch(page: Page, href: str) -> bytes:
    response = page.context.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    return response.body()


def open_visit(staff_page: Page, index: int) -> None:
    staff_page.goto("/staff/")
    staff_page.locator("tr", has_text=NAME).nth(index).get_by_role("link").click()


def test_a_returning_client_is_matched_reprinted_and_compared(tablet: Page, staff_page: Page):
    fill_client(tablet, NAME, symptoms=("Tight hamstrings", "short or choppy"), pain="6")
    tablet.goto("/kiosk/")
    fill_client(tablet, NAME, symptoms=("Knee pain", "short or choppy"), pain="2")

    open_visit(staff_page, 0)  # the first visit: no record yet
    expect(staff_page.get_by_text("No record has this name and date of birth.")).to_be_visible()
    assert_accessible(staff_page)
    staff_page.get_by_role("button", name="New client record").click()
    expect(staff_page.locator(".message.success")).to_contain_text("Screening added to record")
    number = re.search(r"record (\d+)", staff_page.inner_text(".message.success")).group(1)
    print_href = staff_page.get_by_role("link", name="Print the plan (PDF)").get_attribute("href")
    first_print = fetch(staff_page, print_href)

    open_visit(staff_page, 1)  # the second visit: the same name and date of birth
    duplicate = staff_page.locator(".duplicate")
    expect(duplicate).to_contain_text("Possible duplicate")
    expect(duplicate).to_contain_text(f"Record {number}: {NAME}")
    assert_accessible(staff_page)
    duplicate.get_by_role("button", name=f"Same person: add to record {number}").click()
    expect(staff_page.locator(".record")).to_contain_text(f"In record {number}: {NAME}")
    since_link = staff_page.get_by_role("link", name="Print with “Since your last visit”")
    since_print = fetch(staff_page, since_link.get_attribute("href"))
    words = pdf_text(since_print)
    assert "Since your last visit" in words and NAME in words
    assert "6 out of 10" in words and "2 out of 10" in words and "Knee pain" in words

    staff_page.get_by_role("link", name=f"record {number}").click()
    expect(staff_page.locator("h1")).to_have_text(NAME)
    expect(staff_page.locator(".history tbody tr")).to_have_count(2)
    since = staff_page.locator("section.since")
    expect(since).to_contain_text("New since last time")
    expect(since).to_contain_text("Knee pain")
    expect(since).to_contain_text("No longer reported")
    expect(since).to_contain_text("Tight hamstrings")
    assert_accessible(staff_page)

    # reprints, from the history page and the first visit's page: the very same bytes
    again = staff_page.get_by_role(
        "link", name="Print the latest plan with “Since your last visit”"
    )
    assert fetch(staff_page, again.get_attribute("href")) == since_print
    assert fetch(staff_page, print_href) == first_print

    for address in (f"/staff/clients/?name={NAME.split()[1]}", "/staff/export/"):
        staff_page.goto(address)
        assert_accessible(staff_page)
    staff_page.goto(f"/staff/clients/{number}/edit/")
    assert_accessible(staff_page)
    staff_page.goto(f"/staff/clients/{number}/erase/")
    expect(staff_page.locator("h1")).to_have_text(f"Erase record {number}")
    assert_accessible(staff_page)


def test_the_running_desk_is_backed_up_and_a_restore_is_refused(desk: Desk, tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "screening", "desk", *args, *desk.place.args]
        return subprocess.run(command, capture_output=True, text=True, timeout=60, env=clean_env())

    copy = tmp_path / "backup"
    made = run("backup", str(copy))
    assert made.returncode == 0 and made.stdout.startswith("Backed up "), made.stderr
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    refused = run("restore", str(copy))
    assert refused.returncode == 2
    assert refused.stderr == (
        f"error: a desk is running on {desk.place.shown}: stop every desk that uses it (Ctrl-C "
        "where each runs), then restore\n"
    )
