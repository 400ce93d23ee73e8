"""A page of questions on the kiosk: the catalogue's words, server-side checks with the
catalogue's messages beside each field, nothing typed lost, branching, back, no skipping."""

import re

import pytest

from screening.core.catalogue import load_catalogue
from tests.desk.conftest import EVERYDAY_PAGES, page_url, send_everyday

SITES, LEVEL, DISTANCE = (
    page_url("pain.sites"),
    page_url("pain.level"),
    page_url("training.weekly_km"),
)
ROUTE, CHECKS = page_url("hypermobility.ask_how"), page_url("hypermobility.beighton.pinky_left")
SAFETY = page_url("red_flags")

ABOUT = {
    "runner.name": "Ana Lopez",
    "runner.age": "34",
    "dob-day": "3",
    "dob-month": "5",
    "dob-year": "1992",
    "runner.strength_experience": "beginner",
    "runner.equipment": ["foam_roller"],
}


@pytest.fixture
def started(kiosk_client):
    kiosk_client.post("/kiosk/start/")
    return kiosk_client


def test_the_first_page_asks_the_catalogues_questions_and_the_date_of_birth(started):
    html = started.get("/kiosk/page/1/").text
    catalogue = load_catalogue()
    for path in ("runner.name", "runner.age", "runner.strength_experience", "runner.equipment"):
        assert catalogue.question(path).prompt in html
    for label in catalogue.question("runner.equipment").choices.values():
        assert label in html
    assert "What is your date of birth?" in html
    assert '<label for="f-runner-name">' in html


def test_problems_are_shown_beside_each_field_and_nothing_typed_is_lost(started):
    sent = {**ABOUT, "runner.age": "7", "dob-year": "1992", "runner.name": "Ana <b>Lopez</b>"}
    response = started.post("/kiosk/page/1/", sent)
    assert response.status_code == 200
    html = response.text
    assert html.count("Please type a whole number from 12 to 100.") == 2  # summary and field
    assert 'value="Ana &lt;b&gt;Lopez&lt;/b&gt;"' in html  # kept, and never markup
    assert 'value="7"' in html and 'value="1992"' in html
    assert re.search(r'value="beginner" checked', html)
    assert re.search(r'value="foam_roller" checked', html)
    assert 'aria-invalid="true" aria-describedby="f-runner-age-error"' in html


def test_an_unanswered_choice_is_asked_for_never_taken_as_dont_know(started):
    response = started.post("/kiosk/page/1/", {**ABOUT, "runner.strength_experience": ""})
    assert "Please choose one of the answers." in response.text


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "5", "1992", "Please give your date of birth"),
        ("31", "2", "1992", "That is not a date"),
        ("3", "5", "2999", "Please check the year"),
        ("3", "5", "1980", "This date of birth makes you"),
    ],
)
def test_the_date_of_birth_is_checked_against_the_age(started, day, month, year, message):
    sent = {**ABOUT, "dob-day": day, "dob-month": month, "dob-year": year}
    response = started.post("/kiosk/page/1/", sent)
    assert response.status_code == 200 and message in response.text


def test_a_valid_page_goes_on_to_the_next(started):
    response = started.post("/kiosk/page/1/", ABOUT)
    assert response.status_code == 302 and response.url == "/kiosk/page/2/"


def test_pages_cannot_be_skipped(started):
    assert started.get("/kiosk/page/5/").url == "/kiosk/page/1/"
    assert started.get("/kiosk/page/99/").status_code == 404


def test_the_pain_question_follows_a_symptom_or_a_sore_spot_only(started):
    started.post("/kiosk/page/1/", ABOUT)
    assert started.post("/kiosk/page/2/", {"symptoms": []}).url == SITES  # asked of everyone
    assert started.post(SITES, {"pain.sites": []}).url == DISTANCE
    assert started.post(SITES, {"pain.sites": ["heel"]}).url == LEVEL
    started.post(SITES, {"pain.sites": []})
    started.post("/kiosk/page/2/", {"symptoms": ["symptoms.knee_pain"]})
    assert started.post(SITES, {"pain.sites": []}).url == LEVEL
    page = started.get(LEVEL).text
    assert "Don&#x27;t know" in page and 'value="10"' in page  # a row of 0 to 10


def test_the_flexibility_route_leads_to_the_nine_checks_with_help_and_drawings(started):
    started.post("/kiosk/page/1/", ABOUT)
    started.post("/kiosk/page/2/", {"symptoms": []})
    send_everyday(started)
    assert started.post(ROUTE, {"hypermobility.ask_how": "checks"}).url == CHECKS
    html = started.get(CHECKS).text
    checks = load_catalogue().group("hypermobility.beighton").questions()
    for check in checks:
        assert check.prompt in html
        assert f"/static/desk/beighton/{check.id}.svg" in html
    assert html.count('value="dont_know" checked') == 9  # they start on "don't know"


def test_the_safety_list_needs_ticks_or_none_of_these(started):
    started.post("/kiosk/page/1/", ABOUT)
    started.post("/kiosk/page/2/", {"symptoms": []})
    send_everyday(started)
    started.post(ROUTE, {"hypermobility.ask_how": "skip"})
    empty = started.post(SAFETY, {})
    assert "Tick what applies, or choose “None of these apply to me”." in empty.text
    both = started.post(SAFETY, {"red_flags": ["red_flags.chest_pain", "none"]})
    assert "Either tick what applies" in both.text
    assert started.post(SAFETY, {"red_flags": ["none"]}).url == "/kiosk/review/"


def test_the_safety_notices_are_on_the_page_to_show_at_once(started):
    started.post("/kiosk/page/1/", ABOUT)
    started.post("/kiosk/page/2/", {"symptoms": []})
    send_everyday(started)
    started.post(ROUTE, {"hypermobility.ask_how": "skip"})
    html = started.get(SAFETY).text
    catalogue = load_catalogue()
    chest = catalogue.question("red_flags.chest_pain").notice
    shown = html.replace("&#x27;", "'")
    assert f'<p class="notice urgent" role="alert"><strong>Urgent: </strong>{chest.text}' in shown
    assert catalogue.group("red_flags").notice.text in html


def test_back_keeps_what_is_valid_and_goes_to_the_previous_page(started):
    started.post("/kiosk/page/1/", ABOUT)
    response = started.post(
        "/kiosk/page/2/", {"symptoms": ["symptoms.knee_pain"], "action": "back"}
    )
    assert response.url == "/kiosk/page/1/"
    assert 'value="Ana Lopez"' in started.get("/kiosk/page/1/").text
    assert re.search(r'value="symptoms.knee_pain" checked', started.get("/kiosk/page/2/").text)


def test_without_a_started_intake_a_page_sends_you_to_the_welcome(kiosk_client):
    assert kiosk_client.get("/kiosk/page/1/").url == "/kiosk/"
    assert kiosk_client.post("/kiosk/page/1/", ABOUT).url == "/kiosk/?cleared=1"


def test_only_a_kiosk_takes_answers(client, staff_client):
    assert client.post("/kiosk/start/").status_code == 403
    assert staff_client.get("/kiosk/page/1/").status_code == 403


PREGNANT = {"pregnancy.status": "pregnant"}
WEEKS = page_url("pregnancy.weeks")
PERIODS = page_url("health.missed_periods")
WARNING = "red_flags.pregnancy_warning_signs"


def answered_up_to_pregnancy(client):
    client.post("/kiosk/page/1/", ABOUT)
    client.post("/kiosk/page/2/", {"symptoms": []})
    send_everyday(client, *EVERYDAY_PAGES[:3])


def test_a_pregnant_client_gets_weeks_and_the_warning_signs_but_not_periods(started):
    answered_up_to_pregnancy(started)
    assert started.post(page_url("pregnancy.status"), PREGNANT).url == WEEKS
    sent = {"pregnancy.weeks": "24", "pregnancy.pelvic_floor_symptoms": "no"}
    assert started.post(WEEKS, sent).url == ROUTE  # no periods question
    started.post(ROUTE, {"hypermobility.ask_how": "skip"})
    html = started.get(SAFETY).text
    assert f'value="{WARNING}"' in html
    notice = load_catalogue().question(WARNING).notice.text
    assert notice.replace("'", "&#x27;") in html  # shown at once when ticked
    assert started.post(SAFETY, {"red_flags": [WARNING]}).url == "/kiosk/review/"


def test_a_client_who_is_neither_sees_no_pregnancy_box_and_cannot_send_one(started):
    answered_up_to_pregnancy(started)
    assert started.post(page_url("pregnancy.status"), {"pregnancy.status": "none"}).url == PERIODS
    started.post(PERIODS, {"health.missed_periods": "no"})
    started.post(ROUTE, {"hypermobility.ask_how": "skip"})
    assert f'value="{WARNING}"' not in started.get(SAFETY).text
    refused = started.post(SAFETY, {"red_flags": [WARNING]})
    assert refused.status_code == 200 and "is not one of the choices" in refused.text
