from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from inovasi.demo.personas import DEMO_PASSWORD, PERSONAS


def test_the_command_prints_each_login_and_every_persona_can_log_in(client, db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    assert f"password for all: {DEMO_PASSWORD}" in printed
    year = timezone.localtime().year
    assert f"Penjurian demo: KOVABLIK Jawa Timur {year}, Evaluasi proposal dibuka " in printed
    assert "; 7 proposal, 4 juri, 21 penugasan, 10 nilai terkirim, 1 draf, 3 jadwal presentasi." in printed
    assert (
        "Tahap yang sudah ditutup dengan berita acara: KOVABLIK Jawa Timur 2023, Evaluasi proposal"
        " (20 Oktober 2023 15.00 WIB)." in printed
    )
    for persona in PERSONAS:
        assert persona.email in printed
        assert client.login(username=persona.email, password=DEMO_PASSWORD), persona.email
        assert client.get("/akun/").status_code == 302
        client.logout()
