"""Printing: the same PDF as `screening plan` (through the service), with the clinic's name
and paper size from the desk's settings; each print is audited."""

import io
from datetime import date

from pypdf import PdfReader

from screening import service
from screening.core.plan import Plan
from screening.desk.staff.models import AuditEntry, DeskSettings
from tests.conftest import pdf_text
from tests.desk.conftest import submit


def test_the_printed_plan_is_the_services_pdf_with_the_desks_settings(staff_client, staff):
    DeskSettings.objects.update_or_create(
        pk=1, defaults={"clinic": "Riverside Physio", "paper": "letter"}
    )
    sub = submit("Ana Lopez")
    response = staff_client.get(f"/staff/submissions/{sub.pk}/print/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('inline; filename="ana-lopez-')
    printed = pdf_text(response.content)
    assert "Ana Lopez" in printed and "Riverside Physio" in printed
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert round(float(page.mediabox.width)) == 612  # US Letter
    options = service.look("Riverside Physio", "letter", sub.received_at.date())
    expected = service.render(Plan.model_validate(sub.plan), "pdf", options)
    assert printed == pdf_text(expected)
    entry = AuditEntry.objects.get(action="print")
    assert entry.account == staff and entry.target == f"submission {sub.pk}"


def test_without_settings_it_prints_a4_without_a_clinic(staff_client):
    sub = submit("Ana Lopez", date_of_birth=date(1990, 1, 1))
    response = staff_client.get(f"/staff/submissions/{sub.pk}/print/")
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert round(float(page.mediabox.width)) == 595  # A4
