"""Kiosks: a one-time pairing code shown on the desk, making this device a kiosk, ending one."""

import re

from screening.desk.kiosk.models import Kiosk
from screening.desk.staff.models import AuditEntry


def test_a_pairing_code_is_shown(staff_client):
    html = staff_client.post("/staff/kiosks/", {"name": "Tablet 1", "action": "code"}).text
    assert re.search(r'<p class="code"[^>]*>[A-Z2-9]{4}-[A-Z2-9]{4}</p>', html)


def test_making_this_device_a_kiosk_signs_staff_out(staff_client):
    response = staff_client.post("/staff/kiosks/", {"name": "Tablet 1", "action": "this-device"})
    assert response.url == "/kiosk/" and response.cookies["desk_kiosk"]["httponly"]
    assert Kiosk.objects.get().name == "Tablet 1"
    assert staff_client.get("/staff/").status_code == 403  # a kiosk now
    assert staff_client.get("/kiosk/").status_code == 200
    assert AuditEntry.objects.filter(action="kiosk-pair").exists()


def test_ending_a_kiosk_turns_it_back_into_a_plain_browser(staff_client, kiosk, kiosk_client):
    staff_client.post(f"/staff/kiosks/{kiosk[0].pk}/end/")
    assert kiosk_client.get("/kiosk/").status_code == 403
    assert AuditEntry.objects.filter(action="kiosk-revoke").exists()
    assert "Kiosks in use (0)" in staff_client.get("/staff/kiosks/").text
