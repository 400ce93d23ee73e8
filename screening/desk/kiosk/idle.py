"""What a kiosk forgets: a client's answers live only in their server-side session, which
expires `DESK_IDLE_WIPE` seconds after the last request; expired sessions are deleted from the
database at least every `SWEEP_SECONDS` (here, on requests, and by a timer in each server
worker), so nothing entered outlives the idle limit by more than that."""

from __future__ import annotations

import logging
import threading
import time

from django.contrib.sessions.models import Session
from django.db import DatabaseError, connection
from django.utils import timezone

SWEEP_SECONDS = 30
_last = 0.0
_lock = threading.Lock()


def sweep() -> int:
    """Delete every expired session; returns how many."""
    return Session.objects.filter(expire_date__lte=timezone.now()).delete()[0]


def sweep_now_and_then() -> None:
    """Sweep if this process has not for `SWEEP_SECONDS`."""
    global _last
    now = time.monotonic()
    if now - _last < SWEEP_SECONDS or not _lock.acquire(blocking=False):
        return
    try:
        _last = now
        sweep()
    finally:
        _lock.release()


def start_timer() -> None:
    """Sweep every `SWEEP_SECONDS` in a background thread (one per server worker)."""

    def loop() -> None:
        while True:
            time.sleep(SWEEP_SECONDS)
            try:
                sweep_now_and_then()
            except DatabaseError:  # busy or gone for a moment: the next round sweeps
                logging.getLogger(__name__).warning("session sweep failed", exc_info=True)
            finally:
                connection.close()

    threading.Thread(target=loop, name="session-sweep", daemon=True).start()
