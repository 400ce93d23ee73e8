"""Tells every view whether the browser is a kiosk (`request.kiosk`), and now and then wipes
expired sessions (an idle kiosk's answers) from the database."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from screening.desk.kiosk import idle, pairing


def kiosk(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        request.kiosk = pairing.find(request)  # type: ignore[attr-defined]
        idle.sweep_now_and_then()
        return get_response(request)

    return middleware
