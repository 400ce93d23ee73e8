"""Making a tablet a kiosk: a long random secret in a cookie (the database keeps its hash),
given either on the spot by signed-in staff or for a one-time code shown on the desk."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from screening.desk.kiosk.models import Kiosk, PairingCode

COOKIE = "desk_kiosk"
COOKIE_AGE = 5 * 365 * 24 * 3600
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
CODE_LENGTH = 8
CODE_MINUTES = 10


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def find(request: HttpRequest) -> Kiosk | None:
    """The kiosk this browser is, if its cookie names one that has not been ended."""
    token = request.COOKIES.get(COOKIE)
    if not token:
        return None
    return Kiosk.objects.filter(token_hash=_digest(token), ended_at=None).first()


def make(name: str, by: object) -> tuple[Kiosk, str]:
    """A new kiosk and the secret its browser keeps."""
    token = secrets.token_urlsafe(32)
    kiosk = Kiosk.objects.create(name=name, token_hash=_digest(token), created_by=by)
    return kiosk, token


def attach(response: HttpResponse, token: str) -> HttpResponse:
    """Give the browser its kiosk secret (HTTP only; HTTPS only when the desk uses TLS)."""
    response.set_cookie(
        COOKIE,
        token,
        max_age=COOKIE_AGE,
        httponly=True,
        secure=settings.TLS,
        samesite="Lax",
    )
    return response


def detach(response: HttpResponse) -> HttpResponse:
    response.delete_cookie(COOKIE, samesite="Lax")
    return response


def new_code(kiosk_name: str, by: object) -> str:
    """A one-time code, valid for `CODE_MINUTES`, shown as XXXX-XXXX."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    PairingCode.objects.create(
        code_hash=_digest(code),
        kiosk_name=kiosk_name,
        created_by=by,
        expires_at=timezone.now() + timedelta(minutes=CODE_MINUTES),
    )
    return f"{code[:4]}-{code[4:]}"


def redeem(typed: str) -> tuple[Kiosk, str] | None:
    """The new kiosk for a valid, unused, unexpired code (used up at once); else None."""
    code = "".join(c for c in typed.upper() if c.isalnum())
    with transaction.atomic():
        used = PairingCode.objects.filter(
            code_hash=_digest(code), used_at=None, expires_at__gt=timezone.now()
        )
        pairing = used.first()
        if pairing is None or not used.update(used_at=timezone.now()):
            return None
        return make(pairing.kiosk_name, pairing.created_by)
