"""What leaves the desk as files: the screenings of a date range as a spreadsheet-safe CSV, a
client's whole record as JSON (each screening's answers as `screening plan` reads them), and the
audit log as CSV."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from screening import __version__
from screening.desk.kiosk.models import Submission
from screening.desk.records.models import Client
from screening.desk.records.printing import plan_of
from screening.desk.staff.models import AuditEntry
from screening.store.spreadsheet import csv_bytes

SCREENING_COLUMNS = (
    "Date",
    "Submission",
    "Record",
    "Client",
    "Date of birth",
    "Referral",
    "Referral reasons",
    "Hyper-mobility",
    "Focus",
    "Exercises",
)
AUDIT_COLUMNS = ("When", "Who", "What", "About", "From")
RECORD_FORMAT = "screening-desk-record"
RECORD_FORMAT_VERSION = 1
CHUNK = 200


def _when(moment: Any) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def screenings_between(start: date, end: date) -> QuerySet[Submission]:
    """Every submission sent from the day `start` to the day `end` (local dates, inclusive)."""
    return Submission.objects.filter(
        received_at__date__gte=start, received_at__date__lte=end
    ).order_by("received_at", "pk")


def screening_rows(submissions: Iterable[Submission]) -> Iterator[list[Any]]:
    for sub in submissions:
        plan = plan_of(sub)
        yield [
            timezone.localtime(sub.received_at).strftime("%Y-%m-%d %H:%M"),
            sub.pk,
            sub.client_id,
            sub.name,
            sub.date_of_birth.isoformat(),
            "yes" if plan.referral.required else "no",
            "; ".join(r.text for r in plan.referral.reasons),
            plan.hypermobility.summary,
            "; ".join(e.title for e in plan.emphases),
            "; ".join(item.name for item in plan.routine),
        ]


def screenings_csv(start: date, end: date) -> tuple[bytes, int]:
    """The CSV of the screenings sent from `start` to `end`, and how many rows it has."""
    found = screenings_between(start, end)
    count = found.count()
    return csv_bytes(SCREENING_COLUMNS, screening_rows(found.iterator(chunk_size=CHUNK))), count


def audit_csv(entries: QuerySet[AuditEntry]) -> tuple[bytes, int]:
    """The audit log (newest first) as CSV, and how many entries it has."""
    rows = (
        [_when(e.at), e.username, e.get_action_display(), e.target, e.address or ""]
        for e in entries.iterator(chunk_size=CHUNK)
    )
    return csv_bytes(AUDIT_COLUMNS, rows), entries.count()


def _account(account: Any) -> str | None:
    return account.username if account is not None else None


def record_data(client: Client) -> dict[str, Any]:
    """Everything the desk holds about a client: the record, and every screening with its
    answers, plan, rules fingerprint, program version, reviews and printed PDFs."""
    screenings = (
        client.screenings.select_related("reviewed_by", "signed_off_by", "kiosk")
        .prefetch_related("printouts__printed_by")
        .order_by("received_at", "pk")
    )
    return {
        "format": RECORD_FORMAT,
        "format_version": RECORD_FORMAT_VERSION,
        "exported_at": _when(timezone.now()),
        "exported_by_program": __version__,
        "record": {
            "number": client.pk,
            "name": client.name,
            "date_of_birth": client.date_of_birth.isoformat(),
            "created_at": _when(client.created_at),
        },
        "screenings": [_screening(sub) for sub in screenings],
    }


def _screening(sub: Submission) -> dict[str, Any]:
    return {
        "submission": sub.pk,
        "received_at": _when(sub.received_at),
        "name_as_given": sub.name,
        "date_of_birth_as_given": sub.date_of_birth.isoformat(),
        "kiosk": sub.kiosk.name if sub.kiosk else None,
        "rules_fingerprint": sub.rules_fingerprint or None,
        "program_version": sub.program_version or None,
        "answers": sub.answers,  # an answers file: save it as NAME.json for `screening plan`
        "plan": sub.plan,
        "reviewed_at": _when(sub.reviewed_at) or None,
        "reviewed_by": _account(sub.reviewed_by),
        "review_note": sub.review_note,
        "referral_signed_off_at": _when(sub.signed_off_at) or None,
        "referral_signed_off_by": _account(sub.signed_off_by),
        "sign_off_note": sub.sign_off_note,
        "printed": [
            {
                "printed_at": _when(p.printed_at),
                "printed_by": _account(p.printed_by),
                "since_your_last_visit": p.since,
                "compared_with_submission": p.compared_with_id,
                "clinic": p.clinic,
                "paper": p.paper,
                "dated": p.dated.isoformat(),
                "sha256": p.sha256,
                "pdf_base64": base64.b64encode(bytes(p.pdf)).decode("ascii"),
            }
            for p in sorted(sub.printouts.all(), key=lambda p: (p.printed_at, p.pk))
        ],
    }


def record_json(client: Client) -> bytes:
    return (json.dumps(record_data(client), indent=2, ensure_ascii=False) + "\n").encode()
