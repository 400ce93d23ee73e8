"""`/`: a kiosk goes to its welcome, signed-in staff to the queue, anyone else to sign in."""


def test_a_kiosk_is_sent_to_its_welcome(kiosk_client):
    assert kiosk_client.get("/").url == "/kiosk/"


def test_staff_are_sent_to_the_queue(staff_client):
    assert staff_client.get("/").url == "/staff/"


def test_anyone_else_is_sent_to_sign_in(client):
    assert client.get("/").url == "/staff/sign-in/"
