"""A journalist on a 390 px phone: the index dashboard (cluster tabs, province map), a region's
index page, the region page's year bars and an innovation's yearly version fit the screen.

"Fits" means nothing scrolls sideways: the document is no wider than the phone (wide tables scroll
inside their own box). The demo data gives a published index year.
"""

from django.core.management import call_command

from browser_journeys.conftest import SCREENSHOTS
from inovasi.innovation_index.models import RegionIndex
from inovasi.innovations import services
from inovasi.innovations.models import Innovation

# The elements sticking out past the phone's edge, outermost first (to say what to fix).
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => !(e.parentElement && e.parentElement.closest('.table-responsive')))
  .filter(e => e.getBoundingClientRect().right > 391
    || (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible'))
  .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + e.scrollWidth)"""


def _phone(browser):
    context = browser.new_context(
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def test_public_index_region_and_version_pages_fit_a_phone(live_server, reference_data, browser):
    call_command("load_demo", verbosity=0)
    result = RegionIndex.objects.published().select_related("framework", "government__region").first()
    assert result is not None, "the demo publishes an index year"
    innovation = Innovation.objects.published().order_by("pk").first()
    services.start_new_year(innovation=innovation, year=innovation.year + 1, actor=None)
    context, page = _phone(browser)
    try:
        year, code = result.framework.year, result.government.region.code
        for path in (
            f"/indeks/?tahun={year}",
            f"/indeks/?tahun={year}&klaster=kota",
            f"/indeks/{year}/wilayah/{code}/",
            f"/wilayah/{code}/",
            f"/inovasi/{innovation.pk}/versi/{innovation.year}/",
        ):
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = path.strip("/").replace("/", "-").replace("?", "-").replace("&", "-").replace("=", "")
            page.screenshot(path=SCREENSHOTS / f"phone-390-{name}.png", full_page=True)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (path, width, page.evaluate(WIDEST))
        page.goto(live_server.url + f"/indeks/?tahun={year}")
        assert page.locator(".index-map-tile").count() == 38
        box = page.locator(".index-map").bounding_box()
        assert box["width"] <= 390
        page.locator("details:has(.index-map-table) summary").click()
        assert page.locator(".index-map-row").first.is_visible()
    finally:
        context.close()


def test_on_a_phone_the_catalog_shows_results_first_and_the_filters_on_request(live_server, reference_data, browser):
    from inovasi.search.tests.factories import make_innovation
    from tests_support.personas import Cast

    cast = Cast()
    for n in range(3):
        make_innovation(cast.agency_a, f"Bank Sampah Digital {n}", summary="Warga menabung sampah.")
    context, page = _phone(browser)
    try:
        page.goto(live_server.url + "/inovasi/?q=bank+sampah+digitl")
        panel = page.locator("details.facet-panel")
        assert panel.evaluate("d => d.open") is False
        first = page.locator(".catalog-item").first.bounding_box()
        assert first is not None and first["y"] < 844, first  # the first result is on the first screen
        assert page.get_by_role("status").inner_text().startswith("Tidak ada hasil untuk")
        page.get_by_text("Saring", exact=True).click()
        assert panel.evaluate("d => d.open") is True
        assert page.get_by_role("heading", name="Provinsi").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
    wide = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    try:
        desk = wide.new_page()
        desk.goto(live_server.url + "/inovasi/?q=sampah")
        assert desk.locator("details.facet-panel").evaluate("d => d.open") is True  # open beside the results
    finally:
        wide.close()
