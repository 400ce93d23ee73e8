"""Signing in: repeated wrong passwords lock out; signed out, every staff page sends you to
sign in; every staff page passes axe."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import DESK, Desk, assert_accessible, sign_in

STAFF_PAGES = [
    "/staff/",
    "/staff/submissions/1/",
    "/staff/kiosks/",
    "/staff/accounts/",
    "/staff/audit/",
    "/staff/settings/",
]


def test_signed_out_every_staff_page_sends_you_to_sign_in(browser: Browser, desk: Desk):
    context = browser.new_context(viewport=DESK, base_url=desk.url)
    page = context.new_page()
    for address in STAFF_PAGES:
        page.goto(address)
        expect(page).to_have_url(re.compile(r"/staff/sign-in/\?next="))
    assert_accessible(page)
    context.close()


def test_repeated_wrong_passwords_lock_out(browser: Browser, desk: Desk):
    context = browser.new_context(viewport=DESK, base_url=desk.url)
    page = context.new_page()
    for _ in range(4):
        sign_in(page, "jo", "a-wrong-guess")
        expect(page.get_by_text("That name and password do not match an account.")).to_be_visible()
    assert_accessible(page)
    sign_in(page, "jo", "a-wrong-guess")  # the fifth
    expect(page.locator("h1")).to_have_text("Too many wrong passwords")
    sign_in(page, "jo")  # even the right password, now
    expect(page.locator("h1")).to_have_text("Too many wrong passwords")
    assert_accessible(page)
    context.close()


def test_every_staff_page_passes_axe(staff_page: Page):
    staff_page.goto("/staff/kiosks/")
    staff_page.click("button:has-text('Show a pairing code')")
    assert_accessible(staff_page)
    staff_page.goto("/staff/accounts/")
    staff_page.click("button:has-text('Add the account')")  # every field refused
    expect(staff_page.locator(".error").first).to_be_visible()
    assert_accessible(staff_page)
    for address in ("/staff/", "/staff/audit/", "/staff/settings/"):
        staff_page.goto(address)
        assert_accessible(staff_page)


def test_the_kiosk_side_pages_pass_axe(browser: Browser, desk: Desk):
    context = browser.new_context(viewport={"width": 820, "height": 1180}, base_url=desk.url)
    page = context.new_page()
    for address in ("/kiosk/", "/kiosk/pair/"):
        page.goto(address)
        assert_accessible(page)
    page.fill("#code", "WRONG")
    page.click("button:has-text('Pair this tablet')")
    expect(page.locator(".error")).to_be_visible()
    assert_accessible(page)
    context.close()
