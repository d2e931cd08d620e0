"""A lost phone, in a real browser: the system admin finds the user, writes the reason, checks it on
the check page and removes the authenticator; the audit trail keeps the reason, and the user's next
login asks for a new authenticator app. Under the CSP."""

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from browser_journeys.journey_support import expect_message, log_in, log_out
from inovasi.audit.models import AuditEvent
from tests_support import PASSWORD
from tests_support.personas import Cast

REASON = "Ponsel hilang; dilaporkan lewat telepon dan dicocokkan dengan data kepegawaian."


def test_the_system_admin_resets_a_lost_authenticator_through_the_check_page(
    live_server, reference_data, page, shoot, settings
):
    cast = Cast()
    TOTPDevice.objects.create(user=cast.organizer, name="Ponsel lama", confirmed=True)
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)

    log_in(page, live_server.url, "sys@uji.test", lands_on="/ruang-kerja/")
    page.goto(f"{live_server.url}/ruang-kerja/sistem/pengguna/")
    page.get_by_placeholder("Nama atau email").fill("panitia@uji.test")
    page.get_by_role("button", name="Cari").click()
    page.get_by_role("row").filter(has_text="panitia@uji.test").get_by_role("link").first.click()
    page.get_by_role("link", name="Atur ulang (perangkat hilang)").click()
    page.get_by_role("button", name="Lanjut ke pemeriksaan").click()  # no reason yet
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    page.get_by_label("Alasan").fill(REASON)
    page.get_by_role("button", name="Lanjut ke pemeriksaan").click()
    expect(page.get_by_role("heading", name="Periksa sebelum mengatur ulang verifikasi dua langkah")).to_be_visible()
    expect(page.get_by_text("Ponsel lama")).to_be_visible()
    expect(page.get_by_text("Perangkat yang dihapus tidak dapat dipulihkan.")).to_be_visible()
    assert TOTPDevice.objects.filter(user=cast.organizer).count() == 1  # nothing happens before confirming
    shoot("atur-ulang-periksa")
    page.get_by_role("button", name="Hapus perangkat dan atur ulang").click()
    expect_message(page, "1 perangkat dihapus.")
    assert not TOTPDevice.objects.filter(user=cast.organizer).exists()
    event = AuditEvent.objects.get(action="accounts.two_factor_reset", object_id=str(cast.organizer.pk))
    assert event.after == {"devices": [], "reason": REASON}
    assert event.before == {"devices": [{"name": "Ponsel lama", "confirmed": True}]}
    log_out(page)

    # With two-factor required, the user's next login enrols a new authenticator app.
    settings.REQUIRE_TWO_FACTOR = True
    page.goto(live_server.url + "/akun/masuk/")
    page.get_by_label("Email").fill("panitia@uji.test")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/dua-langkah/aktifkan/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aktifkan verifikasi dua langkah")
    assert violations == []
