"""Correcting a record's name or date of birth: its screenings keep what was sent; making it
the same as another record's needs a tick saying they are different people; audited."""

from datetime import date

from screening.desk.records.models import Client as Record
from screening.desk.staff.models import AuditEntry
from tests.desk.conftest import record, submit


def edit(browser, client, **data):
    return browser.post(f"/staff/clients/{client.pk}/edit/", data)


def test_a_correction_is_saved_and_audited_without_the_name(staff_client, staff):
    client = record("Ana Lopes")
    sub = submit("Ana Lopes", client=client)
    response = edit(staff_client, client, name="Ana Lopez", date_of_birth="1992-05-03")
    assert response.status_code == 302 and response.url == f"/staff/clients/{client.pk}/"
    client.refresh_from_db()
    sub.refresh_from_db()
    assert (client.name, client.name_key, sub.name) == ("Ana Lopez", "ana lopez", "Ana Lopes")
    entry = AuditEntry.objects.get(action="record-edit")
    assert entry.account == staff and entry.target == f"record {client.pk}: name"


def test_nothing_changed_is_not_an_edit(staff_client):
    client = record("Ana Lopez")
    edit(staff_client, client, name="Ana Lopez", date_of_birth="1992-05-03")
    assert not AuditEntry.objects.filter(action="record-edit").exists()


def test_becoming_another_records_twin_needs_a_person_to_say_so(staff_client):
    twin = record("Ana Lopez")
    client = record("Ana Lopes")
    response = edit(staff_client, client, name="ana lópez", date_of_birth="1992-05-03")
    assert response.status_code == 200
    assert f"Record {twin.pk} has this name and date of birth" in response.text
    assert "This is a different person" in response.text
    assert (
        "This is a different person" not in staff_client.get(f"/staff/clients/{twin.pk}/edit/").text
    )
    assert Record.objects.get(pk=client.pk).name == "Ana Lopes"
    edit(staff_client, client, name="ana lópez", date_of_birth="1992-05-03", different_person="on")
    assert Record.objects.get(pk=client.pk).name == "ana lópez"


def test_bad_input_is_shown_beside_its_field_and_nothing_is_saved(staff_client):
    client = record("Ana Lopez")
    response = edit(staff_client, client, name="  ", date_of_birth="2999-01-01")
    assert response.status_code == 200
    assert "Type a name of 1 to 80 characters." in response.text
    assert "that date of birth is not possible" in response.text
    client.refresh_from_db()
    assert (client.name, client.date_of_birth) == ("Ana Lopez", date(1992, 5, 3))


def test_signed_out_or_on_a_kiosk_nothing_is_changed(client, kiosk_client):
    rec = record("Ana Lopez")
    signed_out = edit(client, rec, name="X", date_of_birth="1992-05-03")
    assert signed_out.status_code == 302 and signed_out.url.startswith("/staff/sign-in/")
    assert edit(kiosk_client, rec, name="X", date_of_birth="1992-05-03").status_code == 403
    assert kiosk_client.get(f"/staff/clients/{rec.pk}/edit/").status_code == 403
    assert Record.objects.get().name == "Ana Lopez"


def test_admins_correct_records_too(admin_client):
    rec = record("Ana Lopes")
    edit(admin_client, rec, name="Ana Lopez", date_of_birth="1992-05-03")
    assert Record.objects.get().name == "Ana Lopez"
