"""The audit log: admins read it (who, when, what, from where); nobody can change it."""

import pytest

from screening.desk.staff.models import AuditEntry
from tests.desk.conftest import submit


def test_an_admin_reads_sign_ins_views_and_prints(admin_client):
    sub = submit()
    admin_client.get(f"/staff/submissions/{sub.pk}/")
    html = admin_client.get("/staff/audit/").text
    assert "Opened a submission" in html and f"submission {sub.pk}" in html
    assert "127.0.0.1" in html and "sam" in html


def test_the_log_can_be_filtered_by_account(admin_client):
    AuditEntry.objects.create(username="kim", action="sign-in")
    AuditEntry.objects.create(username="lee", action="sign-in")
    html = admin_client.get("/staff/audit/?who=kim").text
    assert ">kim<" in html and ">lee<" not in html


def test_entries_cannot_be_changed_or_removed():
    entry = AuditEntry.objects.create(username="kim", action="sign-in")
    entry.username = "someone else"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(username="x")
    assert AuditEntry.objects.get().username == "kim"


def test_the_page_offers_no_way_to_change_an_entry(admin_client):
    AuditEntry.objects.create(username="kim", action="sign-in")
    html = admin_client.get("/staff/audit/").text
    assert 'method="post"' not in html.split("<main")[1].split("</main>")[0]
