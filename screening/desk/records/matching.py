"""Matching a submission to a client record: an existing one (found by name and date of birth)
or a new one. Nothing is overwritten: a submission already in a record stays there, a record
keeps its own name and date of birth, and a new record with the same name and date of birth as
an existing one needs a person to say they are different people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet

from screening.desk.kiosk.models import Submission
from screening.desk.records.models import Client
from screening.desk.records.names import name_key, words

CANDIDATES = 20


class MatchRefused(Exception):
    """The match was not made; the message says why, in the desk's words."""


@dataclass(frozen=True)
class Candidate:
    """A record a submission might belong to, and how closely it fits."""

    client: Client
    same_name: bool
    same_birth: bool

    @property
    def duplicate(self) -> bool:
        """Same name and same date of birth: possibly this very person."""
        return self.same_name and self.same_birth


def with_visits(clients: QuerySet[Client]) -> QuerySet[Client]:
    """Records with how many screenings they hold and when the last was sent."""
    return clients.annotate(visits=Count("screenings"), last_visit=Max("screenings__received_at"))


def same_person(name: str, born: date) -> QuerySet[Client]:
    """Records with this name (as `name_key` compares names) and date of birth."""
    return Client.objects.filter(name_key=name_key(name), date_of_birth=born)


def search(name: str = "", born: date | None = None) -> QuerySet[Client]:
    """Records whose name holds every word of `name`, born on `born` (either may be empty)."""
    found = Client.objects.all()
    for word in words(name):
        found = found.filter(name_key__contains=word)
    if born is not None:
        found = found.filter(date_of_birth=born)
    return with_visits(found)


def candidates(submission: Submission) -> list[Candidate]:
    """Records with the submission's name or its date of birth: those with both first."""
    key = name_key(submission.name)
    found = with_visits(
        Client.objects.filter(Q(name_key=key) | Q(date_of_birth=submission.date_of_birth))
    )
    out = [
        Candidate(c, c.name_key == key, c.date_of_birth == submission.date_of_birth)
        for c in found[: CANDIDATES * 2]
    ]
    out.sort(key=lambda c: (not c.duplicate, not c.same_name, c.client.name_key, c.client.pk))
    return out[:CANDIDATES]


def add_to(submission: Submission, client: Client) -> None:
    """Put the submission in `client`'s record; refused if it is in a record already."""
    with transaction.atomic():
        moved = Submission.objects.filter(pk=submission.pk, client=None).update(client=client)
        if not moved:
            raise MatchRefused(_already(submission))
    submission.client = client


def new_record(submission: Submission, by: Any, *, different_person: bool = False) -> Client:
    """A new record from the submission's name and date of birth, holding it. Refused when a
    record has the same name and date of birth, unless a person said it is someone else."""
    if not different_person and (same := same_person(submission.name, submission.date_of_birth)):
        numbers = ", ".join(str(c.pk) for c in same)
        raise MatchRefused(
            f"Record {numbers} has the same name and date of birth. Add the screening to it, "
            "or confirm this is a different person."
        )
    with transaction.atomic():
        client = Client.objects.create(
            name=submission.name, date_of_birth=submission.date_of_birth, created_by=by
        )
        if not Submission.objects.filter(pk=submission.pk, client=None).update(client=client):
            raise MatchRefused(_already(submission))  # rolls the new record back
    submission.client = client
    return client


def _already(submission: Submission) -> str:
    current = Submission.objects.filter(pk=submission.pk).values_list("client", flat=True).first()
    return f"This screening is already in record {current}: nothing was changed."
