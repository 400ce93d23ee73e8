"""Taking a tablet out of kiosk mode on the tablet, with a staff name and password."""

from screening.desk.kiosk.models import Kiosk
from tests.desk.conftest import PASSWORD


def test_staff_end_kiosk_mode_and_are_signed_in(kiosk_client, kiosk, staff):
    response = kiosk_client.post("/kiosk/leave/", {"username": "jo", "password": PASSWORD})
    assert response.url == "/staff/"
    assert Kiosk.objects.get().ended_at is not None
    assert kiosk_client.get("/staff/").status_code == 200


def test_a_wrong_password_leaves_the_kiosk_alone(kiosk_client, kiosk, staff):
    response = kiosk_client.post("/kiosk/leave/", {"username": "jo", "password": "nope"})
    assert "do not match" in response.text and 'value="jo"' in response.text
    assert Kiosk.objects.get().ended_at is None
    assert kiosk_client.get("/staff/").status_code == 403
