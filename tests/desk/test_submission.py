"""A submission: the answers, the plan (focus, routine, what was left out), every reason with
its rule and answers as `screening explain` gives them; each view is audited."""

from screening import service
from screening.core.plan import Plan
from screening.desk.kiosk.intake import questionnaire
from screening.desk.staff.models import AuditEntry
from screening.render.explain import explain_plan
from tests.desk.conftest import given, submit


def test_it_shows_the_answers_the_plan_and_every_reason(staff_client):
    sub = submit("Rafa Red", red_flags=("chest_pain",))
    html = staff_client.get(f"/staff/submissions/{sub.pk}/").text.replace("&#x27;", "'")
    plan = Plan.model_validate(sub.plan)
    assert "Referral: see a clinician before starting" in html
    assert "Safety questions: I get chest pain at rest, in daily life or when active" in html
    assert "Born 3 May 1992" in html
    for item in plan.routine:
        assert item.name in html and item.dose in html
        for because in item.because:
            assert because.text in html and f"[rule {because.rule}:" in html
    for left in plan.left_out:
        assert left.name in html and f"[rule {left.rule}]" in html
    for emphasis in plan.emphases:
        assert emphasis.sentence in html
    for line in explain_plan(plan).splitlines():  # every reason `screening explain` gives
        if line.strip().startswith("[rule "):
            assert line.strip()[:-1] in html, line


def test_not_running_yet_and_the_notes_are_shown_with_their_reasons(staff_client):
    """Eight weeks after a birth: the plan holds running and carries a note on when to start;
    staff see both, and every reason `screening explain` gives."""
    answers = given(
        "Bea Birth",
        **{
            "pregnancy.status": "postpartum",
            "pregnancy.weeks": "8",
            "pregnancy.pelvic_floor_symptoms": "no",
        },
    )
    data = questionnaire().answers_data(answers)
    plan = service.screen(data)
    assert plan.running_hold and plan.notes
    sub = submit("Bea Birth", given=answers, answers=data, plan=plan.model_dump(mode="json"))
    html = staff_client.get(f"/staff/submissions/{sub.pk}/").text.replace("&#x27;", "'")
    assert "Not running for now" in html and plan.running_hold[0].text in html
    assert "Pregnancy: I have given birth in the last 12 months" in html
    for note in plan.notes:
        assert note.title in html and note.text in html
    for line in explain_plan(plan).splitlines():
        if line.strip().startswith("[rule "):
            assert line.strip()[:-1] in html, line


def test_each_view_is_audited_with_who_and_where(staff_client, staff):
    sub = submit()
    staff_client.get(f"/staff/submissions/{sub.pk}/")
    entry = AuditEntry.objects.get(action="view")
    assert (entry.account, entry.target, entry.address) == (
        staff,
        f"submission {sub.pk}",
        "127.0.0.1",
    )


def test_a_name_is_text_never_markup(staff_client):
    sub = submit("<script>alert(1)</script>")
    html = staff_client.get(f"/staff/submissions/{sub.pk}/").text
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_unknown_submission_is_404(staff_client):
    assert staff_client.get("/staff/submissions/999/").status_code == 404
