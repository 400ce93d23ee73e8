"""Who reaches which staff page: signed out, every one sends you to sign in; a kiosk gets 403
at every one, even with a record's address; admin pages refuse staff."""

import pytest

from tests.desk.conftest import submit

STAFF_PAGES = [
    "/staff/",
    "/staff/submissions/{pk}/",
    "/staff/submissions/{pk}/print/",
    "/staff/kiosks/",
    "/staff/accounts/",
    "/staff/audit/",
    "/staff/settings/",
    "/staff/clients/",
    "/staff/export/",
    "/staff/audit/export.csv",
]
STAFF_ACTIONS = [
    "/staff/submissions/{pk}/review/",
    "/staff/submissions/{pk}/sign-off/",
    "/staff/kiosks/1/end/",
    "/staff/accounts/1/active/",
    "/staff/submissions/{pk}/match/",
]
ADMIN_PAGES = ["/staff/accounts/", "/staff/audit/", "/staff/settings/", "/staff/audit/export.csv"]


@pytest.fixture
def pk():
    return submit(red_flags=("chest_pain",)).pk


@pytest.mark.parametrize("address", STAFF_PAGES)
def test_signed_out_every_staff_page_sends_you_to_sign_in(client, pk, address):
    url = address.format(pk=pk)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/staff/sign-in/?next=")


@pytest.mark.parametrize("address", STAFF_ACTIONS)
def test_signed_out_no_staff_action_does_anything(client, pk, address):
    response = client.post(address.format(pk=pk))
    assert response.status_code == 302 and response.url.startswith("/staff/sign-in/")


@pytest.mark.parametrize("address", STAFF_PAGES)
def test_a_kiosk_gets_nothing_at_any_staff_page(kiosk_client, pk, address):
    response = kiosk_client.get(address.format(pk=pk))
    assert response.status_code == 403
    assert "Ana Lopez" not in response.text


@pytest.mark.parametrize("address", STAFF_ACTIONS)
def test_a_kiosk_can_do_no_staff_action(kiosk_client, pk, address):
    assert kiosk_client.post(address.format(pk=pk)).status_code == 403


def test_a_kiosk_stays_refused_even_with_a_staff_session(kiosk_client, staff, pk):
    kiosk_client.force_login(staff)
    assert kiosk_client.get(f"/staff/submissions/{pk}/").status_code == 403


@pytest.mark.parametrize("address", ADMIN_PAGES)
def test_staff_cannot_open_admin_pages(staff_client, address):
    assert staff_client.get(address).status_code == 403


@pytest.mark.parametrize("address", ADMIN_PAGES)
def test_admins_can(admin_client, address):
    assert admin_client.get(address).status_code == 200
