"""Sending: one submission with the answers file, the screened plan and the date of birth
(kept beside the answers, not in them); the client's session ends; a second send adds none."""

from datetime import date

import pytest

from screening import __version__
from screening.core.answers import parse_answers
from screening.core.knowledge import fingerprint
from screening.core.resources import default_rules
from screening.desk.kiosk.models import Submission
from tests.desk.test_kiosk_review import answered  # noqa: F401  (fixture)


def test_sending_keeps_one_submission_and_thanks_the_client(answered, kiosk):  # noqa: F811
    session = answered.session.session_key
    response = answered.post("/kiosk/send/")
    assert response.url == "/kiosk/thanks/"
    sub = Submission.objects.get()
    assert sub.name == "Ana Lopez" and sub.date_of_birth == date(1992, 5, 3)
    assert sub.kiosk == kiosk[0]
    assert parse_answers(sub.answers).runner.name == "Ana Lopez"  # `screening plan` reads it
    assert "date_of_birth" not in str(sub.answers) and "1992" not in str(sub.answers)
    assert sub.referral is True and sub.plan["referral"]["required"] is True
    assert answered.session.session_key != session  # the old session is gone


def test_the_screening_keeps_the_rules_fingerprint_and_the_programs_version(answered):  # noqa: F811
    answered.post("/kiosk/send/")
    sub = Submission.objects.get()
    assert (
        sub.rules_fingerprint == fingerprint(default_rules()) and len(sub.rules_fingerprint) == 64
    )
    assert sub.program_version == __version__
    assert sub.client is None  # staff match it to a record


def test_the_thank_you_page_returns_to_the_start_after_15_seconds(answered):  # noqa: F811
    answered.post("/kiosk/send/")
    html = answered.get("/kiosk/thanks/").text
    assert 'data-return-url="/kiosk/" data-return-after="15"' in html
    assert "Ana" not in html


def test_nothing_of_the_client_is_left_after_sending(answered):  # noqa: F811
    answered.post("/kiosk/send/")
    assert answered.get("/kiosk/review/").url == "/kiosk/"
    assert answered.get("/kiosk/page/1/").url == "/kiosk/"
    assert "Ana" not in answered.get("/kiosk/", follow=True).text


def test_a_second_send_adds_nothing(answered):  # noqa: F811
    answered.post("/kiosk/send/")
    assert answered.post("/kiosk/send/").url == "/kiosk/?cleared=1"
    assert Submission.objects.count() == 1


@pytest.mark.parametrize("method", ["get", "put"])
def test_sending_is_a_post(answered, method):  # noqa: F811
    assert getattr(answered, method)("/kiosk/send/").status_code == 405
