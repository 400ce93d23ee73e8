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


def test_the_queue_reads_no_answers_or_plans(staff_client, staff):
    """The queue shows names and times: neither list loads a screening's answers or plan."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reviewed = submit("Pat Plain")
    reviewed.reviewed_at, reviewed.reviewed_by = timezone.now(), staff
    reviewed.save()
    submit("Tom Tight")
    with CaptureQueriesContext(connection) as queries:
        html = staff_client.get("/staff/").text
    assert "Pat Plain" in html and "Tom Tight" in html
    selects = [q["sql"] for q in queries if "kiosk_submission" in q["sql"]]
    assert selects and not [sql for sql in selects if '"plan"' in sql or '"answers"' in sql]
