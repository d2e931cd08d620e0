"""TOTP two-factor: required for organizers, jurors, verifiers and system admins (REQUIRE_TWO_FACTOR
on), available to every other user from the profile."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from inovasi.audit.models import AuditEvent
from tests_support import PASSWORD

pytestmark = pytest.mark.django_db

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")


@pytest.fixture
def two_factor_on(settings):
    settings.REQUIRE_TWO_FACTOR = True
    return settings


def login(client, email):
    response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def code_for(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def enrol(client, user):
    login(client, user.email)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(SETUP, {"token": code_for(device)})
    assert response.status_code == 302
    return TOTPDevice.objects.get(user=user)


@pytest.mark.parametrize("persona", ["organizer", "juror", "verifier", "system_admin"])
def test_a_persona_needing_two_factor_is_sent_to_enrolment_from_every_page(client, cast, two_factor_on, persona):
    login(client, getattr(cast, persona).email)
    for url in (reverse("accounts:home"), reverse("accounts:profile"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(SETUP)


def test_an_api_call_before_the_second_factor_is_refused_in_json_not_redirected(client, cast, two_factor_on):
    login(client, cast.organizer.email)
    response = client.get("/api/v1/regions")
    assert response.status_code == 403
    assert "dua langkah" in response.json()["detail"]


@pytest.mark.parametrize("persona", ["operator_a", "admin_a", "no_role"])
def test_operators_and_pemda_admins_are_not_asked_for_a_second_factor(client, cast, two_factor_on, persona):
    login(client, getattr(cast, persona).email)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_nobody_is_asked_when_the_setting_is_off(client, cast, settings):
    settings.REQUIRE_TWO_FACTOR = False
    login(client, cast.organizer.email)
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert client.get(VERIFY)["Location"] == reverse("accounts:home")


@pytest.mark.parametrize("persona", ["admin_a", "operator_a"])
def test_an_admin_pemda_or_operator_turns_two_factor_on_from_the_profile_and_is_asked_from_then_on(
    client, cast, two_factor_on, persona, time_machine
):
    user = getattr(cast, persona)
    time_machine.move_to("2026-05-04 09:00 +07:00", tick=False)
    login(client, user.email)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "Aktifkan verifikasi dua langkah" in profile
    device = enrol(client, user)
    assert device.confirmed is True
    assert "Aktif: kode dari aplikasi autentikator diminta" in client.get(reverse("accounts:profile")).content.decode()
    client.post(reverse("accounts:logout"))
    time_machine.move_to("2026-05-04 09:05 +07:00", tick=False)
    login(client, user.email)
    assert client.get(reverse("accounts:profile"))["Location"] == f"{VERIFY}?next=%2Fakun%2Fprofil%2F"
    assert client.post(VERIFY, {"token": code_for(device)}).status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_an_admin_pemda_without_a_device_is_not_asked_for_a_code(client, cast, two_factor_on):
    login(client, cast.admin_a.email)
    assert client.get(VERIFY)["Location"] == reverse("accounts:home")
    assert client.get(reverse("workspace:dashboard")).status_code == 200


def test_enrolment_shows_a_server_rendered_qr_svg_and_the_secret(client, cast, two_factor_on):
    login(client, cast.organizer.email)
    response = client.get(SETUP)
    body = response.content.decode()
    device = TOTPDevice.objects.get(user=cast.organizer, confirmed=False)
    assert "<svg" in body
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', body).group(1)
    from base64 import b32encode

    assert secret.replace(" ", "") == b32encode(device.bin_key).decode()
    assert "<script" not in body.split("<main", 1)[-1].split("</main>")[0]


def test_a_wrong_code_does_not_confirm_the_device_and_says_why(client, cast, two_factor_on):
    login(client, cast.organizer.email)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=cast.organizer)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(SETUP, {"token": wrong})
    assert response.status_code == 200
    assert "Kode salah atau sudah kedaluwarsa" in response.content.decode()
    assert TOTPDevice.objects.get(user=cast.organizer).confirmed is False
    assert client.get(reverse("accounts:profile"))["Location"].startswith(SETUP)


def test_a_malformed_code_gets_a_clear_message(client, cast, two_factor_on):
    login(client, cast.organizer.email)
    client.get(SETUP)
    response = client.post(SETUP, {"token": "12ab"})
    assert "Kode terdiri dari 6 angka." in response.content.decode()


def test_confirming_the_code_enrols_verifies_the_session_and_is_audited(client, cast, two_factor_on):
    device = enrol(client, cast.organizer)
    assert device.confirmed is True
    assert client.get(reverse("accounts:profile")).status_code == 200
    event = AuditEvent.objects.get(action="accounts.two_factor_enrolled")
    assert (event.actor, event.after) == (cast.organizer, {"device": "Aplikasi autentikator"})


def test_a_later_login_asks_for_a_code_and_then_returns_to_the_page_asked_for(
    client, cast, two_factor_on, time_machine
):
    time_machine.move_to("2026-05-04 09:00 +07:00", tick=False)
    device = enrol(client, cast.juror)
    client.post(reverse("accounts:logout"))
    time_machine.move_to("2026-05-04 09:05 +07:00", tick=False)
    login(client, cast.juror.email)
    response = client.get(reverse("accounts:profile"))
    assert response["Location"] == f"{VERIFY}?next=%2Fakun%2Fprofil%2F"
    assert client.get(SETUP)["Location"] == VERIFY
    response = client.post(VERIFY, {"token": code_for(device), "next": "/akun/profil/"})
    assert response["Location"] == "/akun/profil/"
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_code_cannot_be_replayed(client, cast, two_factor_on, time_machine):
    time_machine.move_to("2026-05-04 09:00 +07:00", tick=False)
    device = enrol(client, cast.verifier)
    used = code_for(device)
    client.post(reverse("accounts:logout"))
    login(client, cast.verifier.email)
    response = client.post(VERIFY, {"token": used})
    assert "Kode salah atau sudah kedaluwarsa" in response.content.decode()


def test_an_external_next_url_is_ignored(client, cast, two_factor_on, time_machine):
    time_machine.move_to("2026-05-04 09:00 +07:00", tick=False)
    device = enrol(client, cast.juror)
    client.post(reverse("accounts:logout"))
    time_machine.move_to("2026-05-04 09:05 +07:00", tick=False)
    login(client, cast.juror.email)
    response = client.post(VERIFY, {"token": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("accounts:home")


def test_repeated_wrong_codes_are_throttled(client, cast, two_factor_on, time_machine):
    time_machine.move_to("2026-05-04 09:00 +07:00", tick=False)
    device = enrol(client, cast.organizer)
    client.post(reverse("accounts:logout"))
    login(client, cast.organizer.email)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    client.post(VERIFY, {"token": wrong})
    response = client.post(VERIFY, {"token": code_for(device, offset=1)})
    assert "Terlalu banyak kode salah" in response.content.decode()


def test_logout_stays_reachable_before_verification(client, cast, two_factor_on):
    login(client, cast.organizer.email)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_system_screens_require_the_second_factor_for_a_system_admin(client, cast, two_factor_on, time_machine):
    time_machine.move_to("2026-05-04 09:00 +07:00", tick=False)
    home = reverse("workspace:system_home")
    login(client, cast.system_admin.email)
    assert client.get(home)["Location"].startswith(SETUP)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=cast.system_admin)
    client.post(SETUP, {"token": code_for(device)})
    assert client.get(home).status_code == 200
