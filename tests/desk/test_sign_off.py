"""Signing off a referral: who, when, a note; it also marks the submission reviewed."""

from screening.desk.staff.models import AuditEntry
from tests.desk.conftest import submit


def test_a_referral_is_signed_off_and_reviewed(staff_client, staff):
    sub = submit(red_flags=("dizziness",))
    staff_client.post(f"/staff/submissions/{sub.pk}/sign-off/", {"note": "Referred to Dr Lee"})
    sub.refresh_from_db()
    assert sub.signed_off_by == staff and sub.sign_off_note == "Referred to Dr Lee"
    assert sub.reviewed_by == staff
    assert AuditEntry.objects.filter(action="sign-off").exists()
    assert "Signed off by jo" in staff_client.get(f"/staff/submissions/{sub.pk}/").text


def test_there_is_nothing_to_sign_off_without_a_referral(staff_client):
    sub = submit()
    assert staff_client.post(f"/staff/submissions/{sub.pk}/sign-off/").status_code == 403
    sub.refresh_from_db()
    assert sub.signed_off_at is None
