"""A client's record: their screenings over time, newest first, and the latest compared with
the one before (what is new, what is gone, pain then and now, how the routine changed);
opening it is audited."""

from datetime import timedelta

from django.utils import timezone

from screening.desk.staff.models import AuditEntry
from tests.desk.conftest import record, submit


def visits():
    client = record("Ana López")
    now = timezone.now()
    first = submit(
        "Ana López",
        client=client,
        extra={
            "symptoms": ["symptoms.hamstring_tightness", "symptoms.short_stride"],
            "pain.level": "6",
        },
        received_at=now - timedelta(days=200),
    )
    second = submit(
        "Ana López",
        client=client,
        extra={"symptoms": ["symptoms.short_stride", "symptoms.knee_pain"], "pain.level": "3"},
        received_at=now - timedelta(days=30),
    )
    return client, first, second


def test_the_history_lists_every_screening_newest_first(staff_client):
    client, first, second = visits()
    html = staff_client.get(f"/staff/clients/{client.pk}/").text
    assert "Ana López" in html and f"Record {client.pk}" in html and "2 screenings" in html
    rows = html.split('class="history"')[1]
    assert rows.index(f"/staff/submissions/{second.pk}/") < rows.index(
        f"/staff/submissions/{first.pk}/"
    )
    assert "6/10" in rows and "3/10" in rows


def test_the_latest_is_compared_with_the_one_before(staff_client):
    client, first, second = visits()
    html = staff_client.get(f"/staff/clients/{client.pk}/").text
    since = html.split('class="since"')[1].split("</section>")[0]
    then_on = timezone.localdate(first.received_at)
    assert f"{then_on.day} {then_on:%B %Y}" in since
    assert "New since last time" in since and "Knee pain" in since
    assert "No longer reported" in since and "Tight hamstrings" in since
    assert "Still reported" in since and "My stride feels short or choppy" in since
    assert "6 out of 10" in since and "3 out of 10" in since
    assert f"/staff/submissions/{second.pk}/print/?since=1" in html


def test_one_screening_has_nothing_to_compare(staff_client):
    client = record()
    submit(client=client)
    html = staff_client.get(f"/staff/clients/{client.pk}/").text
    assert 'class="since"' not in html and "?since=1" not in html


def test_unmatched_submissions_with_the_same_name_and_birth_are_pointed_out(staff_client):
    client = record("Ana Lopez")
    stray = submit("ana lópez")
    html = staff_client.get(f"/staff/clients/{client.pk}/").text
    assert f"/staff/submissions/{stray.pk}/" in html and "in no record" in html


def test_opening_a_record_is_audited(staff_client, staff):
    client, _, _ = visits()
    staff_client.get(f"/staff/clients/{client.pk}/")
    entry = AuditEntry.objects.get(action="record-view")
    assert (entry.account, entry.target) == (staff, f"record {client.pk}")


def test_only_admins_are_offered_erasure(staff_client, admin_client):
    client = record()
    assert "Erase this record" not in staff_client.get(f"/staff/clients/{client.pk}/").text
    assert "Erase this record" in admin_client.get(f"/staff/clients/{client.pk}/").text


def test_signed_out_or_on_a_kiosk_no_record_is_shown(client, kiosk_client):
    record_ = record("Ana Lopez")
    response = client.get(f"/staff/clients/{record_.pk}/")
    assert response.status_code == 302 and response.url.startswith("/staff/sign-in/")
    refused = kiosk_client.get(f"/staff/clients/{record_.pk}/")
    assert refused.status_code == 403 and "Ana Lopez" not in refused.text
    assert not AuditEntry.objects.filter(action="record-view").exists()


def test_an_unknown_record_is_404(staff_client):
    assert staff_client.get("/staff/clients/999/").status_code == 404
