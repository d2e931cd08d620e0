"""An organizer enrols an authenticator app on first login when two-factor is required."""

from base64 import b32decode

from django_otp.oath import totp

from tests_support import PASSWORD
from tests_support.personas import Cast


def test_an_organizer_enrols_two_factor_and_reaches_the_organizer_desk(
    live_server, reference_data, page, shoot, settings
):
    settings.REQUIRE_TWO_FACTOR = True
    Cast()
    page.goto(live_server.url + "/akun/masuk/")
    page.get_by_label("Email").fill("panitia@uji.test")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/dua-langkah/aktifkan/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Aktifkan verifikasi dua langkah"
    assert page.locator("figure svg").count() == 1
    shoot("qr")
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Kode 6 angka").fill("000000" if totp(b32decode(secret)) != 0 else "111111")
    page.get_by_role("button", name="Aktifkan").click()
    assert "Kode salah atau sudah kedaluwarsa" in page.locator(".invalid-feedback").inner_text()
    page.wait_for_timeout(1500)  # one wrong code throttles the next attempt for 1 second
    page.get_by_label("Kode 6 angka").fill(f"{totp(b32decode(secret)):06d}")
    page.get_by_role("button", name="Aktifkan").click()
    page.wait_for_url("**/panitia/")
    assert page.get_by_role("alert").first.inner_text().startswith("Verifikasi dua langkah aktif.")
    shoot("meja-panitia")
