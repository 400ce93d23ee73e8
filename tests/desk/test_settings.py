"""The desk's settings (admins only): the clinic's name and the paper plans print on."""

from screening.desk.staff.models import DeskSettings


def test_an_admin_sets_the_clinic_and_paper(admin_client):
    response = admin_client.post(
        "/staff/settings/", {"clinic": " Riverside Physio ", "paper": "letter"}
    )
    assert response.url == "/staff/settings/"
    desk = DeskSettings.current()
    assert (desk.clinic, desk.paper) == ("Riverside Physio", "letter")


def test_a_clinic_name_with_control_characters_is_refused(admin_client):
    html = admin_client.post("/staff/settings/", {"clinic": "Bad\x07Name", "paper": "a4"}).text
    assert "Use up to 80 printable characters." in html
    assert DeskSettings.current().clinic == ""
