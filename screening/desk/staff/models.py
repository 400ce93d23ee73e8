"""Staff accounts, the desk's settings and the audit log."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models


class Account(AbstractUser):
    """A person who signs in at the desk: staff review and print; admins also manage accounts,
    the desk's settings and read the audit log. A disabled account (`is_active` false) cannot
    sign in."""

    class Role(models.TextChoices):
        STAFF = "staff", "Staff"
        ADMIN = "admin", "Admin"

    role = models.CharField(max_length=10, choices=Role.choices, default=Role.STAFF)
    objects: ClassVar[UserManager[Any]] = UserManager()

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN


class DeskSettings(models.Model):
    """How plans are printed at this desk (one row): the clinic's name and the paper size."""

    class Paper(models.TextChoices):
        A4 = "a4", "A4"
        LETTER = "letter", "US Letter"

    clinic = models.CharField("clinic name", max_length=80, blank=True)
    paper = models.CharField(max_length=10, choices=Paper.choices, default=Paper.A4)

    @classmethod
    def current(cls) -> DeskSettings:
        return cls.objects.get_or_create(pk=1)[0]


class AuditQuerySet(models.QuerySet):
    """Entries can be added and read, never changed or removed through the app."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("the audit log cannot be changed")

    def delete(self) -> Any:
        raise PermissionError("the audit log cannot be changed")


class AuditEntry(models.Model):
    """Who did what, when, from where: sign-ins, views and prints of submissions, client
    records opened, matched, edited, exported and erased, account, kiosk and settings changes,
    backups and restores. Names submissions and records by number, never the client."""

    class Action(models.TextChoices):
        SIGN_IN = "sign-in", "Signed in"
        SIGN_IN_FAILED = "sign-in-failed", "Wrong password"
        LOCKED_OUT = "locked-out", "Locked out"
        SIGN_OUT = "sign-out", "Signed out"
        VIEW = "view", "Opened a submission"
        PRINT = "print", "Printed a plan"
        REVIEW = "review", "Marked reviewed"
        SIGN_OFF = "sign-off", "Signed off a referral"
        ACCOUNT_ADD = "account-add", "Added an account"
        ACCOUNT_DISABLE = "account-disable", "Disabled an account"
        ACCOUNT_ENABLE = "account-enable", "Enabled an account"
        KIOSK_PAIR = "kiosk-pair", "Paired a kiosk"
        KIOSK_REVOKE = "kiosk-revoke", "Ended a kiosk"
        SETTINGS = "settings", "Changed the desk's settings"
        RECORD_SEARCH = "record-search", "Searched client records"
        RECORD_VIEW = "record-view", "Opened a client record"
        RECORD_ADD = "record-add", "Created a client record"
        RECORD_MATCH = "record-match", "Added a screening to a record"
        RECORD_EDIT = "record-edit", "Changed a client record"
        EXPORT = "export", "Exported"
        ERASE = "erase", "Erased a client record"
        BACKUP = "backup", "Backed up the database"
        RESTORE = "restore", "Restored the database"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    account = models.ForeignKey(Account, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150)  # as it was at the time, or as typed
    action = models.CharField(max_length=20, choices=Action.choices)
    target = models.CharField(max_length=200, blank=True)  # e.g. "submission 12"
    address = models.GenericIPAddressField(null=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-at", "-id"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("the audit log cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("the audit log cannot be changed")
