"""Erasure, for admins, once they type the record's number: the record, its screenings, their
printed PDFs, unmatched submissions confirmed as the client's, and whatever sessions hold about
them are gone; the audit log says who erased which record number, never the client's name."""

import json

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.session import SessionStorage
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import RequestFactory

from screening.desk.kiosk.models import Submission
from screening.desk.records.models import Client as Record
from screening.desk.records.models import Printout
from screening.desk.staff.models import AuditEntry
from tests.desk.conftest import given, record, submit

NAME = "Ana López"


@pytest.fixture
def ana():
    """A record with two screenings (one printed), a stray submission perhaps hers, and
    someone else's."""
    client = record(NAME)
    first = submit(NAME, client=client)
    submit(NAME, client=client, red_flags=("chest_pain",))
    Printout.objects.create(
        submission=first, pdf=b"%PDF- Ana", sha256="x", paper="a4", dated=first.received_at
    )
    stray = submit("ana lopez")  # in no record: perhaps hers
    other = submit("Someone Else")
    return client, stray, other


def session_with(data: dict) -> str:
    store = SessionStore()
    store.update(data)
    store.create()
    return store.session_key


def erase(browser, client, **data):
    return browser.post(f"/staff/clients/{client.pk}/erase/", data)


def test_erasure_removes_the_client_everywhere_and_says_only_the_number(admin_client, admin, ana):
    client, stray, other = ana
    typing = session_with({"intake": {"answers": given(NAME), "dob": "1992-05-03"}})
    waiting = session_with(
        {"_auth_user_id": str(admin.pk), "_messages": _messages(f"{NAME}: marked reviewed.")}
    )
    unrelated = session_with({"intake": {"answers": given("Someone Else")}})
    assert Printout.objects.count() == 1

    page = admin_client.get(f"/staff/clients/{client.pk}/erase/").text
    assert f"Submission {stray.pk}" in page and "2 screenings" in page
    response = erase(admin_client, client, confirm=str(client.pk), unmatched=[stray.pk])
    assert response.status_code == 302 and response.url == "/staff/clients/"

    assert not Record.objects.exists() and not Printout.objects.exists()
    assert list(Submission.objects.all()) == [other]
    assert not Session.objects.filter(session_key=typing).exists()  # only her answers were in it
    kept = Session.objects.get(session_key=waiting).get_decoded()
    assert kept == {"_auth_user_id": str(admin.pk)}  # still signed in, the message gone
    assert Session.objects.filter(session_key=unrelated).exists()

    entry = AuditEntry.objects.get(action="erase")
    assert entry.account == admin
    assert entry.target == (
        f"record {client.pk} (2 screenings, 1 printed plans, 1 unmatched submissions, 2 sessions)"
    )
    for row in AuditEntry.objects.values_list("target", "username"):
        assert "Ana" not in json.dumps(row, ensure_ascii=False)


def test_an_unmatched_submission_left_unticked_is_kept(admin_client, ana):
    client, stray, _ = ana
    erase(admin_client, client, confirm=str(client.pk))
    assert Submission.objects.filter(pk=stray.pk).exists()


def test_a_wrong_number_erases_nothing(admin_client, ana):
    client, _, _ = ana
    response = erase(admin_client, client, confirm=str(client.pk + 1))
    assert response.status_code == 200 and "nothing was erased" in response.text
    assert Record.objects.exists() and Printout.objects.exists()
    assert not AuditEntry.objects.filter(action="erase").exists()


def test_another_records_submission_cannot_be_slipped_in(admin_client, ana):
    client, _, other = ana
    response = erase(admin_client, client, confirm=str(client.pk), unmatched=[other.pk])
    assert response.status_code == 200  # not a choice offered: refused
    assert Record.objects.exists() and Submission.objects.filter(pk=other.pk).exists()


def test_staff_cannot_erase(staff_client, ana):
    client, _, _ = ana
    assert staff_client.get(f"/staff/clients/{client.pk}/erase/").status_code == 403
    assert erase(staff_client, client, confirm=str(client.pk)).status_code == 403
    assert Record.objects.exists()


def test_signed_out_or_on_a_kiosk_nothing_is_erased(client, kiosk_client, ana):
    rec, _, _ = ana
    signed_out = erase(client, rec, confirm=str(rec.pk))
    assert signed_out.status_code == 302 and signed_out.url.startswith("/staff/sign-in/")
    assert erase(kiosk_client, rec, confirm=str(rec.pk)).status_code == 403
    assert Record.objects.exists()


def _messages(text: str) -> str:
    """A message waiting in a session, stored as Django's session message storage keeps it."""
    request = RequestFactory().get("/")
    request.session = {}
    storage = SessionStorage(request)
    storage.add(constants.SUCCESS, text)
    storage.update(None)
    return request.session[storage.session_key]
