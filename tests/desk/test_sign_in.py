"""Signing in and out: audited, locked out after repeated wrong passwords, never on a kiosk."""

from django.test import Client

from screening.desk.staff.models import AuditEntry
from tests.desk.conftest import PASSWORD, account


def sign_in(client: Client, name: str, password: str):
    return client.post("/staff/sign-in/", {"username": name, "password": password})


def test_the_right_password_signs_in_and_is_audited(client, staff):
    response = sign_in(client, "jo", PASSWORD)
    assert response.status_code == 302 and response.url == "/staff/"
    entry = AuditEntry.objects.get(action="sign-in")
    assert entry.account == staff and entry.address == "127.0.0.1"


def test_a_wrong_password_is_refused_and_audited_with_the_name_typed(client, staff):
    response = sign_in(client, "jo", "not-the-password")
    assert response.status_code == 200
    assert "That name and password do not match an account." in response.text
    assert AuditEntry.objects.get(action="sign-in-failed").username == "jo"
    assert client.get("/staff/").status_code == 302  # still signed out


def test_repeated_wrong_passwords_lock_the_name_out_even_with_the_right_one(client, staff):
    for _ in range(5):
        sign_in(client, "jo", "guess")
    locked = sign_in(client, "jo", PASSWORD)
    assert locked.status_code == 429 and "Too many wrong passwords" in locked.text
    assert client.get("/staff/").status_code == 302
    assert AuditEntry.objects.filter(action="locked-out").exists()


def test_a_disabled_account_cannot_sign_in(client):
    account("gone", active=False)
    response = sign_in(client, "gone", PASSWORD)
    assert response.status_code == 200 and client.get("/staff/").status_code == 302


def test_a_kiosk_gets_no_sign_in_page(kiosk_client, staff):
    assert kiosk_client.get("/staff/sign-in/").status_code == 403
    assert sign_in(kiosk_client, "jo", PASSWORD).status_code == 403


def test_signing_out_is_a_post_and_is_audited(staff_client):
    assert staff_client.get("/staff/sign-out/").status_code == 405
    assert staff_client.post("/staff/sign-out/").url == "/staff/sign-in/"
    assert AuditEntry.objects.filter(action="sign-out").exists()
    assert staff_client.get("/staff/").status_code == 302
