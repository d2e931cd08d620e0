"""A Pemda looking for something to replicate: search with a typo, open the innovation, its
replication graph, and reach the owning agency's contact; on a desktop and on a 390 px phone."""

import pytest

from inovasi.demo.innovations import load_innovations
from inovasi.demo.organisations import load_organisations
from inovasi.innovations.enums import AdopterKind, PartnerKind, ReplicationEvidenceKind
from inovasi.innovations.models import Innovation
from inovasi.innovations.services import add_replication
from inovasi.organisations.models import Government
from inovasi.search.indexing import rebuild_index


@pytest.fixture
def stories(reference_data):
    load_innovations(load_organisations())
    bank_sampah = Innovation.objects.get(name="Bank Sampah Digital", government__region__code="35.79")
    # What an operator of DLH Kota Batu would record on the replication screen.
    add_replication(
        innovation=bank_sampah,
        actor=None,
        adopter_kind=AdopterKind.GOVERNMENT,
        adopter_government=Government.objects.get(region__code="35.73"),
        year=2024,
        evidence_kind=ReplicationEvidenceKind.SURAT_PERNYATAAN,
    )
    add_replication(
        innovation=bank_sampah,
        actor=None,
        adopter_kind=AdopterKind.NON_GOVERNMENT,
        adopter_name="Koperasi Pasar Induk Batu",
        partner_kind=PartnerKind.BUSINESS,
        adopter_region=Government.objects.get(region__code="35.79").region,
        year=2025,
        evidence_kind=ReplicationEvidenceKind.PKS,
    )
    # live_server flushes the tables after each test but this process remembers which stems it
    # already stored: rebuild the index so the vocabulary the typo correction reads is complete.
    rebuild_index()
    return bank_sampah


@pytest.mark.parametrize("width", [1280, 390])
def test_a_visitor_finds_a_typo_opens_the_replication_graph_and_the_contact(live_server, stories, page, shoot, width):
    page.set_default_timeout(30_000)  # the first catalog request warms the search vocabulary
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/inovasi/")
    page.get_by_label("Cari inovasi").fill("bank sampah digitl")
    page.get_by_role("button", name="Cari").click()
    assert "Mungkin maksud Anda" in page.get_by_role("status").inner_text()
    shoot(f"cari-{width}")
    page.get_by_role("link", name="Bank Sampah Digital", exact=True).first.click()
    page.wait_for_url(f"**/inovasi/{stories.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Bank Sampah Digital"

    page.get_by_role("link", name="Graf replikasi", exact=True).click()
    graph = page.get_by_role("group", name="Graf replikasi inovasi Bank Sampah Digital")
    graph.scroll_into_view_if_needed()
    assert graph.is_visible()
    table = page.locator("#tabel-replikasi")
    assert "Pemerintah Kota Malang" in table.inner_text() and "Koperasi Pasar Induk Batu" in table.inner_text()
    assert "Usaha / swasta" in table.inner_text()
    shoot(f"graf-{width}")

    page.get_by_role("link", name="Hubungi untuk replikasi", exact=True).click()
    contact = page.locator("#hubungi")
    contact.scroll_into_view_if_needed()
    assert "Dinas Lingkungan Hidup Kota Batu" in contact.inner_text()
    mail = contact.get_by_role("link", name="dlh@batukota.example")
    assert mail.get_attribute("href") == "mailto:dlh@batukota.example"
    shoot(f"kontak-{width}")
    # Nothing pushes the page sideways on a phone: wide parts scroll in their own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # The adopter's region page shows where the innovation came from, and links the national matrix.
    page.get_by_role("link", name="Kota Malang").first.click()
    incoming = page.locator("#judul-replikasi-masuk + *")
    assert "Bank Sampah Digital" in incoming.inner_text()
    page.get_by_role("link", name="Peta replikasi antarprovinsi").click()
    matrix = page.locator("#matriks-replikasi")
    assert matrix.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shoot(f"matriks-{width}")
