"""Printing a submission's plan. The first print of each kind (the plan alone, or with the
"Since your last visit" page) is kept; every later print sends those very bytes, whatever
changed since in the rules, the templates or the desk's settings."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from screening import service
from screening.core.compare import Comparison, compare
from screening.core.plan import Plan
from screening.desk.kiosk.models import Submission
from screening.desk.records.models import Printout
from screening.desk.staff.models import DeskSettings


class NoEarlierVisit(LookupError):
    """A "Since your last visit" page was asked for a screening with none before it."""


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    printout: Printout
    reprint: bool  # the stored bytes of an earlier print


def plan_of(submission: Submission) -> Plan:
    return Plan.model_validate(submission.plan)


def previous(submission: Submission) -> Submission | None:
    """The screening before this one in the same client record, if any."""
    if submission.client_id is None:
        return None
    earlier = Q(received_at__lt=submission.received_at) | Q(
        received_at=submission.received_at, pk__lt=submission.pk
    )
    return (
        Submission.objects.filter(client_id=submission.client_id)
        .filter(earlier)
        .order_by("-received_at", "-pk")
        .first()
    )


def comparison(submission: Submission, before: Submission) -> Comparison:
    """This screening's plan against an earlier one's, dated the day that one was sent."""
    return compare(
        plan_of(before), plan_of(submission), then_on=timezone.localdate(before.received_at)
    )


def print_plan(submission: Submission, *, since: bool, by: Any) -> Printed:
    """The plan's PDF as first printed; printed (and kept) now if it never was. The plan is
    dated the day it was sent, with the desk's clinic name and paper as they are now."""
    kept = Printout.objects.filter(submission=submission, since=since).first()
    if kept is not None:
        return Printed(bytes(kept.pdf), kept, reprint=True)
    before = previous(submission) if since else None
    if since and before is None:
        raise NoEarlierVisit(str(submission))
    desk = DeskSettings.current()
    options = service.look(
        desk.clinic or None,
        desk.paper,
        timezone.localdate(submission.received_at),
        comparison(submission, before) if before is not None else None,
    )
    pdf = service.render(plan_of(submission), "pdf", options)  # one at a time per process
    try:
        with transaction.atomic():
            printout = Printout.objects.create(
                submission=submission,
                since=since,
                compared_with=before,
                pdf=pdf,
                sha256=hashlib.sha256(pdf).hexdigest(),
                clinic=options.clinic or "",
                paper=options.paper,
                dated=options.on,
                printed_by=by,
            )
    except IntegrityError:  # printed at the same moment from another screen: that one counts
        kept = Printout.objects.get(submission=submission, since=since)
        return Printed(bytes(kept.pdf), kept, reprint=True)
    return Printed(pdf, printout, reprint=False)
