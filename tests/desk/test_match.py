"""Matching a submission to a client record: a new record, or an existing one. Nothing is
overwritten silently: a matched submission stays where it is, a record keeps its own name and
date of birth, and a possible duplicate (same name and date of birth) needs a person to say
they are different people. Every match is audited."""

from datetime import date

import pytest

from screening.desk.kiosk.models import Submission
from screening.desk.records.models import Client as Record
from screening.desk.staff.models import AuditEntry
from tests.desk.conftest import record, submit


def match(browser, sub, **data):
    return browser.post(f"/staff/submissions/{sub.pk}/match/", data)


def test_a_new_record_takes_the_submissions_name_and_date_of_birth(staff_client, staff):
    sub = submit("María López")
    response = match(staff_client, sub, action="new")
    assert response.status_code == 302 and response.url == f"/staff/submissions/{sub.pk}/"
    made = Record.objects.get()
    assert (made.name, made.date_of_birth, made.created_by) == (
        "María López",
        sub.date_of_birth,
        staff,
    )
    assert made.name_key == "maria lopez"
    sub.refresh_from_db()
    assert sub.client == made
    actions = list(
        AuditEntry.objects.exclude(action="sign-in").order_by("id").values_list("action", "target")
    )
    assert actions == [
        ("record-add", f"record {made.pk}"),
        ("record-match", f"submission {sub.pk} into record {made.pk}"),
    ]


def test_a_submission_goes_into_an_existing_record_which_keeps_its_own_name(staff_client):
    existing = record("Ana López", date(1990, 1, 2))
    sub = submit("ana lopez", date_of_birth=date(1990, 1, 2))
    match(staff_client, sub, client=existing.pk)
    sub.refresh_from_db()
    existing.refresh_from_db()
    assert sub.client == existing
    assert (existing.name, sub.name) == ("Ana López", "ana lopez")  # neither overwritten
    html = staff_client.get(f"/staff/submissions/{sub.pk}/").text
    assert f"record {existing.pk}</a>: Ana López" in html and "the record keeps its own" in html


def test_a_possible_duplicate_is_not_made_a_second_record_without_a_person_deciding(staff_client):
    existing = record("Ana Lopez")
    sub = submit("ANA  LÓPEZ")  # the same name, as a receptionist reads it
    response = match(staff_client, sub, action="new")
    assert response.status_code == 302
    assert Record.objects.count() == 1 and Submission.objects.get().client is None
    html = staff_client.get(response.url).text
    assert f"Record {existing.pk} has the same name and date of birth" in html
    match(staff_client, sub, action="new", different="1")
    assert Record.objects.count() == 2
    sub.refresh_from_db()
    assert sub.client != existing


def test_a_matched_submission_is_never_moved_silently(staff_client):
    first, second = record("Ana Lopez"), record("Ana Lopez", date(1980, 1, 1))
    sub = submit(client=first)
    response = match(staff_client, sub, client=second.pk)
    sub.refresh_from_db()
    assert sub.client == first
    html = staff_client.get(response.url).text
    assert f"already in record {first.pk}: nothing was changed" in html
    match(staff_client, sub, action="new", different="1")
    assert Record.objects.count() == 2 and not AuditEntry.objects.filter(action="record-match")


def test_an_unknown_record_is_404(staff_client):
    sub = submit()
    assert match(staff_client, sub, client="999").status_code == 404
    assert match(staff_client, sub, client="x").status_code == 404
    assert Submission.objects.get().client is None


def test_matching_is_a_post(staff_client):
    sub = submit()
    assert staff_client.get(f"/staff/submissions/{sub.pk}/match/").status_code == 405


def test_signed_out_it_sends_you_to_sign_in(client):
    sub = submit()
    response = match(client, sub, action="new")
    assert response.status_code == 302 and response.url.startswith("/staff/sign-in/")
    assert not Record.objects.exists()


def test_a_kiosk_cannot_match(kiosk_client):
    sub = submit()
    assert match(kiosk_client, sub, action="new").status_code == 403
    assert not Record.objects.exists()


@pytest.mark.parametrize("role_client", ["staff_client", "admin_client"])
def test_staff_and_admins_both_match(request, role_client):
    sub = submit()
    match(request.getfixturevalue(role_client), sub, action="new")
    assert Submission.objects.get().client is not None
