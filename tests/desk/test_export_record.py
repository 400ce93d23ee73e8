"""A client's whole record as JSON: the record, and every screening with its answers (which
`screening plan` reads as they are), plan, rules fingerprint, program version, reviews and
printed PDFs; audited."""

import base64
import hashlib
import json

from click.testing import CliRunner

from screening.core.plan import Plan
from screening.desk.staff.models import AuditEntry
from screening.terminal.cli import cli
from tests.desk.conftest import record, submit


def test_the_record_holds_every_screening_and_its_printed_pdfs(staff_client):
    client = record("Ana López")
    sub = submit("Ana López", client=client, rules_fingerprint="f" * 64, program_version="0.1.0")
    submit("Someone Else")
    pdf = staff_client.get(f"/staff/submissions/{sub.pk}/print/").content
    response = staff_client.get(f"/staff/clients/{client.pk}/record.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith(f'attachment; filename="record-{client.pk}-')
    data = json.loads(response.content)
    assert data["format"] == "screening-desk-record" and data["record"]["name"] == "Ana López"
    assert data["record"]["number"] == client.pk and data["record"]["date_of_birth"] == "1992-05-03"
    (screening,) = data["screenings"]
    assert screening["submission"] == sub.pk and screening["plan"] == sub.plan
    assert (screening["rules_fingerprint"], screening["program_version"]) == ("f" * 64, "0.1.0")
    (printed,) = screening["printed"]
    assert base64.b64decode(printed["pdf_base64"]) == pdf
    assert printed["sha256"] == hashlib.sha256(pdf).hexdigest()


def test_each_screenings_answers_are_an_answers_file_for_screening_plan(staff_client, tmp_path):
    client = record()
    sub = submit(client=client, red_flags=("chest_pain",))
    data = json.loads(staff_client.get(f"/staff/clients/{client.pk}/record.json").content)
    answers = tmp_path / "ana.json"
    answers.write_text(json.dumps(data["screenings"][0]["answers"]))
    result = CliRunner().invoke(cli, ["plan", str(answers), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert Plan.model_validate_json(result.output) == Plan.model_validate(sub.plan)


def test_the_export_is_audited_by_record_number(staff_client, staff):
    client = record()
    staff_client.get(f"/staff/clients/{client.pk}/record.json")
    entry = AuditEntry.objects.get(action="export")
    assert (entry.account, entry.target) == (staff, f"record {client.pk} as JSON")


def test_signed_out_or_on_a_kiosk_no_record_leaves(client, kiosk_client):
    rec = record("Ana Lopez")
    response = client.get(f"/staff/clients/{rec.pk}/record.json")
    assert response.status_code == 302 and response.url.startswith("/staff/sign-in/")
    refused = kiosk_client.get(f"/staff/clients/{rec.pk}/record.json")
    assert refused.status_code == 403 and b"Ana Lopez" not in refused.content
    assert not AuditEntry.objects.filter(action="export").exists()


def test_admins_export_records_too(admin_client):
    rec = record()
    assert admin_client.get(f"/staff/clients/{rec.pk}/record.json").status_code == 200
