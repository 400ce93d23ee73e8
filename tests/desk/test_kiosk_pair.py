"""Pairing a tablet with the code shown on the desk: works once, within its minutes."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from screening.desk.kiosk import pairing
from screening.desk.kiosk.models import PairingCode


def test_a_code_makes_the_tablet_a_kiosk_once(staff):
    code = pairing.new_code("Tablet 1", staff)
    tablet = Client()
    response = tablet.post("/kiosk/pair/", {"code": code.lower().replace("-", " ")})
    assert response.url == "/kiosk/" and tablet.get("/kiosk/").status_code == 200
    another = Client()
    again = another.post("/kiosk/pair/", {"code": code})
    assert again.status_code == 200 and "That code is not right" in again.text
    assert another.get("/kiosk/").status_code == 403


def test_an_expired_code_does_nothing(staff):
    code = pairing.new_code("Tablet 1", staff)
    PairingCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    tablet = Client()
    assert "That code is not right" in tablet.post("/kiosk/pair/", {"code": code}).text


def test_a_wrong_code_is_kept_to_correct(client):
    response = client.post("/kiosk/pair/", {"code": "ABCD-EFGH"})
    assert 'value="ABCD-EFGH"' in response.text and 'aria-invalid="true"' in response.text
