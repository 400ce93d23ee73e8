"""The kiosk's pages: welcome, one page per group of questions, review, thanks; pairing a
tablet with a code, and taking it out of kiosk mode with a staff password.

A kiosk can only start and send new submissions: no page here shows a stored one. Every
page is sent with POST and answered with a redirect, so the browser's history holds only
addresses, never a form to send again; the answers live in the server-side session.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from screening import __version__, service
from screening.core.answers import parse_answers
from screening.core.errors import ScreeningError
from screening.core.questionnaire import Page
from screening.desk.kiosk import form, intake, pairing
from screening.desk.kiosk.models import Submission
from screening.desk.staff.access import audit
from screening.desk.staff.models import AuditEntry, DeskSettings
from screening.render.view import date_text

FIRST_PAGE_MARK = "runner.name"  # the page asking the name also asks the date of birth


def kiosk_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Only a kiosk takes answers; any other browser is told how to make it one."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.kiosk is None:  # type: ignore[attr-defined]
            return render(request, "kiosk/not_a_kiosk.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def home(request: HttpRequest) -> HttpResponse:
    """The desk's front page: a kiosk's welcome, the staff queue, or signing in."""
    if request.kiosk is not None:  # type: ignore[attr-defined]
        return redirect("kiosk:welcome")
    return redirect("staff:queue" if request.user.is_authenticated else "staff:sign-in")


def _page_url(page: Page | None) -> str:
    return reverse("kiosk:review") if page is None else reverse("kiosk:page", args=[page.number])


def _context(**extra: Any) -> dict[str, Any]:
    """What every kiosk page shows: the clinic's name, and the idle limits for its script."""
    return {
        "clinic": DeskSettings.current().clinic,
        "idle_warning": settings.DESK_IDLE_WARNING,
        "idle_wipe": settings.DESK_IDLE_WIPE,
        **extra,
    }


@kiosk_required
@require_http_methods(["GET"])
def welcome(request: HttpRequest) -> HttpResponse:
    cleared = request.GET.get("cleared") == "1"
    return render(request, "kiosk/welcome.html", _context(cleared=cleared))


@kiosk_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    intake.begin(request)
    return redirect(_page_url(intake.questionnaire().page(1)))


@kiosk_required
@require_POST
def reset(request: HttpRequest) -> HttpResponse:
    """Wipe what was entered (the client chose to start again, or the tablet was idle)."""
    intake.end(request)
    return redirect(reverse("kiosk:welcome") + "?cleared=1")


@kiosk_required
@require_POST
def still_here(request: HttpRequest) -> HttpResponse:
    """The client answered the idle warning: their answers are kept for another spell."""
    return HttpResponse(status=204 if intake.current(request) is not None else 410)


@kiosk_required
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, number: int) -> HttpResponse:
    state = intake.current(request)
    if state is None:
        return redirect(
            reverse("kiosk:welcome") + ("?cleared=1" if request.method == "POST" else "")
        )
    q = intake.questionnaire()
    try:
        this = q.page(number)
    except IndexError:
        raise Http404("no such page") from None
    answers = state["answers"]
    if not q.reachable(this, answers):
        return redirect(_page_url(q.pending_page(answers)))
    first = any(s.path == FIRST_PAGE_MARK for s in this.steps)
    born = form.BirthDate.of(intake.date_of_birth(state))
    if request.method == "GET":
        return _show(request, this, answers, state, born if first else None)

    raws = form.read(q, this, answers, request.POST)
    given, errors = form.to_accept(q, this, answers, raws)
    values: dict[str, Any] = {}
    for step in q.asked(this, answers):
        if step.path in errors:
            continue
        try:
            values.update(q.accept(step, given[step.path], answers))
        except ScreeningError as exc:
            errors[step.path] = [p.message for p in exc.problems]
    if first:
        born = form.BirthDate.read(request.POST)
        dob = born.check(values.get("runner.age"), timezone.localdate())
        state["dob"] = dob.isoformat() if dob else state.get("dob")
    if request.POST.get("action") == "back":  # keep what is valid, go back a page
        answers.update(values)
        q.prune(answers)
        intake.save(request, state)
        return redirect(_page_url(q.previous_page(this, answers) or this))
    if errors or (first and born.errors):
        return _show(request, this, answers, state, born if first else None, raws, errors)
    answers.update(values)
    q.prune(answers)
    intake.save(request, state)
    upcoming = q.next_page(this, answers)
    if state.get("reviewing") and q.pending_page(answers) is None:
        upcoming = None
    return redirect(_page_url(upcoming))


def _show(
    request: HttpRequest,
    this: Page,
    answers: dict[str, Any],
    state: dict[str, Any],
    born: form.BirthDate | None,
    raws: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
) -> HttpResponse:
    q = intake.questionnaire()
    fields = form.fields(q, this, answers, raws, errors)
    problems = [f for f in fields if f.errors]
    sections = list(dict.fromkeys(p.section.title for p in q.pages))
    context = _context(
        page=this,
        fields=fields,
        born=born,
        problems=problems,
        problem_count=len(problems) + (1 if born and born.errors else 0),
        heading=this.section.title,
        subheading=this.parent.title if this.parent is not this.section else "",
        intro=this.parent.prompt if this.parent is not this.section else "",
        part=sections.index(this.section.title) + 1,
        parts=len(sections),
        back=q.previous_page(this, answers) is not None,
        reviewing=bool(state.get("reviewing")),
    )
    return render(request, "kiosk/page.html", context)


@kiosk_required
@require_http_methods(["GET"])
def review(request: HttpRequest) -> HttpResponse:
    state = intake.current(request)
    if state is None:
        return redirect("kiosk:welcome")
    q = intake.questionnaire()
    answers = state["answers"]
    if (pending := q.pending_page(answers)) is not None or not state.get("dob"):
        return redirect(_page_url(pending or q.page(1)))
    state["reviewing"] = True
    intake.save(request, state)
    entries = [(e.text, q.page_of(e.steps[0]).number) for e in q.review(answers)]
    born = intake.date_of_birth(state)
    assert born is not None
    entries.insert(1, (f"Date of birth: {date_text(born)}", 1))
    notices = [n for s in q.steps if q.applies(s, answers) for n in q.notices(s, answers)]
    return render(request, "kiosk/review.html", _context(entries=entries, notices=notices))


@kiosk_required
@require_POST
def send(request: HttpRequest) -> HttpResponse:
    """Screen the answers and keep the submission; the client's session ends here. Sending
    twice (a double tap, a resent form) keeps one submission."""
    state = intake.current(request)
    if state is None:
        return redirect(reverse("kiosk:welcome") + "?cleared=1")
    q = intake.questionnaire()
    answers = state["answers"]
    born = intake.date_of_birth(state)
    if q.pending_page(answers) is not None or born is None:
        return redirect("kiosk:review")
    data = q.answers_data(answers)
    plan = service.screen(parse_answers(data, "desk"), intake.rules())
    try:
        with transaction.atomic():
            Submission.objects.create(
                intake=state["id"],
                kiosk=request.kiosk,  # type: ignore[attr-defined]
                name=plan.runner.name,
                date_of_birth=born,
                given=answers,
                answers=data,
                plan=plan.model_dump(mode="json"),
                referral=plan.referral.required,
                rules_fingerprint=service.rules_fingerprint(intake.rules()),
                program_version=__version__,
            )
    except IntegrityError:  # already sent from this intake: keep the first
        pass
    intake.end(request)
    return redirect("kiosk:thanks")


@kiosk_required
@require_http_methods(["GET"])
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "kiosk/thanks.html", _context(seconds=settings.DESK_THANKS_SECONDS))


@require_http_methods(["GET", "POST"])
def pair(request: HttpRequest) -> HttpResponse:
    """On a tablet: type the code shown on the desk to make this browser a kiosk."""
    if request.kiosk is not None:  # type: ignore[attr-defined]
        return redirect("kiosk:welcome")
    error = ""
    code = ""
    if request.method == "POST":
        code = request.POST.get("code", "").strip()
        made = pairing.redeem(code)
        if made is not None:
            kiosk, token = made
            audit(
                request,
                AuditEntry.Action.KIOSK_PAIR,
                f"kiosk {kiosk.pk} ({kiosk.name}), by code",
                account=kiosk.created_by,
            )
            request.session.flush()  # whoever was signed in here is signed out
            return pairing.attach(redirect("kiosk:welcome"), token)
        error = (
            "That code is not right, was used already or has expired: ask the desk for a new one."
        )
    return render(request, "kiosk/pair.html", {"error": error, "code": code})


@kiosk_required
@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest) -> HttpResponse:
    """Staff take this tablet out of kiosk mode with their name and password."""
    error = ""
    username = ""
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        user = authenticate(request, username=username, password=request.POST.get("password", ""))
        if user is not None:
            kiosk = request.kiosk  # type: ignore[attr-defined]
            kiosk.ended_at = timezone.now()
            kiosk.save(update_fields=["ended_at"])
            intake.end(request)
            login(request, user)
            audit(
                request, AuditEntry.Action.KIOSK_REVOKE, f"kiosk {kiosk.pk} ({kiosk.name}), on it"
            )
            return pairing.detach(redirect("staff:queue"))
        error = "That name and password do not match an account."
    return render(request, "kiosk/leave.html", {"error": error, "username": username})
