"""Erasing a client on request: their record, every screening in it (answers, plan, notes,
printed PDFs), any unmatched submission a person confirmed is theirs, and whatever a session
still holds about them (answers being typed on a kiosk, a message waiting for a staff screen).
The audit log keeps only that a record number was erased, by whom."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from screening.desk.kiosk.models import Submission
from screening.desk.records.models import Client, Printout
from screening.desk.records.names import name_key


@dataclass(frozen=True)
class Erased:
    record: int
    screenings: int
    printouts: int
    unmatched: int
    sessions: int

    def summary(self) -> str:
        """For the audit log: numbers only, never a name."""
        return (
            f"record {self.record} ({self.screenings} screenings, {self.printouts} printed "
            f"plans, {self.unmatched} unmatched submissions, {self.sessions} sessions)"
        )


def unmatched_submissions(client: Client) -> list[Submission]:
    """Submissions in no record with the client's name and date of birth (perhaps theirs)."""
    found = Submission.objects.filter(client=None, date_of_birth=client.date_of_birth)
    return [s for s in found.order_by("received_at") if name_key(s.name) == client.name_key]


def erase(client: Client, *, unmatched: Iterable[int] = ()) -> Erased:
    """Remove the client's record and everything in it, plus the unmatched submissions
    numbered `unmatched` (only those with the client's name and date of birth)."""
    allowed = {s.pk for s in unmatched_submissions(client)}
    extra = [pk for pk in unmatched if pk in allowed]
    with transaction.atomic():
        submissions = Submission.objects.filter(client=client) | Submission.objects.filter(
            pk__in=extra
        )
        names = {client.name, *submissions.values_list("name", flat=True)}
        screenings = submissions.filter(client=client).count()
        printouts = Printout.objects.filter(submission__in=submissions).delete()[0]
        submissions.delete()
        number = client.pk
        client.delete()
        sessions = forget(names)
    return Erased(number, screenings, printouts, len(extra), sessions)


def forget(names: Iterable[str]) -> int:
    """Remove from every live session each entry that mentions one of `names` (a kiosk's
    answers in progress, messages waiting to be shown); returns how many sessions changed."""
    keys = {name_key(n) for n in names if name_key(n)}
    changed = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = session.get_decoded()
        kept = {k: v for k, v in data.items() if not _mentions(v, keys)}
        if kept != data:
            Session.objects.save(session.session_key, kept, session.expire_date)
            changed += 1
    return changed


def _mentions(value: Any, keys: set[str]) -> bool:
    return any(key in name_key(text) for text in _texts(value) for key in keys)


def _texts(value: Any) -> Iterator[str]:
    """Every string in a session value, including those inside JSON kept as a string."""
    if isinstance(value, str):
        yield value
        if value[:1] in ("[", "{"):
            with suppress(ValueError):
                yield from _texts(json.loads(value))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)
