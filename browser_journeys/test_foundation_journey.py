from playwright.sync_api import expect

from tests_support import PASSWORD
from tests_support.personas import Cast


def test_admin_pemda_logs_in_and_adds_a_unit_under_an_agency(live_server, reference_data, page, shoot):
    cast = Cast()
    page.goto(live_server.url + "/")
    shoot("beranda")
    page.get_by_role("link", name="Masuk").click()
    page.get_by_label("Email").fill("admin.a@uji.test")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/ruang-kerja/")
    shoot("ruang-kerja")
    page.get_by_role("link", name="Perangkat daerah", exact=True).click()
    page.get_by_role("link", name="Tambah perangkat daerah").click()
    page.get_by_role("button", name="Simpan").click()
    assert page.locator(".invalid-feedback").first.inner_text() == "Bidang ini tidak boleh kosong."
    expect(page.get_by_label("Nama")).to_be_focused()  # the first error takes the focus
    shoot("formulir-salah")
    page.get_by_label("Nama").fill("UPT Pembibitan Apel")
    page.get_by_label("Jenis").select_option("upt")
    page.get_by_label("Induk").select_option(label=cast.agency_a.name)
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(f"**/ruang-kerja/pemda/{cast.gov_a.pk}/perangkat-daerah/")
    assert page.get_by_role("alert").inner_text() == "Perangkat daerah UPT Pembibitan Apel ditambahkan."
    row = page.get_by_role("row").filter(has_text="UPT Pembibitan Apel")
    assert "↳" in row.inner_text()
    shoot("daftar")


def test_another_regions_admin_sees_the_refusal_page(live_server, reference_data, page):
    cast = Cast()
    page.goto(live_server.url + "/akun/masuk/")
    page.get_by_label("Email").fill("admin.b@uji.test")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/ruang-kerja/")
    response = page.goto(f"{live_server.url}/ruang-kerja/pemda/{cast.gov_a.pk}/perangkat-daerah/")
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Akses ditolak"
