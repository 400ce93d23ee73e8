"""The production server: gunicorn with threaded workers, HTTPS when given a certificate.

The application is loaded once in the main process (Django, the rules engine), then the
workers are forked; each worker also sweeps expired kiosk sessions on a timer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

THREADS = 4  # per worker: a slow print does not hold up the queue or the tablets


def run(*, host: str, port: int, workers: int, certfile: Path | None, keyfile: Path | None) -> None:
    from gunicorn.app.base import BaseApplication

    def post_worker_init(worker: Any) -> None:
        from screening.desk.kiosk import idle

        idle.start_timer()

    options: dict[str, Any] = {
        "bind": f"[{host.strip('[]')}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": THREADS,
        "preload_app": True,
        "timeout": 60,
        "graceful_timeout": 10,
        "keepalive": 5,
        "loglevel": "warning",
        "errorlog": "-",
        "accesslog": None,
        "proc_name": "screening-desk",
        "post_worker_init": post_worker_init,
    }
    if certfile is not None and keyfile is not None:
        options |= {"certfile": str(certfile), "keyfile": str(keyfile)}

    class DeskServer(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from django.db import connections

            from screening.desk.kiosk.intake import questionnaire
            from screening.desk.wsgi import application

            questionnaire()  # compile the rules once, before the workers are forked
            _warm_printing()
            connections.close_all()  # each worker opens its own
            return application

    DeskServer().run()


def _warm_printing() -> None:
    """Render the example plan once, with the desk's rules (whose screener the workers use),
    so the workers inherit WeasyPrint loaded, its fonts found and its stylesheet parsed (the
    first print in a cold worker took about a second more)."""
    from screening import service
    from screening.core.answers import load_answers
    from screening.core.resources import example_answers
    from screening.desk.kiosk.intake import rules

    service.render(service.screen(load_answers(example_answers()), rules()), "pdf")
