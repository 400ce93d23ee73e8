"""Sign-ins, wrong passwords and lock-outs go into the audit log, wherever they happen (the
sign-in page, or a tablet taken out of kiosk mode)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from screening.desk.staff.access import audit
from screening.desk.staff.models import AuditEntry


@receiver(user_logged_in)
def signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None:
        audit(request, AuditEntry.Action.SIGN_IN, account=user)


@receiver(user_login_failed)
def wrong_password(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any
) -> None:
    if request is not None:
        audit(request, AuditEntry.Action.SIGN_IN_FAILED, username=credentials.get("username", ""))


@receiver(user_locked_out)
def locked_out(sender: Any, request: Any, username: str | None = None, **kw: Any) -> None:
    if request is not None:
        audit(request, AuditEntry.Action.LOCKED_OUT, username=username or "")
