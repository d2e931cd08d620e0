from io import StringIO

from django.core.management import call_command

from inovasi.demo.personas import DEMO_PASSWORD, PERSONAS


def test_the_command_prints_each_login_and_every_persona_can_log_in(client, db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    assert f"password for all: {DEMO_PASSWORD}" in printed
    for persona in PERSONAS:
        assert persona.email in printed
        assert client.login(username=persona.email, password=DEMO_PASSWORD), persona.email
        assert client.get("/akun/").status_code == 302
        client.logout()
