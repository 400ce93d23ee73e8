"""Kiosks (tablets paired with the desk) and the submissions clients send from them."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models


class Kiosk(models.Model):
    """A tablet allowed to take new submissions, known by a secret in its cookie (only the
    secret's hash is kept). Ending it turns the tablet back into an ordinary browser."""

    name = models.CharField(max_length=60)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class PairingCode(models.Model):
    """A one-time code shown on the desk that makes the tablet typing it a kiosk."""

    code_hash = models.CharField(max_length=64, unique=True)
    kiosk_name = models.CharField(max_length=60)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)


class Submission(models.Model):
    """A client's answers as sent from a kiosk, the plan screened from them (with the rules'
    fingerprint and the program's version that made it), what staff did with it (reviewed,
    referral signed off) and, once matched, the client record it belongs to: a screening."""

    intake = models.CharField(max_length=32, unique=True)  # one per intake: never doubled
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    kiosk = models.ForeignKey(Kiosk, null=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(max_length=80)
    date_of_birth = models.DateField()
    given = models.JSONField()  # the answers as given (questionnaire draft, for the review lines)
    answers = models.JSONField()  # the answers file's data (`screening plan` reads it)
    plan = models.JSONField()  # the plan screened when it was sent
    referral = models.BooleanField(db_index=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sign_off_note = models.TextField(blank=True)
    rules_fingerprint = models.CharField(max_length=64, blank=True)  # SHA-256 of the rules folder
    program_version = models.CharField(max_length=20, blank=True)
    client = models.ForeignKey(
        "records.Client",
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # a record goes only by erasure, which removes these first
        related_name="screenings",
    )

    class Meta:
        ordering: ClassVar = ["-referral", "received_at"]

    def __str__(self) -> str:
        return f"submission {self.pk}"
