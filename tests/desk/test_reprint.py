"""Reprints: a plan's PDF is kept at its first print, and every later print sends the same
bytes, whatever changed since (the desk's settings, the rules, the templates). The "Since your
last visit" print is kept apart, and needs an earlier screening in the record."""

import hashlib
from datetime import date, timedelta

import pytest
from django.utils import timezone

from screening import service
from screening.desk.records.models import Printout
from screening.desk.staff.models import AuditEntry, DeskSettings
from tests.conftest import pdf_text
from tests.desk.conftest import record, submit


def prints(browser, sub, since=False):
    response = browser.get(f"/staff/submissions/{sub.pk}/print/" + ("?since=1" if since else ""))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response


def test_a_reprint_is_the_first_print_byte_for_byte_whatever_changed(staff_client, monkeypatch):
    DeskSettings.objects.update_or_create(pk=1, defaults={"clinic": "Riverside Physio"})
    sub = submit("Ana Lopez")
    first = prints(staff_client, sub).content
    kept = Printout.objects.get()
    assert bytes(kept.pdf) == first and kept.sha256 == hashlib.sha256(first).hexdigest()
    assert (kept.clinic, kept.paper, kept.since) == ("Riverside Physio", "a4", False)
    assert kept.dated == timezone.localdate(sub.received_at)

    DeskSettings.objects.update_or_create(pk=1, defaults={"clinic": "Elsewhere", "paper": "letter"})

    def changed_rules_and_templates(*args, **kwargs):
        raise AssertionError("a reprint must not render the plan again")

    monkeypatch.setattr(service, "render", changed_rules_and_templates)
    again = prints(staff_client, sub)
    assert again.content == first
    assert "Riverside Physio" in pdf_text(again.content) and "Elsewhere" not in pdf_text(
        again.content
    )
    assert Printout.objects.count() == 1
    targets = list(
        AuditEntry.objects.filter(action="print").order_by("id").values_list("target", flat=True)
    )
    assert targets == [f"submission {sub.pk}", f"submission {sub.pk}, reprint"]


def test_since_your_last_visit_is_its_own_print_comparing_with_the_visit_before(staff_client):
    client = record()
    then = submit(
        client=client,
        extra={"symptoms": ["symptoms.hamstring_tightness"], "pain.level": "6"},
        received_at=timezone.now() - timedelta(days=120),
    )
    now = submit(client=client, extra={"symptoms": ["symptoms.knee_pain"], "pain.level": "3"})
    plain = prints(staff_client, now).content
    since = prints(staff_client, now, since=True).content
    assert since != plain and "Since your last visit" not in pdf_text(plain)
    words = pdf_text(since)
    then_on = timezone.localdate(then.received_at)
    assert "Since your last visit" in words and f"{then_on.day} {then_on:%B %Y}" in words
    assert "6 out of 10" in words and "3 out of 10" in words and "Knee pain" in words
    kept = Printout.objects.get(since=True)
    assert kept.compared_with == then
    assert prints(staff_client, now, since=True).content == since  # reprinted as first printed
    last = AuditEntry.objects.filter(action="print").first()
    assert last.target == f"submission {now.pk}, with since your last visit, reprint"


def test_since_your_last_visit_needs_an_earlier_screening(staff_client):
    alone = submit()
    first_in_record = submit(client=record(), date_of_birth=date(1990, 1, 1))
    for sub in (alone, first_in_record):
        response = staff_client.get(f"/staff/submissions/{sub.pk}/print/?since=1")
        assert response.status_code == 404
    assert not Printout.objects.exists()


def test_two_first_prints_at_once_keep_one_and_both_get_it(staff_client, monkeypatch):
    """Another screen printed the same plan a moment earlier: its PDF is the one kept."""
    sub = submit()
    real_render = service.render

    def render_while_another_screen_prints(plan, fmt, options=None):
        pdf = real_render(plan, fmt, options)
        Printout.objects.create(
            submission=sub, pdf=b"%PDF-theirs", sha256="x", paper="a4", dated=date.today()
        )
        return pdf

    monkeypatch.setattr(service, "render", render_while_another_screen_prints)
    assert prints(staff_client, sub).content == b"%PDF-theirs"
    assert Printout.objects.count() == 1


@pytest.mark.parametrize("query", ["", "?since=1"])
def test_signed_out_or_on_a_kiosk_nothing_is_printed(client, kiosk_client, query):
    sub = submit()
    signed_out = client.get(f"/staff/submissions/{sub.pk}/print/{query}")
    assert signed_out.status_code == 302 and signed_out.url.startswith("/staff/sign-in/")
    assert kiosk_client.get(f"/staff/submissions/{sub.pk}/print/{query}").status_code == 403
    assert not Printout.objects.exists()
