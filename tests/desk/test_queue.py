"""The queue: submissions awaiting review, red flags first and marked; today's reviewed."""

from django.utils import timezone

from tests.desk.conftest import submit


def test_red_flags_come_first_and_are_marked(staff_client):
    submit("Pat Plain")
    submit("Rafa Red", red_flags=("chest_pain",))
    submit("Tom Tight")
    html = staff_client.get("/staff/").text
    assert html.index("Rafa Red") < html.index("Pat Plain") < html.index("Tom Tight")
    assert html.count('<tr class="flagged">') == 1
    assert html.count("Red flag: referral") == 1


def test_reviewed_ones_leave_the_waiting_list_for_reviewed_today(staff_client, staff):
    sub = submit("Pat Plain")
    sub.reviewed_at, sub.reviewed_by = timezone.now(), staff
    sub.save()
    html = staff_client.get("/staff/").text
    assert "Awaiting review (0)" in html and "Reviewed today (1)" in html
    assert "Pat Plain" in html


def test_an_empty_queue_says_so(staff_client):
    assert "Nothing waiting" in staff_client.get("/staff/").text
