"""The staff pages: signing in and out, the queue, a submission (answers, plan, reasons, its
client record), its printed plan, marking it reviewed, signing off a referral, kiosks, accounts,
the audit log and the desk's settings. Every page needs a signed-in account on a device that
is not a kiosk."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from screening.desk.kiosk import intake, pairing
from screening.desk.kiosk.models import Kiosk, Submission
from screening.desk.records import printing
from screening.desk.records.views import print_response, record_panel
from screening.desk.staff.access import admin_required, audit, refuse, staff_required
from screening.desk.staff.forms import (
    AccountForm,
    KioskForm,
    NoteForm,
    SettingsForm,
    SignInForm,
)
from screening.desk.staff.models import Account, AuditEntry, DeskSettings

AUDIT_PAGE = 50


class SignIn(LoginView):
    """Signing in (a kiosk is refused: staff take a tablet out of kiosk mode on the tablet)."""

    template_name = "staff/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.kiosk is not None:  # type: ignore[attr-defined]
            return refuse(request, "kiosk")
        return super().dispatch(request, *args, **kwargs)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit(request, AuditEntry.Action.SIGN_OUT)
    logout(request)
    return redirect("staff:sign-in")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token (or from another site) is refused."""
    return render(request, "desk/refused.html", {"reason": "csrf"}, status=403)


@staff_required
@require_http_methods(["GET"])
def queue(request: HttpRequest) -> HttpResponse:
    """Submissions awaiting review (referrals first, then oldest first), and today's reviewed."""
    today = timezone.localdate()
    waiting = Submission.objects.filter(reviewed_at=None).order_by("-referral", "received_at")
    done = Submission.objects.filter(reviewed_at__date=today).order_by("-reviewed_at")
    rows = waiting.only("id", "name", "received_at", "referral", "date_of_birth")
    # The reviewed list shows names and times: the answers and plans (JSON) stay unread.
    done = done.select_related("reviewed_by").defer("given", "answers", "plan")
    return render(request, "staff/queue.html", {"waiting": rows, "done": done, "today": today})


@staff_required
@require_http_methods(["GET"])
def submission(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_object_or_404(
        Submission.objects.select_related("reviewed_by", "signed_off_by", "kiosk", "client"), pk=pk
    )
    audit(request, AuditEntry.Action.VIEW, str(sub))
    q = intake.questionnaire()
    plan = printing.plan_of(sub)
    return render(
        request,
        "staff/submission.html",
        {
            "sub": sub,
            "plan": plan,
            "given": [e.text for e in q.review(sub.given)],
            **record_panel(sub, request.GET),
        },
    )


@staff_required
@require_http_methods(["GET"])
def print_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan as `screening plan` prints it, with the desk's clinic name and paper, dated
    the day it was sent; with `?since=1`, with the "Since your last visit" page. The first
    print is kept: a reprint gives the very same PDF."""
    sub = get_object_or_404(Submission, pk=pk)
    return print_response(request, sub, since=request.GET.get("since") == "1")


def _note(request: HttpRequest) -> str | None:
    """The note sent with a review or a sign-off; None, with a message said, if too long."""
    form = NoteForm(request.POST)
    if form.is_valid():
        return form.cleaned_data["note"]
    messages.error(request, "The note is too long (2000 characters at most).")
    return None


@staff_required
@require_POST
def mark_reviewed(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_object_or_404(Submission, pk=pk)
    if (note := _note(request)) is None:
        return redirect("staff:submission", pk=pk)
    if sub.reviewed_at is None:
        sub.reviewed_at = timezone.now()
        sub.reviewed_by = request.user  # type: ignore[assignment]
        sub.review_note = note
        sub.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
        audit(request, AuditEntry.Action.REVIEW, str(sub))
        messages.success(request, f"{sub.name}: marked reviewed.")
    return redirect("staff:queue")


@staff_required
@require_POST
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    """A clinician confirms the referral was dealt with; this also marks it reviewed."""
    sub = get_object_or_404(Submission, pk=pk)
    if not sub.referral:
        return refuse(request, "no-referral")
    if (note := _note(request)) is None:
        return redirect("staff:submission", pk=pk)
    if sub.signed_off_at is None:
        now = timezone.now()
        sub.signed_off_at, sub.signed_off_by = now, request.user  # type: ignore[assignment]
        sub.sign_off_note = note
        if sub.reviewed_at is None:
            sub.reviewed_at, sub.reviewed_by = now, request.user  # type: ignore[assignment]
        sub.save()
        audit(request, AuditEntry.Action.SIGN_OFF, str(sub))
        messages.success(request, f"{sub.name}: referral signed off.")
    return redirect("staff:queue")


@staff_required
@require_http_methods(["GET", "POST"])
def kiosks(request: HttpRequest) -> HttpResponse:
    """Pair a tablet with a one-time code, make this very device a kiosk, or end a kiosk."""
    code = None
    form = KioskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"]
        if request.POST.get("action") == "this-device":
            kiosk, token = pairing.make(name, request.user)
            audit(request, AuditEntry.Action.KIOSK_PAIR, f"kiosk {kiosk.pk} ({name}), on it")
            logout(request)  # the tablet is a kiosk now, not a staff screen
            return pairing.attach(redirect("kiosk:welcome"), token)
        code = pairing.new_code(name, request.user)
        form = KioskForm()
    active = Kiosk.objects.filter(ended_at=None).select_related("created_by").order_by("name")
    return render(
        request,
        "staff/kiosks.html",
        {"form": form, "code": code, "kiosks": active, "minutes": pairing.CODE_MINUTES},
    )


@staff_required
@require_POST
def end_kiosk(request: HttpRequest, pk: int) -> HttpResponse:
    kiosk = get_object_or_404(Kiosk, pk=pk, ended_at=None)
    kiosk.ended_at = timezone.now()
    kiosk.save(update_fields=["ended_at"])
    audit(request, AuditEntry.Action.KIOSK_REVOKE, f"kiosk {kiosk.pk} ({kiosk.name})")
    messages.success(request, f"{kiosk.name} is no longer a kiosk.")
    return redirect("staff:kiosks")


@admin_required
@require_http_methods(["GET", "POST"])
def accounts(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST or None, initial={"role": Account.Role.STAFF})
    if request.method == "POST" and form.is_valid():
        account = form.create()
        audit(
            request, AuditEntry.Action.ACCOUNT_ADD, f"account {account.username} ({account.role})"
        )
        messages.success(request, f"Added {account.username} ({account.get_role_display()}).")
        return redirect("staff:accounts")
    return render(
        request,
        "staff/accounts.html",
        {"form": form, "accounts": Account.objects.order_by("-is_active", "username")},
    )


@admin_required
@require_POST
def account_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Disable an account (it can no longer sign in; its sessions end) or enable it again."""
    account = get_object_or_404(Account, pk=pk)
    enable = request.POST.get("active") == "1"
    if account.pk == request.user.pk:
        messages.error(request, "You cannot disable your own account.")
        return redirect("staff:accounts")
    account.is_active = enable
    account.save(update_fields=["is_active"])
    if not enable:
        _end_sessions(account)
    action = AuditEntry.Action.ACCOUNT_ENABLE if enable else AuditEntry.Action.ACCOUNT_DISABLE
    audit(request, action, f"account {account.username}")
    messages.success(request, f"{account.username} {'enabled' if enable else 'disabled'}.")
    return redirect("staff:accounts")


def _end_sessions(account: Account) -> None:
    from django.contrib.sessions.models import Session

    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(account.pk):
            session.delete()


@admin_required
@require_http_methods(["GET"])
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = AuditEntry.objects.select_related("account")
    if who := request.GET.get("who", "").strip():
        entries = entries.filter(username__icontains=who)
    page = Paginator(entries, AUDIT_PAGE).get_page(request.GET.get("page"))
    return render(request, "staff/audit.html", {"page": page, "who": who})


@admin_required
@require_http_methods(["GET", "POST"])
def desk_settings(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(request.POST or None, instance=DeskSettings.current())
    if request.method == "POST" and form.is_valid():
        form.save()
        audit(request, AuditEntry.Action.SETTINGS, "clinic name and paper")
        messages.success(request, "Settings saved: plans print with them from now on.")
        return redirect("staff:settings")
    return render(request, "staff/settings.html", {"form": form})
