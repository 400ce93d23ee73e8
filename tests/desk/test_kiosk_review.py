"""The review page: every answer in the questionnaire's words, a way to change each, the
safety notices again; after a change the client comes back here."""

import pytest

from screening.core.catalogue import load_catalogue
from tests.desk.conftest import EVERYDAY_PAGES, page_url, send_everyday
from tests.desk.test_kiosk_page import ABOUT, ROUTE, SAFETY

SCORE = page_url("hypermobility.beighton_score")


@pytest.fixture
def answered(kiosk_client):
    kiosk_client.post("/kiosk/start/")
    kiosk_client.post("/kiosk/page/1/", ABOUT)
    kiosk_client.post("/kiosk/page/2/", {"symptoms": ["symptoms.short_stride"]})
    send_everyday(kiosk_client, EVERYDAY_PAGES[0], {"pain.level": "dont_know"}, *EVERYDAY_PAGES[1:])
    kiosk_client.post(ROUTE, {"hypermobility.ask_how": "skip"})
    kiosk_client.post(SAFETY, {"red_flags": ["red_flags.chest_pain"]})
    return kiosk_client


def test_every_answer_is_listed_with_a_way_to_change_it(answered):
    html = answered.get("/kiosk/review/").text
    for line in (
        "Name: Ana Lopez",
        "Date of birth: 3 May 1992",
        "How running feels: My stride feels short or choppy",
        "How much it hurts: Don&#x27;t know",
        "Pregnancy: No, neither (or this does not apply to me)",
        "Joint flexibility: Skip",
        "Safety questions: I get chest pain at rest",
    ):
        assert line in html
    assert f'href="{SAFETY}"' in html and 'href="/kiosk/page/1/"' in html


def test_the_urgent_notice_is_shown_again(answered):
    notice = load_catalogue().question("red_flags.chest_pain").notice.text
    assert notice.replace("'", "&#x27;") in answered.get("/kiosk/review/").text


def test_after_a_change_the_client_comes_back_to_the_review(answered):
    answered.get("/kiosk/review/")
    assert answered.post("/kiosk/page/2/", {"symptoms": []}).url == "/kiosk/review/"
    assert "How much it hurts" not in answered.get("/kiosk/review/").text  # no symptom, no pain


def test_a_change_that_opens_a_question_asks_it_first(answered):
    answered.get("/kiosk/review/")
    assert answered.post(ROUTE, {"hypermobility.ask_how": "score"}).url == SCORE
    assert answered.get("/kiosk/review/").url == SCORE


def test_the_review_waits_until_everything_is_answered(kiosk_client):
    kiosk_client.post("/kiosk/start/")
    kiosk_client.post("/kiosk/page/1/", ABOUT)
    assert kiosk_client.get("/kiosk/review/").url == "/kiosk/page/2/"
