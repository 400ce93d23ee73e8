"""One client's answers in progress, kept in the kiosk's server-side session (never in the
page's address, a cookie or the browser's storage) until they are sent or the kiosk idles."""

from __future__ import annotations

import secrets
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from screening import service
from screening.core.questionnaire import Questionnaire

KEY = "intake"


@cache
def questionnaire() -> Questionnaire:
    """The questionnaire, with the Beighton cut-offs of the desk's rules (one per process)."""
    return Questionnaire(service.screener(rules()).kb.beighton)


def rules() -> Path | None:
    """The desk's rules folder (`screening desk --rules`); None: the bundled one."""
    return settings.DESK_RULES


def begin(request: HttpRequest) -> dict[str, Any]:
    """A fresh intake in a fresh session (a new session key: nothing carried over)."""
    request.session.flush()
    intake: dict[str, Any] = {"id": secrets.token_hex(16), "answers": {}, "dob": None}
    request.session[KEY] = intake
    request.session.set_expiry(settings.DESK_IDLE_WIPE)
    return intake


def current(request: HttpRequest) -> dict[str, Any] | None:
    """The intake in progress (its idle clock restarted), or None: never begun, sent, wiped
    by the client, or expired on the server after `DESK_IDLE_WIPE` idle seconds."""
    intake = request.session.get(KEY)
    if intake is None:
        return None
    request.session.set_expiry(settings.DESK_IDLE_WIPE)  # saves the session: a new deadline
    return intake


def save(request: HttpRequest, intake: dict[str, Any]) -> None:
    request.session[KEY] = intake
    request.session.modified = True


def end(request: HttpRequest) -> None:
    """Forget everything entered (the session row is deleted, the cookie dropped)."""
    request.session.flush()


def date_of_birth(intake: dict[str, Any]) -> date | None:
    return date.fromisoformat(intake["dob"]) if intake.get("dob") else None
