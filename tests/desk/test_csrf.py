"""A form posted without its CSRF token is refused and changes nothing."""

from django.test import Client

from screening.desk.kiosk.models import Submission
from tests.desk.conftest import PASSWORD, submit


def test_sign_in_without_a_token_is_refused(staff):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/staff/sign-in/", {"username": "jo", "password": PASSWORD})
    assert response.status_code == 403 and "security check" in response.text
    assert client.get("/staff/").status_code == 302


def test_marking_reviewed_without_a_token_is_refused(staff):
    sub = submit()
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    assert client.post(f"/staff/submissions/{sub.pk}/review/").status_code == 403
    sub.refresh_from_db()
    assert sub.reviewed_at is None


def test_a_kiosk_page_without_a_token_is_refused(kiosk):
    client = Client(enforce_csrf_checks=True)
    client.cookies["desk_kiosk"] = kiosk[1]
    assert client.post("/kiosk/start/").status_code == 403
    assert not Submission.objects.exists()
