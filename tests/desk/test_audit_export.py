"""The audit log as CSV, for admins: every entry (or those of one account name), safe to open
in a spreadsheet even when someone typed a formula as a name at the sign-in page."""

from screening.desk.staff.models import AuditEntry
from tests.desk.conftest import csv_rows


def test_a_formula_typed_at_the_sign_in_page_stays_text(client, admin_client):
    client.post("/staff/sign-in/", {"username": '=HYPERLINK("http://x","y")', "password": "no"})
    lines = csv_rows(admin_client.get("/staff/audit/export.csv"))
    failed = next(r for r in lines if r["What"] == "Wrong password")
    assert failed["Who"] == '\'=HYPERLINK("http://x","y")' and failed["From"] == "127.0.0.1"
    assert list(lines[0]) == ["When", "Who", "What", "About", "From"]


def test_it_follows_the_pages_filter_and_is_audited(admin_client, admin):
    AuditEntry.objects.create(username="kim", action="sign-in")
    AuditEntry.objects.create(username="lee", action="sign-in")
    response = admin_client.get("/staff/audit/export.csv?who=kim")
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    assert [r["Who"] for r in csv_rows(response)] == ["kim"]
    entry = AuditEntry.objects.filter(action="export").get()
    assert entry.account == admin and entry.target == "audit log as CSV (1 entries)"
    assert "Download as CSV" in admin_client.get("/staff/audit/").text


def test_staff_a_kiosk_and_the_signed_out_get_no_audit_log(staff_client, kiosk_client, client):
    assert staff_client.get("/staff/audit/export.csv").status_code == 403
    assert kiosk_client.get("/staff/audit/export.csv").status_code == 403
    signed_out = client.get("/staff/audit/export.csv")
    assert signed_out.status_code == 302 and signed_out.url.startswith("/staff/sign-in/")
    assert not AuditEntry.objects.filter(action="export").exists()
