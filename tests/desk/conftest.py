"""Fixtures of the desk's view tests: accounts, a kiosk, submissions, signed-in clients."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date
from typing import Any

import pytest
from django.test import Client

from screening import service
from screening.core.questionnaire import NONE_OF_THESE
from screening.desk.kiosk import pairing
from screening.desk.kiosk.intake import questionnaire
from screening.desk.kiosk.models import Kiosk, Submission
from screening.desk.records.models import Client as Record
from screening.desk.staff.models import Account
from screening.store.spreadsheet import BOM

PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def _database(db: Any) -> None:
    """Every desk view test has a fresh database (and so no lock-outs left over)."""


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
    desk_database: str,
    request: pytest.FixtureRequest,
) -> None:
    """With `--desk-database=postgresql`, the view tests' database is a PostgreSQL one on the
    run's server (pytest-django makes it, migrated, once; each test runs in a transaction
    rolled back after it), with the desk's own settings for it."""
    if desk_database != "postgresql":
        return
    from django.conf import settings
    from django.db import connections

    from screening.desk import postgres

    server = request.getfixturevalue("postgres_server")
    default = settings.DATABASES["default"]
    default.clear()
    default.update(postgres.django_database(postgres.parse(server.url("desk_views"))))
    connections.configure_settings({"default": default})
    connections.close_all()
    if hasattr(connections._connections, "default"):
        del connections["default"]


def account(name: str, role: str = "staff", *, active: bool = True) -> Account:
    user = Account.objects.create_user(name, password=PASSWORD)
    user.role, user.is_active = role, active
    user.save()
    return user


@pytest.fixture
def staff() -> Account:
    return account("jo")


@pytest.fixture
def admin() -> Account:
    return account("sam", "admin")


@pytest.fixture
def staff_client(staff: Account) -> Client:
    client = Client()
    client.force_login(staff)
    return client


@pytest.fixture
def admin_client(admin: Account) -> Client:
    client = Client()
    client.force_login(admin)
    return client


@pytest.fixture
def kiosk(staff: Account) -> tuple[Kiosk, str]:
    return pairing.make("Waiting room", staff)


@pytest.fixture
def kiosk_client(kiosk: tuple[Kiosk, str]) -> Client:
    client = Client()
    client.cookies[pairing.COOKIE] = kiosk[1]
    return client


def page_url(path: str) -> str:
    """The kiosk address of the page that asks the step `path`."""
    q = questionnaire()
    return f"/kiosk/page/{q.page_of(q.step(path)).number}/"


# What every client is asked after the symptoms (each page's fields): nothing hurts, distance
# left open, no injury, no stress fracture, not pregnant, no missed periods.
EVERYDAY_PAGES: tuple[dict[str, Any], ...] = (
    {"pain.sites": []},
    {"training.weekly_km": ""},
    {"history.last_injury": "none", "history.stress_fracture": "no"},
    {"pregnancy.status": "none"},
    {"health.missed_periods": "no"},
)


def send_everyday(client: Client, *pages: dict[str, Any]) -> None:
    """Send these pages (by default the everyday ones), each to the page of its first field."""
    for fields in pages or EVERYDAY_PAGES:
        client.post(page_url(next(iter(fields))), fields)


def given(name: str = "Ana Lopez", *, red_flags: tuple[str, ...] = (), **extra: Any) -> dict:
    """A complete questionnaire draft, as the kiosk keeps it."""
    q = questionnaire()
    raws: dict[str, Any] = {
        "runner.name": name,
        "runner.age": "34",
        "runner.strength_experience": "beginner",
        "runner.equipment": ["foam_roller"],
        "symptoms": ["symptoms.short_stride"],
        "pain.sites": [],
        "pain.level": "2",
        "training.weekly_km": "",
        "history.last_injury": "none",
        "history.stress_fracture": "no",
        "pregnancy.status": "none",
        "health.missed_periods": "no",
        "hypermobility.ask_how": "skip",
        "red_flags": [f"red_flags.{f}" for f in red_flags] or [NONE_OF_THESE],
        **extra,
    }
    answers: dict[str, Any] = {}
    while (step := q.pending(answers)) is not None:
        answers.update(q.accept(step, raws[step.path], answers))
    return answers


BORN = date(1992, 5, 3)


def record(name: str = "Ana Lopez", born: date = BORN) -> Record:
    """A client record."""
    return Record.objects.create(name=name, date_of_birth=born)


def submit(
    name: str = "Ana Lopez",
    *,
    red_flags: tuple[str, ...] = (),
    extra: dict[str, Any] | None = None,
    **fields: Any,
) -> Submission:
    """A submission as the kiosk stores it (`extra`: more raw answers for the draft, e.g.
    symptoms and pain; `received_at` is set after it is made, as the kiosk sets its own)."""
    answers = given(name, red_flags=red_flags, **(extra or {}))
    data = questionnaire().answers_data(answers)
    plan = service.screen(data)
    received_at = fields.pop("received_at", None)
    defaults: dict[str, Any] = {
        "intake": uuid.uuid4().hex,
        "name": name,
        "date_of_birth": BORN,
        "given": answers,
        "answers": data,
        "plan": plan.model_dump(mode="json"),
        "referral": plan.referral.required,
    }
    sub = Submission.objects.create(**(defaults | fields))
    if received_at is not None:
        Submission.objects.filter(pk=sub.pk).update(received_at=received_at)
        sub.refresh_from_db()
    return sub


def csv_rows(response: Any) -> list[dict[str, str]]:
    """The rows of a CSV download (which starts with a byte-order mark), by column."""
    text = response.content.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))
