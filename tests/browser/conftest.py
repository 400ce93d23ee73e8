"""The desk in a real browser: Debian's chromium driven by pytest-playwright, against the desk
served by `screening desk` in its own process group on a free loopback port, on a data folder or
(`--desk-database=postgresql`) a PostgreSQL database."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from screening.core.knowledge import load_knowledge
from screening.core.questionnaire import Questionnaire
from screening.core.resources import default_rules
from tests.places import Place, clean_env

CHROMIUM = "/usr/lib/chromium/chromium"
PASSWORD = "a-long-test-password"
TABLET = {"width": 820, "height": 1180}
DESK = {"width": 1366, "height": 900}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Desk:
    """A running desk: its address, where its data is, and its server process."""

    url: str
    place: Place
    process: subprocess.Popen
    log: Any

    @property
    def data(self) -> Path:
        """Its data folder (on SQLite)."""
        assert self.place.folder is not None
        return self.place.folder

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop the server and its workers (its whole process group)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)
        self.log.close()


def start_desk(folder: Path, *args: str, place: Place | None = None, **env: str) -> Desk:
    """Add an admin (sam) and a staff account (jo), then serve the desk (with `args`, e.g. a
    certificate) on `place` (default: a data folder in `folder`); waits until it answers."""
    place = place or Place(folder=folder / "data")
    for name, admin in (("sam", True), ("jo", False)):
        subprocess.run(
            [sys.executable, "-m", "screening", "desk", "adduser", name, *place.args]
            + (["--admin"] if admin else []),
            input=PASSWORD + "\n",
            text=True,
            check=True,
            capture_output=True,
            env=clean_env(),
        )
    return serve(folder, place, *args, **env)


def serve(folder: Path, place: Place, *args: str, **env: str) -> Desk:
    """Serve a desk on `place` (its log in `folder`); waits until it answers."""
    port = free_port()
    log = (folder / f"server-{port}.log").open("wb")
    command = [sys.executable, "-m", "screening", "desk", "--port", str(port), *place.args]
    process = subprocess.Popen(
        [*command, *args],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env=clean_env(env),
    )
    scheme = "https" if "--certfile" in args else "http"
    desk = Desk(f"{scheme}://127.0.0.1:{port}", place, process, log)
    unverified = ssl.create_default_context()
    unverified.check_hostname, unverified.verify_mode = False, ssl.CERT_NONE  # self-signed
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            desk.stop()
            raise RuntimeError(Path(log.name).read_text())
        try:
            address = desk.url + "/staff/sign-in/"
            with urllib.request.urlopen(address, timeout=1, context=unverified) as answer:
                if answer.status == 200:
                    return desk
        except OSError:
            time.sleep(0.1)
    desk.stop()
    raise TimeoutError(desk.url)


@pytest.fixture(scope="session")
def desk(tmp_path_factory: pytest.TempPathFactory, places: Any) -> Iterator[Desk]:
    folder = tmp_path_factory.mktemp("desk")
    running = start_desk(folder, place=places(folder))
    yield running
    running.stop()


@pytest.fixture
def staff_page(browser: Browser, desk: Desk) -> Iterator[Page]:
    """The desk's screen, signed in as the admin sam."""
    context = browser.new_context(viewport=DESK, base_url=desk.url)
    page = context.new_page()
    sign_in(page, "sam")
    yield page
    context.close()


def sign_in(page: Page, name: str, password: str = PASSWORD) -> None:
    page.goto("/staff/sign-in/")
    page.fill("#id_username", name)
    page.fill("#id_password", password)
    page.click("button:has-text('Sign in')")


def pair(staff_page: Page, tablet: Page, name: str = "Waiting room") -> None:
    """Pair `tablet` with a one-time code shown on the desk."""
    staff_page.goto("/staff/kiosks/")
    staff_page.fill("#id_name", name)
    staff_page.click("button:has-text('Show a pairing code')")
    code = staff_page.inner_text(".pairing .code")
    tablet.goto("/kiosk/pair/")
    tablet.fill("#code", code)
    tablet.click("button:has-text('Pair this tablet')")
    assert tablet.url.endswith("/kiosk/")


@pytest.fixture
def tablet_context(browser: Browser, desk: Desk) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=TABLET, base_url=desk.url, has_touch=True)
    yield context
    context.close()


@pytest.fixture
def tablet(tablet_context: BrowserContext, staff_page: Page) -> Page:
    """A tablet paired as a kiosk."""
    page = tablet_context.new_page()
    pair(staff_page, page)
    return page


AXE = Axe()


def go_back(page: Page) -> None:
    """Press Back as a person would. Chromium can report its page as detached for a moment
    while a Back lands on an address the server redirects (a loaded machine shows it): wait
    for the page and try again, up to three times."""
    for attempt in range(3):
        try:
            page.go_back(wait_until="load")
            return
        except PlaywrightError as exc:
            if "Not attached to an active page" not in str(exc) or attempt == 2:
                raise
            page.wait_for_load_state("load")


def assert_accessible(page: Page) -> None:
    """axe finds no serious or critical problem on the page as it is now."""
    violations = AXE.run(page).response["violations"]
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{page.url}: " + "; ".join(bad)


def about_you(
    tablet: Page, name: str, age: str = "34", born: tuple[str, str, str] = ("3", "5", "1992")
) -> None:
    """Start on the welcome page, answer the first page and go on to the second."""
    tablet.click("button:has-text('Start')")
    tablet.fill("#f-runner-name", name)
    tablet.fill("#f-runner-age", age)
    for part, value in zip(("day", "month", "year"), born, strict=True):
        tablet.fill(f"#dob-{part}", value)
    tablet.check("label:has-text('No, or not in years')")
    tablet.check("label:has-text('A foam roller')")
    tablet.click("button:has-text('Continue')")
    assert tablet.url.endswith("/kiosk/page/2/")


_QUESTIONNAIRE = Questionnaire(load_knowledge(default_rules()).beighton)


def page_url(path: str) -> str:
    """The kiosk address of the page that asks the step `path`."""
    return f"/kiosk/page/{_QUESTIONNAIRE.page_of(_QUESTIONNAIRE.step(path)).number}/"


def go_on(tablet: Page) -> None:
    """Send the page and wait until the next one has loaded (so a check of it never runs on a
    page half replaced, which a loaded machine can show)."""
    tablet.click("button:has-text('Continue')")
    tablet.wait_for_load_state("load")


def up_to_pregnancy(tablet: Page, look: Any = None) -> None:
    """The pages after the pain questions up to pregnancy: distance left open, no injury (a
    stress fracture starts on "No")."""
    look = look or (lambda page: None)
    go_on(tablet)  # weekly distance: left open
    look(tablet)
    tablet.check("label:has-text('Never, as far as I remember')")
    go_on(tablet)
    look(tablet)


def after_pain(tablet: Page, look: Any = None) -> None:
    """The pages every client answers after the pain questions: distance left open, no
    injury, not pregnant, no missed periods."""
    look = look or (lambda page: None)
    up_to_pregnancy(tablet, look)
    tablet.check("label:has-text('No, neither')")
    go_on(tablet)
    look(tablet)
    tablet.check("#f-health-missed_periods label:text-is('No')")
    go_on(tablet)
    assert tablet.url.endswith(page_url("hypermobility.ask_how"))


def fill_client(
    tablet: Page,
    name: str,
    *,
    red_flags: tuple[str, ...] = (),
    checks: bool = False,
    symptoms: tuple[str, ...] = ("Knee pain",),
    pain: str = "3",
    each_page: Any = None,
) -> None:
    """A client answers every page on the kiosk and sends; `each_page(tablet)` runs on each
    page as it is shown (e.g. an accessibility check)."""
    look = each_page or (lambda page: None)
    look(tablet)
    about_you(tablet, name)
    look(tablet)
    for symptom in symptoms:
        tablet.check(f"label:has-text('{symptom}')")
    go_on(tablet)
    look(tablet)
    tablet.check("label:has-text('The front of the knee')")
    go_on(tablet)
    look(tablet)
    tablet.check(f"#f-pain-level label:text-is('{pain}')")
    go_on(tablet)
    look(tablet)
    after_pain(tablet, look)
    look(tablet)
    if checks:
        tablet.check("label:has-text('Try the nine quick checks now')")
        go_on(tablet)
        look(tablet)
        tablet.check("#f-hypermobility-beighton-palms_to_floor label:text-is('Yes')")
    else:
        tablet.check("label:has-text('Skip')")
    go_on(tablet)
    look(tablet)
    if tablet.url.endswith(page_url("hypermobility.self_report")):  # when they can count
        go_on(tablet)
        look(tablet)
    for flag in red_flags:
        tablet.check(f"label:has-text('{flag}')")
    if not red_flags:
        tablet.check("label:has-text('None of these apply to me')")
    go_on(tablet)
    assert tablet.url.endswith("/kiosk/review/")
    look(tablet)
    tablet.click("button:has-text('Send my answers')")
    assert tablet.url.endswith("/kiosk/thanks/")
    look(tablet)
