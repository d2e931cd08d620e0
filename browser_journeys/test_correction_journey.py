"""A typo in a published record, corrected without taking it out of the catalog (#17), in a real
browser: the operator proposes through the check page, the Admin Pemda approves through another,
and the public page shows the corrected name with the correction listed, all under the CSP."""

from playwright.sync_api import expect

from browser_journeys.journey_support import expect_message, log_in, log_out
from conftest import Cast
from inovasi.search.tests.factories import make_innovation


def test_an_operator_corrects_a_typo_and_the_admin_pemda_approves_it(live_server, reference_data, page, shoot):
    cast = Cast()
    innovation = make_innovation(cast.agency_a, "Among Tanii Crop", summary="Petani bertanya kepada ahli pertanian.")
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    public = f"{live_server.url}/inovasi/{innovation.pk}/"

    # The operator proposes the correction and checks it before it is sent.
    log_in(page, live_server.url, "op.a@uji.test", lands_on="/ruang-kerja/")
    page.goto(f"{live_server.url}/ruang-kerja/inovasi/{innovation.pk}/")
    page.get_by_role("link", name="Ajukan koreksi").click()
    page.get_by_label("Data yang dikoreksi").select_option("name")
    page.get_by_label("Nilai yang benar").fill("Among Tani Crop")
    page.get_by_label("Alasan koreksi").fill("Salah ketik pada nama; tertulis benar di SK Wali Kota.")
    page.get_by_role("button", name="Lanjut ke pemeriksaan").click()
    expect(page.get_by_role("heading", name="Periksa koreksi sebelum mengajukan")).to_be_visible()
    expect(page.get_by_text("Among Tanii Crop").first).to_be_visible()
    shoot("koreksi-periksa")
    page.get_by_role("button", name="Ajukan koreksi").click()
    expect_message(page, "Koreksi diajukan ke Admin Pemda")
    expect(page.locator(".correction-row")).to_contain_text("Among Tani Crop")

    # Meanwhile the record stays in the catalog under its old name.
    page.goto(public)
    expect(page.get_by_role("heading", level=1)).to_have_text("Among Tanii Crop")
    log_out(page)

    # The Admin Pemda finds it in the corrections list and approves it through the check page.
    log_in(page, live_server.url, "admin.a@uji.test", lands_on="/ruang-kerja/")
    page.goto(f"{live_server.url}/ruang-kerja/koreksi/")
    row = page.locator("tr.correction-pending")
    expect(row).to_contain_text("Among Tanii Crop")
    expect(row).to_contain_text("Among Tani Crop")
    row.get_by_role("link", name="Periksa dan setujui").click()
    shoot("koreksi-setujui")
    page.get_by_role("button", name="Setujui dan terapkan").click()
    expect_message(page, "Koreksi disetujui dan diterapkan")
    expect(page.get_by_text("Tidak ada koreksi yang menunggu.")).to_be_visible()
    log_out(page)

    # The public page shows the corrected name at once and says it was corrected.
    page.goto(public)
    expect(page.get_by_role("heading", level=1)).to_have_text("Among Tani Crop")
    expect(page.get_by_text("Dikoreksi pada")).to_contain_text("Nama inovasi")
    assert violations == []
