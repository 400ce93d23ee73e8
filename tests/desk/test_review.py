"""Marking a submission reviewed: the reviewer, the time and an optional note; audited."""

from screening.desk.staff.models import AuditEntry
from tests.desk.conftest import submit


def test_marking_reviewed_records_who_and_the_note(staff_client, staff):
    sub = submit()
    response = staff_client.post(f"/staff/submissions/{sub.pk}/review/", {"note": "Called back"})
    assert response.url == "/staff/"
    sub.refresh_from_db()
    assert sub.reviewed_by == staff and sub.reviewed_at and sub.review_note == "Called back"
    assert AuditEntry.objects.filter(action="review", target=f"submission {sub.pk}").exists()
    html = staff_client.get(f"/staff/submissions/{sub.pk}/").text
    assert "Reviewed by jo" in html and "Called back" in html


def test_a_second_review_changes_nothing(staff_client, admin):
    sub = submit()
    staff_client.post(f"/staff/submissions/{sub.pk}/review/", {"note": "first"})
    other = staff_client.__class__()
    other.force_login(admin)
    other.post(f"/staff/submissions/{sub.pk}/review/", {"note": "second"})
    sub.refresh_from_db()
    assert sub.review_note == "first"


def test_a_note_too_long_is_refused(staff_client):
    sub = submit()
    staff_client.post(f"/staff/submissions/{sub.pk}/review/", {"note": "x" * 2001})
    sub.refresh_from_db()
    assert sub.reviewed_at is None


def test_reviewing_is_a_post(staff_client):
    assert staff_client.get(f"/staff/submissions/{submit().pk}/review/").status_code == 405
