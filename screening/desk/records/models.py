"""Client records and the plans printed for them.

A client's screenings are the submissions matched to their record (`Submission.client`), each
with its answers, plan, the rules' fingerprint and the program's version. A plan's PDF is kept
as first printed, so a reprint gives the same bytes whatever changed since.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from screening.desk.records.names import name_key


class Client(models.Model):
    """A person the clinic screens. The record number is the primary key; the name and date
    of birth are the record's own (a submission matched to it never changes them)."""

    name = models.CharField(max_length=80)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    date_of_birth = models.DateField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["name_key", "date_of_birth", "id"]

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def __str__(self) -> str:
        return f"record {self.pk}"


class Printout(models.Model):
    """A plan's PDF as first printed, with or without the "Since your last visit" page (one
    of each per submission): every reprint sends these bytes."""

    submission = models.ForeignKey(
        "kiosk.Submission", on_delete=models.CASCADE, related_name="printouts"
    )
    since = models.BooleanField(default=False)  # with the "Since your last visit" page
    compared_with = models.ForeignKey(
        "kiosk.Submission", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    clinic = models.CharField(max_length=80, blank=True)
    paper = models.CharField(max_length=10)
    dated = models.DateField()  # the date printed on the plan
    printed_at = models.DateTimeField(auto_now_add=True)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["submission", "since"], name="one_printout_per_kind")
        ]

    def __str__(self) -> str:
        return f"printout {self.pk} of submission {self.submission_id}"
