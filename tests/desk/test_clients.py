"""Finding a client's record by name (any part, accents and case aside) and date of birth;
nothing is listed before a search; each search is audited without what was typed."""

from datetime import date

from screening.desk.staff.models import AuditEntry
from tests.desk.conftest import record, submit


def test_nothing_is_listed_until_you_search(staff_client):
    record("Ana Lopez")
    html = staff_client.get("/staff/clients/").text
    assert "Ana Lopez" not in html and "Find a client" in html


def test_a_search_finds_by_any_part_of_the_name_ignoring_accents_and_case(staff_client):
    ana = record("María José López", date(1990, 1, 2))
    record("Mario Other", date(1990, 1, 2))
    submit("María José López", client=ana)
    html = staff_client.get("/staff/clients/?name=lopez+maria").text
    assert "1 record found" in html and "María José López" in html and "Mario Other" not in html
    assert f'href="/staff/clients/{ana.pk}/"' in html
    assert "<td>1</td>" in html  # one screening


def test_a_search_by_date_of_birth_alone(staff_client):
    record("Ana Lopez", date(1990, 1, 2))
    record("Bea Ruiz", date(1990, 1, 2))
    record("Cy Other", date(1991, 1, 2))
    html = staff_client.get("/staff/clients/?born=1990-01-02").text
    assert "2 records found" in html and "Cy Other" not in html


def test_a_bad_date_is_shown_beside_its_field(staff_client):
    html = staff_client.get("/staff/clients/?born=1990-02-31").text
    assert "Enter a valid date." in html and "found" not in html


def test_a_search_is_audited_without_what_was_typed(staff_client, staff):
    record("Ana Lopez")
    staff_client.get("/staff/clients/?name=ana")
    entry = AuditEntry.objects.get(action="record-search")
    assert entry.account == staff and entry.target == "1 records shown"


def test_signed_out_or_on_a_kiosk_no_record_is_found(client, kiosk_client):
    record("Ana Lopez")
    response = client.get("/staff/clients/?name=ana")
    assert response.status_code == 302 and response.url.startswith("/staff/sign-in/")
    refused = kiosk_client.get("/staff/clients/?name=ana")
    assert refused.status_code == 403 and "Ana Lopez" not in refused.text


def test_admins_search_too(admin_client):
    record("Ana Lopez")
    assert "1 record found" in admin_client.get("/staff/clients/?name=ana").text
