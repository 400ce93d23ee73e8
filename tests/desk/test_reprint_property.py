"""For any answers the catalogue allows: the printed plan is the same bytes when rendered
again from the same plan and options, and a reprint sends the first print's bytes even after
the desk's settings changed and with rendering made impossible (as if rules or templates had
changed)."""

import uuid
from datetime import date
from unittest import mock

from django.utils import timezone
from hypothesis import HealthCheck, given, settings

from screening import service
from screening.desk.kiosk.models import Submission
from screening.desk.staff.models import DeskSettings
from tests.strategies import answers_data


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=answers_data())
def test_a_reprint_is_byte_identical_for_any_answers(staff_client, data):
    DeskSettings.objects.update_or_create(pk=1, defaults={"clinic": "Riverside", "paper": "a4"})
    plan = service.screen(data)
    sub = Submission.objects.create(
        intake=uuid.uuid4().hex,
        name=plan.runner.name,
        date_of_birth=date(1990, 1, 1),
        given={},
        answers=data,
        plan=plan.model_dump(mode="json"),
        referral=plan.referral.required,
    )
    address = f"/staff/submissions/{sub.pk}/print/"
    first = staff_client.get(address).content
    options = service.look("Riverside", "a4", timezone.localdate(sub.received_at))
    assert service.render(plan, "pdf", options) == first  # deterministic
    DeskSettings.objects.update_or_create(pk=1, defaults={"clinic": "Changed", "paper": "letter"})
    with mock.patch.object(service, "render", side_effect=AssertionError("rendered again")):
        assert staff_client.get(address).content == first
