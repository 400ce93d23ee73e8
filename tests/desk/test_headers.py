"""Every page is kept out of caches, has a content security policy without inline script or
style, and refuses framing; the kiosk's form turns the browser's autofill off."""

import re

import pytest

from tests.desk.conftest import submit


@pytest.mark.parametrize("address", ["/kiosk/", "/staff/sign-in/", "/kiosk/pair/"])
def test_pages_are_never_stored(client, kiosk_client, address):
    response = (kiosk_client if address == "/kiosk/" else client).get(address)
    assert "no-store" in response["Cache-Control"]
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"


def test_the_submission_page_is_never_stored(staff_client):
    response = staff_client.get(f"/staff/submissions/{submit().pk}/")
    assert "no-store" in response["Cache-Control"]


def test_no_page_has_inline_script_or_style(kiosk_client):
    kiosk_client.post("/kiosk/start/")
    html = kiosk_client.get("/kiosk/page/1/").text
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/desk/desk.js" defer>']
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)  # no event-handler attributes


def test_the_questionnaire_form_has_autocomplete_off(kiosk_client):
    kiosk_client.post("/kiosk/start/")
    html = kiosk_client.get("/kiosk/page/1/").text
    assert '<form method="post" action="/kiosk/page/1/" autocomplete="off"' in html
    for tag in re.findall(r'<input type="text"[^>]*>', html):
        assert 'autocomplete="off"' in tag
