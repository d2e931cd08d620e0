"""An operator typing the name of a record their Pemda already holds is warned, under the CSP (#18)."""

from conftest import Cast
from inovasi.search.tests.factories import make_innovation
from tests_support import PASSWORD


def test_typing_an_existing_name_shows_mirip_dengan(live_server, reference_data, page, shoot):
    cast = Cast()
    make_innovation(cast.agency_a, "Among Tani Crop", summary="Petani bertanya kepada ahli pertanian.")
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(live_server.url + "/akun/masuk/")
    page.get_by_label("Email").fill("op.a@uji.test")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/ruang-kerja/")
    page.goto(live_server.url + "/ruang-kerja/inovasi/baru/")
    page.locator("#id_name").press_sequentially("Among Tani Crop", delay=20)
    warning = page.locator("#cek-mirip")
    warning.get_by_text("Mirip dengan").wait_for()
    assert "di Pemda Anda" in warning.inner_text()  # no agency chosen yet: the Pemda
    page.locator("#id_agency").select_option(str(cast.agency_a.pk))
    warning.get_by_text("di perangkat daerah Anda").wait_for()
    shoot("cek-mirip")
    assert violations == []
