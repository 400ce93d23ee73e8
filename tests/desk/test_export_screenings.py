"""The screenings of a date range as CSV: one line each (date, record, client, referral and
reasons, hyper-mobility, focus, exercises), safe to open in a spreadsheet even when a client
typed a formula as their name; each export is audited."""

from datetime import timedelta

import pytest
from django.utils import timezone

from screening.core.plan import Plan
from screening.desk.staff.models import AuditEntry
from tests.desk.conftest import csv_rows, record, submit

FORMULA_NAMES = ['=HYPERLINK("http://evil.example","click")', "+SUM(A1)", "-2+3", "@cmd"]


def export(browser, start, end):
    return browser.get(f"/staff/export/screenings.csv?start={start}&end={end}")


def test_each_screening_in_the_range_is_one_line(staff_client):
    today = timezone.localdate()
    client = record("Rafa Red")
    flagged = submit("Rafa Red", red_flags=("chest_pain",), client=client)
    plain = submit("Pat Plain")
    submit("Old Visit", received_at=timezone.now() - timedelta(days=40))
    response = export(staff_client, today - timedelta(days=7), today)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="screenings-')
    lines = csv_rows(response)
    assert [r["Client"] for r in lines] == ["Rafa Red", "Pat Plain"]
    red, pat = lines
    plan = Plan.model_validate(flagged.plan)
    assert red["Record"] == str(client.pk) and red["Submission"] == str(flagged.pk)
    assert red["Referral"] == "yes" and plan.referral.reasons[0].text in red["Referral reasons"]
    assert red["Exercises"] == "; ".join(i.name for i in plan.routine)
    assert red["Date of birth"] == "1992-05-03"
    assert pat["Record"] == "" and pat["Referral"] == "no" and pat["Referral reasons"] == ""
    pat_plan = Plan.model_validate(plain.plan)
    assert pat["Focus"] == "; ".join(e.title for e in pat_plan.emphases)
    assert pat["Hyper-mobility"] == pat_plan.hypermobility.summary


@pytest.mark.parametrize("name", FORMULA_NAMES)
def test_a_formula_typed_as_a_name_stays_text(staff_client, name):
    submit(name)
    today = timezone.localdate()
    (line,) = csv_rows(export(staff_client, today, today))
    assert line["Client"] == "'" + name
    for cell in line.values():
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_the_export_is_audited_with_the_range_and_count_only(staff_client, staff):
    submit("Ana Lopez")
    today = timezone.localdate()
    export(staff_client, today, today)
    entry = AuditEntry.objects.get(action="export")
    assert entry.account == staff
    assert entry.target == f"screenings {today} to {today} as CSV (1 rows)"


def test_a_bad_range_is_shown_on_the_export_page(staff_client):
    response = export(staff_client, "2025-05-10", "2025-05-01")
    assert response.status_code == 400 and "The last day is before the first." in response.text
    assert export(staff_client, "2025-02-30", "").status_code == 400
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_export_page_offers_this_month(staff_client):
    html = staff_client.get("/staff/export/").text
    today = timezone.localdate()
    assert f'value="{today.replace(day=1).isoformat()}"' in html and 'type="date"' in html


def test_signed_out_or_on_a_kiosk_nothing_is_exported(client, kiosk_client):
    submit("Ana Lopez")
    today = timezone.localdate()
    signed_out = export(client, today, today)
    assert signed_out.status_code == 302 and signed_out.url.startswith("/staff/sign-in/")
    refused = export(kiosk_client, today, today)
    assert refused.status_code == 403 and b"Ana Lopez" not in refused.content
    assert kiosk_client.get("/staff/export/").status_code == 403


def test_admins_export_too(admin_client):
    submit("Ana Lopez")
    today = timezone.localdate()
    assert len(csv_rows(export(admin_client, today, today))) == 1
