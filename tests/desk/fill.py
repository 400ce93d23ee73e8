"""Fill a desk's data folder with client records, in a process of its own (the tests of the
desk's commands run those in processes of their own too).

    python -m tests.desk.fill DATA COUNT [NAME] [--serve]

Adds COUNT records, each with one screening (sent from the kiosk) and its printed plan, the
first named NAME if given. With --serve it then holds the lock a serving desk holds, says
"ready" and keeps adding records (a record and its screening in one transaction) until it is
stopped: a desk busy taking submissions.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def add(number: int, name: str | None = None) -> None:
    from django.db import transaction

    from screening.desk.records.models import Printout
    from tests.desk.conftest import record, submit

    name = name or f"Client Number{number}"
    with transaction.atomic():
        sub = submit(name, client=record(name))
        Printout.objects.create(
            submission=sub,
            pdf=f"%PDF- {name}".encode(),
            sha256="-",
            paper="a4",
            dated=sub.received_at.date(),
        )


def main(argv: list[str]) -> None:
    serve = "--serve" in argv
    args = [a for a in argv if a != "--serve"]
    data, count = Path(args[0]), int(args[1])
    from screening.desk import boot

    boot.prepare(data)
    boot.migrate()
    for n in range(count):
        add(n, args[2] if n == 0 and len(args) > 2 else None)
    if not serve:
        return
    from screening.desk import database

    with database.serving(data):
        print("ready", flush=True)
        n = count
        while True:
            add(n)
            n += 1
            time.sleep(0.02)  # busy, yet leaving the machine's two cores to the others


if __name__ == "__main__":
    main(sys.argv[1:])
