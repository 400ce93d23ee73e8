"""The desk under a clinic's load: 20 simulated users at once for a minute against
`screening desk --workers 2`: 16 clients on kiosks loading form pages and sending, 4 staff
loading the queue and opening submissions, and one print every 15 seconds across them.

Prints the p50/p95/max of each kind of request, the errors, and checks that every submission
acknowledged to a client is in the database exactly once (none lost, none doubled).

With --postgresql, a clinic group: a throwaway PostgreSQL 15 server (as the tests start it) and
`--desks 2` desk processes sharing its database (as two front-desk machines would), each with
`--workers 1` unless told otherwise; the users are spread over the desks.

Run: .venv/bin/python benchmarks/desk_load.py [--seconds 60] [--think 0.5] [--postgresql]
(figures, not a test; `make bench` runs it both ways). Each simulated person waits `--think` seconds
(+/- half) between requests: far quicker than a person reading and tapping, so the load is
heavier than a real waiting room's.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.postgres

PASSWORD = "benchmark-password-1"
CSRF = "csrftoken"


class Timings:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ms: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []

    def call(self, kind: str, client: httpx.Client, method: str, url: str, **kw) -> httpx.Response:
        start = time.perf_counter()
        response = client.request(method, url, **kw)
        elapsed = (time.perf_counter() - start) * 1000
        with self.lock:
            self.ms[kind].append(elapsed)
            if response.status_code >= 400:
                self.errors.append(f"{method} {url}: {response.status_code}")
        return response


def token(client: httpx.Client) -> dict[str, str]:
    return {"csrfmiddlewaretoken": client.cookies[CSRF]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SCREENING = [sys.executable, "-m", "screening", "desk"]


def add_account(place: list[str]) -> None:
    subprocess.run(
        [*SCREENING, "adduser", "bench", "--admin", *place],
        input=PASSWORD + "\n",
        text=True,
        check=True,
        capture_output=True,
    )


def start_desk(folder: Path, place: list[str], workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = (folder / f"server-{port}.log").open("wb")
    process = subprocess.Popen(
        [*SCREENING, "--port", str(port), *place, "--workers", str(workers)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(url + "/staff/sign-in/").status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit("the desk did not start: " + Path(log.name).read_text())


def staff_client(url: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=30)
    client.get("/staff/sign-in/")
    signed = client.post(
        "/staff/sign-in/", data={**token(client), "username": "bench", "password": PASSWORD}
    )
    assert signed.status_code == 302, signed.text
    return client


def kiosk_client(url: str, staff: httpx.Client) -> httpx.Client:
    page = staff.post("/staff/kiosks/", data={**token(staff), "name": "Bench", "action": "code"})
    code = re.search(r'<p class="code"[^>]*>([A-Z0-9-]+)</p>', page.text).group(1)
    client = httpx.Client(base_url=url, timeout=30)
    client.get("/kiosk/pair/")
    assert client.post("/kiosk/pair/", data={**token(client), "code": code}).status_code == 302
    return client


def think(seconds: float) -> None:
    time.sleep(random.uniform(seconds / 2, seconds * 1.5))


def client_loop(
    number: int, client: httpx.Client, t: Timings, stop: float, pause: float, sent: list[str]
) -> None:
    """A kiosk client after client: every page, the review, send, thanks."""
    visit = 0
    while time.monotonic() < stop:
        visit += 1
        name = f"Client {number}-{visit}"
        symptoms = random.random() < 0.5
        red_flag = random.random() < 0.2
        form = {  # every page's fields (each page reads its own)
            "runner.name": name,
            "runner.age": "40",
            "dob-day": "1",
            "dob-month": "2",
            "dob-year": "1986",
            "runner.strength_experience": "beginner",
            "runner.equipment": ["foam_roller"],
            "symptoms": ["symptoms.knee_pain"] if symptoms else [],
            "pain.sites": ["knee_front"] if symptoms else [],
            "pain.level": "3",
            "training.weekly_km": "",
            "history.last_injury": "none",
            "history.stress_fracture": "no",
            "pregnancy.status": "none",
            "health.missed_periods": "no",
            "hypermobility.ask_how": "skip",
            "red_flags": ["red_flags.dizziness"] if red_flag else ["none"],
        }
        t.call("start", client, "GET", "/kiosk/")
        started = t.call("start", client, "POST", "/kiosk/start/", data=token(client))
        address = started.headers.get("location", "")
        for _ in range(20):  # page after page, as the desk sends the client on
            if not address.startswith("/kiosk/page/"):
                break
            think(pause)
            t.call("form page (GET)", client, "GET", address)
            think(pause)
            done = t.call(
                "form page (POST)", client, "POST", address, data={**token(client), **form}
            )
            address = done.headers.get("location", "")
            if done.status_code != 302:
                with t.lock:
                    t.errors.append(f"POST {done.url.path}: not accepted ({done.status_code})")
                break
        t.call("review", client, "GET", "/kiosk/review/")
        think(pause)
        answer = t.call("send", client, "POST", "/kiosk/send/", data=token(client))
        if answer.status_code == 302 and answer.headers["location"] == "/kiosk/thanks/":
            sent.append(name)  # acknowledged to the client
        t.call("thanks", client, "GET", "/kiosk/thanks/")
        think(pause)


def staff_loop(client: httpx.Client, t: Timings, stop: float, pause: float) -> None:
    while time.monotonic() < stop:
        queue = t.call("queue", client, "GET", "/staff/")
        ids = re.findall(r'href="/staff/submissions/(\d+)/"', queue.text)
        think(pause)
        if ids:
            t.call("submission", client, "GET", f"/staff/submissions/{random.choice(ids)}/")
            think(pause)


def printer(staffs: list[httpx.Client], t: Timings, stop: float, every: float) -> None:
    turn = 0
    while time.monotonic() + every < stop:
        time.sleep(every)
        client = staffs[turn % len(staffs)]
        turn += 1
        queue = client.get("/staff/").text
        ids = re.findall(r'href="/staff/submissions/(\d+)/"', queue)
        if ids:
            t.call("print (PDF)", client, "GET", f"/staff/submissions/{ids[-1]}/print/")


def stored_names(place: list[str]) -> list[str]:
    """The names of every submission in the desk's database."""
    if place[0] == "--database":
        import psycopg

        with psycopg.connect(place[1]) as db:
            return [row[0] for row in db.execute("select name from kiosk_submission")]
    with sqlite3.connect(Path(place[1]) / "desk.sqlite3") as db:
        return [row[0] for row in db.execute("select name from kiosk_submission")]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=0.5, help="mean pause between requests")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--staff", type=int, default=4)
    parser.add_argument("--workers", type=int, help="per desk (default 2, or 1 with several)")
    parser.add_argument("--postgresql", action="store_true", help="desks on one PostgreSQL")
    parser.add_argument("--desks", type=int, help="desk processes (default 1, or 2 on PostgreSQL)")
    args = parser.parse_args()
    desks = args.desks or (2 if args.postgresql else 1)
    workers = args.workers or (2 if desks == 1 else 1)

    folder = Path(tempfile.mkdtemp(prefix="desk-load-"))
    server = None
    if args.postgresql:
        from tests.postgres import Server

        server = Server().start()
        place = ["--database", server.create("bench")]
    else:
        place = ["--data", str(folder / "data")]
    add_account(place)
    processes: list[subprocess.Popen] = []
    try:
        urls = []
        for _ in range(desks):
            process, url = start_desk(folder, place, workers)
            processes.append(process)
            urls.append(url)
        staffs = [staff_client(urls[i % desks]) for i in range(args.staff)]
        kiosks = [kiosk_client(urls[i % desks], staffs[i % desks]) for i in range(args.clients)]
        t = Timings()
        sent: list[str] = []
        stop = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=client_loop, args=(i, k, t, stop, args.think, sent))
            for i, k in enumerate(kiosks)
        ]
        threads += [
            threading.Thread(target=staff_loop, args=(s, t, stop, args.think)) for s in staffs
        ]
        threads.append(threading.Thread(target=printer, args=(staffs, t, stop, 15.0)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stored = stored_names(place)
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(30)
        if server is not None:
            server.stop()

    where = f"{desks} desks on one PostgreSQL database" if server else "one desk on SQLite"
    print(
        f"{args.clients} clients + {args.staff} staff for {args.seconds:.0f} s against "
        f"{where}, --workers {workers} each (think {args.think} s), {os.cpu_count()} CPUs"
    )
    print(f"{'request':<18} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind, values in t.ms.items():
        print(
            f"{kind:<18} {len(values):>6} {statistics.median(values):>8.1f} "
            f"{percentile(values, 95):>8.1f} {max(values):>8.1f}"
        )
    lost = sorted(set(sent) - set(stored))
    doubled = sorted({n for n in stored if stored.count(n) > 1})
    print(f"errors: {len(t.errors)} {t.errors[:5] if t.errors else ''}")
    print(
        f"submissions acknowledged: {len(sent)}, stored: {len(stored)}, "
        f"lost: {len(lost)}, doubled: {len(doubled)}"
    )


if __name__ == "__main__":
    main()
