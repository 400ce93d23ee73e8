"""Two desks serving one database at once, as two front-desk machines of a clinic group do (two
`screening desk` processes; on PostgreSQL with `--desk-database=postgresql`, else on one data
folder): what one takes, the other shows; a staff member signed in on one is signed in on the
other; wrong passwords count on both; 20 tablets sending at once across both lose and double
nothing; a server worker that ends leaves the desks' lock in place. Driven with httpx (no
browser needed: these are the servers' guarantees)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import httpx
import pytest

from tests.browser.conftest import PASSWORD, Desk, serve, start_desk
from tests.desk.conftest import EVERYDAY_PAGES
from tests.places import Place, clean_env

SCREENING = [sys.executable, "-m", "screening"]

TABLETS = 20
ANSWERS = {  # every page's fields (a page reads its own): the plainest client
    "runner.age": "40",
    "dob-day": "1",
    "dob-month": "2",
    "dob-year": "1986",
    "runner.strength_experience": "beginner",
    "runner.equipment": ["foam_roller"],
    "symptoms": [],
    **{field: value for page in EVERYDAY_PAGES for field, value in page.items()},
    "hypermobility.ask_how": "skip",
    "red_flags": ["none"],
}


@pytest.fixture(scope="module")
def desks(tmp_path_factory: pytest.TempPathFactory, places) -> Iterator[tuple[Desk, Desk]]:
    folder = tmp_path_factory.mktemp("two")
    place: Place = places(folder)
    first = start_desk(folder, "--workers", "1", place=place)
    try:
        second = serve(folder, place, "--workers", "1")
    except BaseException:
        first.stop()
        raise
    yield first, second
    second.stop()
    first.stop()


Opener = Callable[..., httpx.Client]


@pytest.fixture
def opened() -> Iterator[Opener]:
    """Makes HTTP clients, closed after the test."""
    with ExitStack() as stack:
        yield lambda url, **kw: stack.enter_context(httpx.Client(base_url=url, timeout=60, **kw))


def token(client: httpx.Client) -> dict[str, str]:
    return {"csrfmiddlewaretoken": client.cookies["csrftoken"]}


def signed_in(opened: Opener, url: str, name: str = "sam") -> httpx.Client:
    client = opened(url)
    client.get("/staff/sign-in/")
    done = client.post(
        "/staff/sign-in/", data={**token(client), "username": name, "password": PASSWORD}
    )
    assert done.status_code == 302, done.text
    return client


def pairing_code(staff: httpx.Client) -> str:
    page = staff.post("/staff/kiosks/", data={**token(staff), "name": "Tablet", "action": "code"})
    return re.search(r'<p class="code"[^>]*>([A-Z0-9-]+)</p>', page.text).group(1)


def tablet(opened: Opener, url: str, code: str) -> httpx.Client:
    """A kiosk paired with `code` (shown on whichever desk)."""
    client = opened(url)
    client.get("/kiosk/pair/")
    paired = client.post("/kiosk/pair/", data={**token(client), "code": code})
    assert paired.status_code == 302 and paired.headers["location"] == "/kiosk/", paired.text
    return client


def answer(client: httpx.Client, name: str) -> None:
    """Start, and answer page after page until the review."""
    address = client.post("/kiosk/start/", data=token(client)).headers["location"]
    for _ in range(12):
        if address == "/kiosk/review/":
            return
        done = client.post(address, data={**token(client), **ANSWERS, "runner.name": name})
        assert done.status_code == 302, f"{address}: {done.status_code}"
        address = done.headers["location"]
    raise AssertionError("the questionnaire did not reach its review")


def queue(staff: httpx.Client) -> str:
    page = staff.get("/staff/")
    assert page.status_code == 200 and "<h1>Queue</h1>" in page.text, page.status_code
    return page.text


def test_what_one_desk_takes_the_other_shows_and_sessions_are_shared(desks, opened):
    first, second = desks
    staff = signed_in(opened, first.url)
    staff_there = opened(second.url, cookies=staff.cookies)
    assert "Queue" in queue(staff_there)  # signed in on one, signed in on the other
    kiosk = tablet(
        opened, second.url, pairing_code(staff)
    )  # a code shown on one, typed on the other
    answer(kiosk, "Across Desks")
    sent = kiosk.post("/kiosk/send/", data=token(kiosk))
    assert sent.headers["location"] == "/kiosk/thanks/"
    assert "Across Desks" in queue(staff)  # sent through the second, queued on the first
    number = re.search(r'href="/staff/submissions/(\d+)/"', queue(staff)).group(1)
    printed = staff_there.get(f"/staff/submissions/{number}/print/")
    assert printed.status_code == 200 and printed.content.startswith(b"%PDF")
    again = staff.get(f"/staff/submissions/{number}/print/")  # the other desk's kept PDF
    assert again.content == printed.content
    staff.post("/staff/sign-out/", data=token(staff))
    assert staff_there.get("/staff/").status_code == 302  # signed out everywhere


def test_twenty_tablets_sending_at_once_across_both_desks_lose_and_double_nothing(desks, opened):
    first, second = desks
    staff = signed_in(opened, first.url)
    both = (first, second) * (TABLETS // 2)
    tablets = [tablet(opened, desk.url, pairing_code(staff)) for desk in both]
    names = [f"Tablet Client{n}" for n in range(TABLETS)]
    for client, name in zip(tablets, names, strict=True):
        answer(client, name)
    ready = threading.Barrier(TABLETS + 4)
    answers: list[str] = []

    def send(client: httpx.Client, url: str) -> None:
        ready.wait()
        done = client.post(url + "/kiosk/send/", data=token(client))
        answers.append(done.headers.get("location", str(done.status_code)))

    # Each tablet sends to its own desk; four of them also, at the same moment, to the other
    # (a double tap that a load balancer spreads over both machines).
    other = {first.url: second.url, second.url: first.url}
    sends = [(c, str(c.base_url).rstrip("/")) for c in tablets]
    sends += [(c, other[str(c.base_url).rstrip("/")]) for c in tablets[:4]]
    threads = [threading.Thread(target=send, args=pair) for pair in sends]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert answers.count("/kiosk/thanks/") >= TABLETS  # every tablet acknowledged
    assert set(answers) <= {"/kiosk/thanks/", "/kiosk/?cleared=1"}  # a double: already sent
    stored = [row[0] for row in first.place.rows("SELECT name FROM kiosk_submission")]
    assert sorted(n for n in stored if n.startswith("Tablet")) == sorted(names)  # once each
    shown = queue(opened(second.url, cookies=staff.cookies))
    assert all(name in shown for name in names)


def test_wrong_passwords_count_on_every_desk(desks, opened):
    """Five wrong passwords for one name from one address, spread over two desks, lock that
    name out on both."""
    first, second = desks
    for attempt in range(5):
        client = opened((first, second)[attempt % 2].url)
        client.get("/staff/sign-in/")
        data = {**token(client), "username": "jo", "password": "a-wrong-guess"}
        assert client.post("/staff/sign-in/", data=data).status_code in (200, 429)  # 429: locked
    for desk in desks:
        client = opened(desk.url)
        client.get("/staff/sign-in/")
        data = {**token(client), "username": "jo", "password": PASSWORD}  # the right one
        refused = client.post("/staff/sign-in/", data=data)
        assert "Too many wrong passwords" in refused.text


def workers(desk: Desk) -> set[int]:
    """The process ids of a desk's server workers (its server's children)."""
    found = subprocess.run(
        ["pgrep", "-P", str(desk.process.pid)], capture_output=True, text=True, check=False
    )
    return {int(pid) for pid in found.stdout.split()}


def test_a_worker_that_ends_leaves_the_desks_serving_and_a_restore_out(desks, tmp_path, opened):
    """A server worker that ends (gunicorn starts another) leaves the desk holding its serving
    lock: a restore is still refused."""
    for desk in desks:
        before = workers(desk)
        for pid in before:
            os.kill(pid, signal.SIGTERM)  # the worker ends cleanly; the server starts another
        deadline = time.monotonic() + 60
        while not (workers(desk) - before) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert workers(desk) - before, "no new worker"
    copy = tmp_path / "backup"
    made = subprocess.run(
        [*SCREENING, "desk", "backup", str(copy), *desks[0].place.args],
        capture_output=True,
        text=True,
        timeout=60,
        env=clean_env(),
    )
    assert made.returncode == 0, made.stderr
    refused = subprocess.run(
        [*SCREENING, "desk", "restore", str(copy), *desks[0].place.args],
        capture_output=True,
        text=True,
        timeout=60,
        env=clean_env(),
    )
    assert refused.returncode == 2 and "a desk is running on" in refused.stderr
    assert "Queue" in queue(signed_in(opened, desks[1].url))
