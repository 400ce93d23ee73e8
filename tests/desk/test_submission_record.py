"""The submission page's client record: the record it is in and the screening before it, or
the records it might belong to (a possible duplicate marked), and a search for another."""

from datetime import date, timedelta

from django.utils import timezone

from screening.desk.staff.models import AuditEntry
from tests.desk.conftest import record, submit


def page(client, sub, query=""):
    return client.get(f"/staff/submissions/{sub.pk}/{query}").text


def test_a_possible_duplicate_is_shown_for_a_person_to_decide(staff_client):
    same = record("Ana Lopez")
    other = record("Ana Lopez", date(1970, 1, 1))
    born_same_day = record("Bea Ruiz")
    html = page(staff_client, submit("Ana López"))
    assert "Possible duplicate" in html and "Same name and date of birth" in html
    assert f"Same person: add to record {same.pk}" in html
    assert "A different person: new record" in html
    duplicates = html.split('class="duplicate"')[1].split("A different person")[0]
    assert f"Record {same.pk}" in duplicates and f"Record {other.pk}" not in duplicates
    # the near misses are listed too, marked by what they share
    assert f"Add to record {other.pk}" in html and f"Add to record {born_same_day.pk}" in html
    assert "same date of birth" in html and "same name" in html
    assert "New client record" not in html


def test_without_a_match_it_offers_a_new_record(staff_client):
    html = page(staff_client, submit("Nobody Known"))
    assert "No record has this name and date of birth." in html
    assert "New client record" in html and "Possible duplicate" not in html


def test_a_search_finds_a_record_by_part_of_its_name_and_date_of_birth(staff_client):
    wanted = record("Ana María Ortega", date(1985, 7, 9))
    record("Ana Other", date(1999, 9, 9))
    sub = submit("Ana Ortega Ruiz", date_of_birth=date(1985, 7, 19))  # a typo in the date
    html = page(staff_client, sub, "?name=ortega&born=1985-07-09")
    assert f"Add to record {wanted.pk}" in html and "Ana Other" not in html
    assert "No record matches" in page(staff_client, sub, "?name=zzz")


def test_a_matched_submission_shows_its_record_and_the_visit_before(staff_client):
    client = record()
    before = submit(client=client, received_at=timezone.now() - timedelta(days=90))
    latest = submit(client=client)
    html = page(staff_client, latest)
    assert f"record {client.pk}</a>: Ana Lopez" in html
    assert f"submission {before.pk}</a>" in html
    assert "Print with “Since your last visit”" in html
    assert "Possible duplicate" not in html and "New client record" not in html
    first = page(staff_client, before)
    assert "the first screening in the record" in first and "Since your last visit" not in first


def test_opening_it_is_audited_once(staff_client):
    record()
    sub = submit()
    page(staff_client, sub)
    assert list(AuditEntry.objects.exclude(action="sign-in").values_list("action", "target")) == [
        ("view", f"submission {sub.pk}")
    ]


def test_the_program_and_rules_that_screened_it_are_shown(staff_client):
    sub = submit(rules_fingerprint="0123456789abcdef" * 4, program_version="0.1.0")
    html = page(staff_client, sub)
    assert "screened by screening 0.1.0 with the rules" in html
    assert ">0123456789ab</span>" in html
