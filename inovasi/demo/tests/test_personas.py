import pytest
from django.core.management import call_command

from inovasi.demo.personas import DEMO_PASSWORD, PERSONAS


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_every_demo_persona_can_log_in_and_reach_its_desk(client, demo):
    for persona in PERSONAS:
        assert client.login(username=persona.email, password=DEMO_PASSWORD), persona.email
        assert client.get("/akun/").status_code == 302
        client.logout()


def test_the_command_prints_each_login(db, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert f"password for all: {DEMO_PASSWORD}" in out
    for persona in PERSONAS:
        assert persona.email in out
