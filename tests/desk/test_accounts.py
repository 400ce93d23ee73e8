"""Accounts (admins only): add staff or admins with a checked password, disable and enable."""

from django.test import Client

from screening.desk.staff.models import Account, AuditEntry
from tests.desk.conftest import PASSWORD

NEW = {
    "username": "kim",
    "role": "staff",
    "password1": "another-long-password",
    "password2": "another-long-password",
}


def test_an_admin_adds_an_account(admin_client):
    assert admin_client.post("/staff/accounts/", NEW).url == "/staff/accounts/"
    kim = Account.objects.get(username="kim")
    assert kim.role == "staff" and kim.check_password("another-long-password")
    assert kim.password.startswith("md5$")  # the tests' fast hasher; the desk uses Argon2
    assert AuditEntry.objects.filter(action="account-add", target="account kim (staff)").exists()


def test_bad_input_is_explained_beside_each_field_and_kept(admin_client):
    html = admin_client.post(
        "/staff/accounts/", {**NEW, "username": "sam", "password2": "different-password"}
    ).text
    assert "There is already an account with this name." in html
    assert "The two passwords are not the same." in html
    short = admin_client.post(
        "/staff/accounts/", {**NEW, "password1": "short", "password2": "short"}
    )
    assert "too short" in short.text and 'value="kim"' in short.text


def test_disabling_an_account_ends_its_sessions(admin_client, staff):
    other = Client()
    other.force_login(staff)
    admin_client.post(f"/staff/accounts/{staff.pk}/active/", {"active": "0"})
    staff.refresh_from_db()
    assert not staff.is_active and other.get("/staff/").status_code == 302
    assert (
        Client().post("/staff/sign-in/", {"username": "jo", "password": PASSWORD}).status_code
        == 200
    )
    admin_client.post(f"/staff/accounts/{staff.pk}/active/", {"active": "1"})
    staff.refresh_from_db()
    assert staff.is_active
    assert AuditEntry.objects.filter(action="account-disable").exists()


def test_an_admin_cannot_disable_themselves(admin_client, admin):
    admin_client.post(f"/staff/accounts/{admin.pk}/active/", {"active": "0"})
    admin.refresh_from_db()
    assert admin.is_active


def test_staff_cannot_add_accounts(staff_client):
    assert staff_client.post("/staff/accounts/", NEW).status_code == 403
    assert not Account.objects.filter(username="kim").exists()
