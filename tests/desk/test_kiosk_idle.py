"""The server's own idle wipe: a kiosk session expires `DESK_IDLE_WIPE` seconds after the last
request, its row is deleted by the sweep, and "I am still here" keeps it alive."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone

from screening.desk.kiosk import idle
from tests.desk.test_kiosk_page import ABOUT


def expire_now(client):
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )


def test_the_session_expires_after_the_idle_limit(kiosk_client, settings):
    kiosk_client.post("/kiosk/start/")
    kiosk_client.post("/kiosk/page/1/", ABOUT)
    session = Session.objects.get(session_key=kiosk_client.session.session_key)
    left = (session.expire_date - timezone.now()).total_seconds()
    assert settings.DESK_IDLE_WIPE - 5 < left <= settings.DESK_IDLE_WIPE


def test_after_the_idle_limit_nothing_entered_is_shown_or_kept(kiosk_client):
    kiosk_client.post("/kiosk/start/")
    kiosk_client.post("/kiosk/page/1/", ABOUT)
    expire_now(kiosk_client)
    assert kiosk_client.get("/kiosk/page/1/").url == "/kiosk/"
    assert kiosk_client.post("/kiosk/page/2/", {"symptoms": []}).url == "/kiosk/?cleared=1"
    assert idle.sweep() >= 1
    assert not any("Ana" in str(s.get_decoded()) for s in Session.objects.all())


def test_still_here_keeps_the_answers_for_another_spell(kiosk_client):
    kiosk_client.post("/kiosk/start/")
    assert kiosk_client.post("/kiosk/still-here/").status_code == 204
    expire_now(kiosk_client)
    assert kiosk_client.post("/kiosk/still-here/").status_code == 410


def test_the_wipe_clears_at_once(kiosk_client):
    kiosk_client.post("/kiosk/start/")
    kiosk_client.post("/kiosk/page/1/", ABOUT)
    assert kiosk_client.post("/kiosk/reset/").url == "/kiosk/?cleared=1"
    assert kiosk_client.get("/kiosk/page/1/").url == "/kiosk/"
    assert "cleared" in kiosk_client.get("/kiosk/?cleared=1").text
