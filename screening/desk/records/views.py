"""The records pages: finding a client's record, their history and comparison, editing it,
matching a submission to it, exports (screenings as CSV, a record as JSON, the audit log as
CSV) and erasure. Staff pages, except erasure and the audit log's export (admins)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from screening.core.compare import scores
from screening.desk import database
from screening.desk.kiosk.models import Submission
from screening.desk.records import erasure, export, matching, printing
from screening.desk.records.forms import ClientForm, EraseForm, ExportForm, SearchForm
from screening.desk.records.models import Client, Printout
from screening.desk.staff.access import admin_required, audit, staff_required
from screening.desk.staff.models import AuditEntry
from screening.render.since import since_view
from screening.store.files import report_stem

FOUND_MAX = 50
RECORD_FIELDS = ("name", "date_of_birth")
Action = AuditEntry.Action


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@staff_required
@require_http_methods(["GET"])
def clients(request: HttpRequest) -> HttpResponse:
    """Find a record by name (any part of it) and date of birth."""
    form = SearchForm(request.GET or None)
    found = None
    if form.asked:
        found = list(
            matching.search(form.cleaned_data["name"], form.cleaned_data["born"])[: FOUND_MAX + 1]
        )
        audit(request, Action.RECORD_SEARCH, f"{min(len(found), FOUND_MAX)} records shown")
    more = found is not None and len(found) > FOUND_MAX
    return render(
        request,
        "records/clients.html",
        {"form": form, "found": found[:FOUND_MAX] if found is not None else None, "more": more},
    )


def record_panel(sub: Submission, query: Any) -> dict[str, Any]:
    """What the submission page shows about its client record: the record it is in (with the
    screening before it), or the records it might belong to and a search."""
    form = SearchForm(query if ("name" in query or "born" in query) else None)
    candidates = [] if sub.client_id else matching.candidates(sub)
    return {
        "previous": printing.previous(sub),
        "printed": list(sub.printouts.select_related("printed_by").defer("pdf").order_by("since")),
        "candidates": candidates,
        "duplicates": [c for c in candidates if c.duplicate],
        "search": form,
        "found": list(
            matching.search(form.cleaned_data["name"], form.cleaned_data["born"])[:FOUND_MAX]
        )
        if not sub.client_id and form.asked
        else None,
    }


@staff_required
@require_POST
def match(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a submission in an existing record (`client`) or a new one (`action=new`)."""
    sub = get_object_or_404(Submission, pk=pk)
    try:
        if request.POST.get("action") == "new":
            different = request.POST.get("different") == "1"
            client = matching.new_record(sub, request.user, different_person=different)
            audit(request, Action.RECORD_ADD, str(client))
        else:
            number = request.POST.get("client", "")
            client = get_object_or_404(Client, pk=int(number) if number.isdigit() else 0)
            matching.add_to(sub, client)
    except matching.MatchRefused as refused:
        messages.error(request, str(refused))
        return redirect("staff:submission", pk=pk)
    audit(request, Action.RECORD_MATCH, f"{sub} into {client}")
    messages.success(request, f"Screening added to record {client.pk}.")
    return redirect("staff:submission", pk=pk)


def _history_row(sub: Submission) -> dict[str, Any]:
    plan = printing.plan_of(sub)
    return {
        "sub": sub,
        "plan": plan,
        "scores": scores(plan.answers),
        "printed": sorted(sub.printouts.all(), key=lambda p: p.printed_at),
    }


@staff_required
@require_http_methods(["GET"])
def client(request: HttpRequest, pk: int) -> HttpResponse:
    """A client's record: their screenings over time, and the latest against the one before."""
    record = get_object_or_404(Client, pk=pk)
    audit(request, Action.RECORD_VIEW, str(record))
    screenings = list(
        record.screenings.order_by("-received_at", "-pk").prefetch_related(
            Prefetch("printouts", Printout.objects.defer("pdf"))
        )
    )
    since = None
    if len(screenings) >= 2:
        since = since_view(printing.comparison(screenings[0], screenings[1]))
    return render(
        request,
        "records/client.html",
        {
            "record": record,
            "rows": [_history_row(s) for s in screenings],
            "latest": screenings[0] if screenings else None,
            "since": since,
            "unmatched": erasure.unmatched_submissions(record),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def edit_client(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a record's name or date of birth (its screenings keep what was sent)."""
    record = get_object_or_404(Client, pk=pk)
    form = ClientForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        changed = [form.fields[f].label.lower() for f in form.changed_data if f in RECORD_FIELDS]
        if changed:
            form.save()
            audit(request, Action.RECORD_EDIT, f"{record}: {' and '.join(changed)}")
            messages.success(request, f"Record {record.pk} saved.")
        return redirect("records:client", pk=pk)
    return render(request, "records/edit.html", {"record": record, "form": form})


@staff_required
@require_http_methods(["GET"])
def record_json(request: HttpRequest, pk: int) -> HttpResponse:
    """The client's whole record as a JSON download."""
    record = get_object_or_404(Client, pk=pk)
    data = export.record_json(record)
    audit(request, Action.EXPORT, f"{record} as JSON")
    name = f"record-{record.pk}-{timezone.localdate().isoformat()}.json"
    return _download(data, "application/json", name)


@staff_required
@require_http_methods(["GET"])
def export_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = ExportForm(initial={"start": today.replace(day=1), "end": today})
    return render(request, "records/export.html", {"form": form})


@staff_required
@require_http_methods(["GET"])
def export_screenings(request: HttpRequest) -> HttpResponse:
    """The screenings of a date range as a CSV download (spreadsheet-safe)."""
    form = ExportForm(request.GET)
    if not form.is_valid():
        return render(request, "records/export.html", {"form": form}, status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    data, rows = export.screenings_csv(start, end)
    audit(request, Action.EXPORT, f"screenings {start} to {end} as CSV ({rows} rows)")
    return _download(data, "text/csv; charset=utf-8", f"screenings-{start}-to-{end}.csv")


@admin_required
@require_http_methods(["GET"])
def audit_csv(request: HttpRequest) -> HttpResponse:
    """The audit log (filtered by account name, as on its page) as a CSV download."""
    entries = AuditEntry.objects.all()
    if who := request.GET.get("who", "").strip():
        entries = entries.filter(username__icontains=who)
    data, count = export.audit_csv(entries)
    audit(request, Action.EXPORT, f"audit log as CSV ({count} entries)")
    return _download(data, "text/csv; charset=utf-8", f"audit-{timezone.localdate()}.csv")


@admin_required
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Erase a client on request, once an admin has typed the record's number."""
    record = get_object_or_404(Client, pk=pk)
    unmatched = erasure.unmatched_submissions(record)
    form = EraseForm(record, unmatched, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            done = erasure.erase(record, unmatched=form.cleaned_data["unmatched"])
            audit(request, Action.ERASE, done.summary())
        database.scrub()
        messages.success(
            request,
            f"Record {done.record} erased: {done.screenings} screenings, {done.printouts} "
            f"printed plans and {done.unmatched} unmatched submissions removed.",
        )
        return redirect("records:clients")
    counts = {
        "screenings": record.screenings.count(),
        "printouts": Printout.objects.filter(submission__client=record).count(),
    }
    return render(request, "records/erase.html", {"record": record, "form": form, "counts": counts})


def print_response(request: HttpRequest, sub: Submission, *, since: bool) -> HttpResponse:
    """The plan's PDF (kept at its first print, the same bytes ever after); audited."""
    try:
        printed = printing.print_plan(sub, since=since, by=request.user)
    except printing.NoEarlierVisit:
        raise Http404("no earlier screening in this record") from None
    what = f"{sub}" + (", with since your last visit" if since else "")
    audit(request, Action.PRINT, what + (", reprint" if printed.reprint else ""))
    response = HttpResponse(printed.pdf, content_type="application/pdf")
    stem = report_stem(sub.name, printed.printout.dated) + ("-since" if since else "")
    response["Content-Disposition"] = f'inline; filename="{stem}.pdf"'
    return response
