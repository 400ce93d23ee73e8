"""Who may see what: staff pages need a signed-in account on a device that is not a kiosk;
admin pages need the admin role. Also the audit log's writer and the client's address."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from screening.desk.staff.models import Account, AuditEntry

View = Callable[..., HttpResponse]


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from (the desk is served directly, with no proxy)."""
    return request.META.get("REMOTE_ADDR") or None


def audit(
    request: HttpRequest,
    action: str,
    target: str = "",
    *,
    account: Account | None = None,
    username: str | None = None,
) -> None:
    """Write one entry: who (the signed-in account unless given), what, from where."""
    if account is None and request.user.is_authenticated:
        account = request.user  # type: ignore[assignment]
    AuditEntry.objects.create(
        account=account,
        username=username if username is not None else (account.username if account else ""),
        action=action,
        target=target,
        address=client_ip(request),
    )


COMMAND_LINE = "(command line)"


def audit_command(action: str, target: str = "") -> None:
    """Write one entry for something done with a `screening desk` command."""
    AuditEntry.objects.create(username=COMMAND_LINE, action=action, target=target)


def refuse(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "desk/refused.html", {"reason": reason}, status=403)


def staff_required(view: View) -> View:
    """Signed-in staff on a device that is not a kiosk; a kiosk is refused (403) whatever
    the address, and anyone else is sent to sign in."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "kiosk", None) is not None:
            return refuse(request, "kiosk")
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def admin_required(view: View) -> View:
    """Like `staff_required`, and the account must be an admin (else 403)."""

    @staff_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_admin:  # type: ignore[union-attr]
            return refuse(request, "admin")
        return view(request, *args, **kwargs)

    return wrapped


def roles(request: HttpRequest) -> dict[str, Any]:
    """Template context: whether this is a kiosk, and the signed-in account's role."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "on_kiosk": getattr(request, "kiosk", None) is not None,
        "signed_in": signed_in,
        "is_admin": signed_in and user.is_admin,  # type: ignore[union-attr]
    }
