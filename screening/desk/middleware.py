"""Desk-wide middleware: nothing the desk serves (other than its static files) is kept in a
browser's or a proxy's cache, so Back and history never show a previous client's answers."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def no_store(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        add_never_cache_headers(response)  # Cache-Control: max-age=0, no-cache, no-store, ...
        return response

    return middleware
