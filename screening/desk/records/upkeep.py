"""What the desk's maintenance commands do: back up, restore, and export to files. Each writes
an audit entry ("(command line)" as who)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import connection

from screening.core.errors import Problem, ScreeningError
from screening.desk import boot, database
from screening.desk.kiosk.models import Submission
from screening.desk.records import erasure, export
from screening.desk.records.models import Client
from screening.desk.staff.access import audit_command
from screening.desk.staff.models import AuditEntry
from screening.store import files

ERASED = re.compile(r"record (\d+)\b")


@dataclass(frozen=True)
class Counts:
    clients: int
    screenings: int

    def __str__(self) -> str:
        return f"{self.clients} client records, {self.screenings} submissions"


def counts() -> Counts:
    return Counts(Client.objects.count(), Submission.objects.count())


def backup(output: str, *, force: bool = False) -> tuple[Path, Counts]:
    """Copy the database to `output` while the desk may be serving; audited. Returns the file
    and what it holds."""
    written = database.backup(output, force=force)
    tables = [Client._meta.db_table, Submission._meta.db_table]
    held = Counts(*database.count_rows(written, tables))
    audit_command(AuditEntry.Action.BACKUP, f"to {written.name} ({held})")
    return written, held


def _erased_numbers() -> list[int]:
    """Record numbers erased in the database as it is now (before it is replaced)."""
    if AuditEntry._meta.db_table not in connection.introspection.table_names():
        return []
    targets = AuditEntry.objects.filter(action=AuditEntry.Action.ERASE).values_list(
        "target", flat=True
    )
    return sorted({int(m.group(1)) for t in targets if (m := ERASED.match(t))})


@dataclass(frozen=True)
class Restored:
    held: Counts
    erased_again: list[int]


def restore(path: Path) -> Restored:
    """Replace the database with the backup at `path` (the desk stopped, `database.stopped`
    held), bring it up to this version, erase again every record erased since the backup
    was made, and end every session (everyone signs in again)."""
    if newer := database.unknown_migrations(path):
        raise ScreeningError(
            Problem(
                "FILE",
                f"{path}: made by a newer version of screening (it has {', '.join(newer)}); "
                "restore it with that version",
            )
        )
    erased = _erased_numbers()
    database.replace_with(path)
    boot.migrate()
    from django.contrib.sessions.models import Session

    Session.objects.all().delete()
    again = []
    for client in Client.objects.filter(pk__in=erased):
        done = erasure.erase(client)
        audit_command(AuditEntry.Action.ERASE, f"{done.summary()}, again after a restore")
        again.append(done.record)
    held = counts()
    audit_command(AuditEntry.Action.RESTORE, f"from {path.name} ({held})")
    database.scrub()
    return Restored(held, again)


def export_screenings(output: str, start: date, end: date, *, force: bool = False) -> int:
    """Write the CSV of the screenings sent from `start` to `end`; returns the rows written."""
    data, rows = export.screenings_csv(start, end)
    files.write_output(output, data, force=force)
    audit_command(AuditEntry.Action.EXPORT, f"screenings {start} to {end} as CSV ({rows} rows)")
    return rows


def export_record(output: str, number: int, *, force: bool = False) -> Client:
    """Write a client's whole record as JSON."""
    client = Client.objects.filter(pk=number).first()
    if client is None:
        raise ScreeningError(Problem("NUMBER", f"there is no record {number}"))
    files.write_output(output, export.record_json(client), force=force)
    audit_command(AuditEntry.Action.EXPORT, f"{client} as JSON")
    return client


def export_audit(output: str, *, force: bool = False) -> int:
    """Write the whole audit log as CSV; returns the entries written."""
    data, entries = export.audit_csv(AuditEntry.objects.all())
    files.write_output(output, data, force=force)
    audit_command(AuditEntry.Action.EXPORT, f"audit log as CSV ({entries} entries)")
    return entries
