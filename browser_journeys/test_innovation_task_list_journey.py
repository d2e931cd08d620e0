"""An operator records a complete innovation through the task list on a phone (390 × 844) in at
most 25 actions, submits it after a check-your-answers page, and the Admin Pemda publishes it
after previewing the public page.

Every click, fill, check and select the operator makes is counted (logging in is not): the
count must stay at or under 25 (issue #17: 46 actions over 14 page loads before).
"""

from playwright.sync_api import expect

from browser_journeys.journey_support import expect_message, log_in, log_out
from conftest import Cast
from inovasi.innovations.enums import InnovationStatus
from inovasi.innovations.models import Innovation

NAME = "SI-PANEN BATU"
PHONE = {"width": 390, "height": 844}
MAX_ACTIONS = 25


class Counted:
    """Wraps the page's locator actions so each user action adds one to the count."""

    def __init__(self, page):
        self.page = page
        self.actions = 0

    def _count(self, locator, verb, *args, **kwargs):
        self.actions += 1
        return getattr(locator, verb)(*args, **kwargs)

    def click(self, locator):
        return self._count(locator, "click")

    def fill(self, locator, value):
        return self._count(locator, "fill", value)

    def check(self, locator):
        return self._count(locator, "check")

    def select(self, locator, label):
        return self._count(locator, "select_option", label=label)


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width


def test_an_operator_records_and_submits_through_the_task_list_and_the_admin_publishes_after_a_preview(
    live_server, reference_data, page, shoot
):
    cast = Cast()
    base = live_server.url
    page.set_viewport_size(PHONE)
    log_in(page, base, "op.a@uji.test", lands_on="/ruang-kerja/")
    act = Counted(page)

    act.click(
        page.get_by_role("listitem").filter(has_text=cast.agency_a.name).get_by_role("link", name="Catat inovasi")
    )
    page.wait_for_url("**/ruang-kerja/inovasi/baru/**")
    act.fill(page.get_by_label("Nama inovasi"), NAME)
    act.select(page.get_by_label("Inisiator"), "Perangkat daerah (OPD)")
    act.select(page.get_by_label("Bentuk inovasi"), "Inovasi pelayanan publik")
    act.select(page.get_by_label("Jenis inovasi"), "Digital")
    act.select(page.get_by_label("Tahapan"), "Penerapan")
    act.fill(page.get_by_label("Saring urusan"), "tani")  # type-ahead narrows 38 urusan
    expect(page.get_by_label("Pendidikan", exact=True)).to_be_hidden()
    act.check(page.get_by_label("Pertanian", exact=True))
    act.fill(page.get_by_label("Mulai diterapkan"), "2021-03-01")
    expect(page.locator('[data-date-words-for="id_started_on"]')).to_have_text("Senin, 1 Maret 2021")
    act.fill(page.get_by_label("Ringkasan", exact=True), "Petani mencatat panen dan menjual langsung lewat aplikasi.")
    act.fill(page.get_by_label("Latar belakang dan tujuan", exact=True), "Harga jatuh karena rantai tengkulak.")
    _no_sideways_scroll(page)
    shoot("formulir-inovasi-390")
    act.click(page.get_by_role("button", name="Simpan draf"))

    # The task list, with its meter; the parts are added inline, without leaving the page.
    expect(page.get_by_role("heading", name="Daftar tugas")).to_be_visible()
    expect(page.locator("#meter-label")).to_have_text("2 dari 4 bagian selesai")
    url_before = page.url
    act.fill(page.get_by_label("Nama", exact=True), "Anita Resky")
    act.click(page.get_by_role("button", name="Tambahkan orang"))
    expect(page.get_by_text("Anita Resky")).to_be_visible()
    act.fill(page.get_by_label("Ukuran"), "Petani terlayani")
    act.fill(page.get_by_label("Nilai"), "1250")
    act.fill(page.get_by_label("Satuan"), "orang")
    act.click(page.get_by_role("button", name="Tambahkan hasil"))
    expect(page.get_by_text("Petani terlayani")).to_be_visible()
    act.fill(page.get_by_label("Judul bukti"), "Video SI-PANEN")
    act.fill(page.get_by_label("Tautan (video atau dokumen daring)"), "https://www.youtube.com/watch?v=si-panen")
    act.click(page.get_by_role("button", name="Tambahkan tautan"))
    expect(page.locator("#meter-label")).to_have_text("4 dari 4 bagian selesai")
    assert page.url == url_before  # no page load for the parts
    _no_sideways_scroll(page)
    shoot("daftar-tugas-390")

    # Check your answers, then submit.
    act.click(page.locator("#daftar-tugas").get_by_role("link", name="Periksa dan ajukan"))
    expect(page.get_by_role("heading", name="Periksa sebelum mengajukan")).to_be_visible()
    expect(page.get_by_role("heading", name="Yang tidak dapat diubah lagi")).to_be_visible()
    _no_sideways_scroll(page)
    shoot("periksa-ajukan-390")
    act.click(page.get_by_role("button", name="Ajukan ke Admin Pemda"))
    expect_message(page, "Inovasi diajukan ke Admin Pemda.")
    assert act.actions <= MAX_ACTIONS, act.actions
    assert Innovation.objects.get(name=NAME).status == InnovationStatus.SUBMITTED
    page.set_viewport_size({"width": 1280, "height": 900})  # the log-out button sits in the collapsed menu
    log_out(page)

    # The Admin Pemda sees it waiting, previews the public page, then publishes.
    log_in(page, base, "admin.a@uji.test", lands_on="/ruang-kerja/")
    expect(page.locator(".tasks-summary")).to_contain_text("1 menunggu tinjauan")
    page.locator(".tasks-summary").get_by_role("link", name="1 menunggu tinjauan").click()
    page.get_by_role("row").filter(has_text=NAME).get_by_role("link", name="Tinjau").click()
    page.get_by_role("link", name="Pratinjau dan terbitkan").click()
    preview = page.get_by_role("region", name="Pratinjau halaman publik")
    expect(preview).to_contain_text("Petani mencatat panen dan menjual langsung lewat aplikasi.")
    expect(preview).to_contain_text("Anita Resky")
    expect(page.get_by_text("1 bukti bertanda privat dan tidak tampil di halaman publik.")).to_be_visible()
    shoot("pratinjau-terbitkan")
    assert Innovation.objects.get(name=NAME).status == InnovationStatus.SUBMITTED
    page.get_by_role("button", name="Terbitkan").click()
    expect_message(page, "Inovasi diterbitkan dan tampil di katalog publik.")
    assert Innovation.objects.get(name=NAME).status == InnovationStatus.PUBLISHED
