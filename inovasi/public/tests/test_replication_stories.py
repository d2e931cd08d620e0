"""The seed stories' replications, from the demo, on their public pages and in the graph data:
STMJ/BAKSO SAKERA's four partners (story 000) and PENTAS GEMILANG's three regions (story 001)."""

import pytest

from inovasi.demo.innovations import load_innovations
from inovasi.demo.organisations import load_organisations
from inovasi.demo.personas import load_personas
from inovasi.innovations import replication_graph
from inovasi.innovations.enums import AdopterKind, PartnerKind
from inovasi.innovations.models import Innovation

pytestmark = pytest.mark.slow

SAKERA_PARTNERS = [
    ("Cafeteria YUK NONGGO", PartnerKind.BUSINESS),
    ("Kantin Pondok Pesantren Al-Berr", PartnerKind.EDUCATION),
    ("Kantin RSUD Bangil", PartnerKind.HEALTH),
    ("Rest Area Masjid Cheng-Ho", PartnerKind.RELIGIOUS),
]
PENTAS_REGIONS = ["Kabupaten Probolinggo", "Kota Malang", "Kota Probolinggo"]


@pytest.fixture
def demo(db):
    loaded = load_organisations()
    load_personas(loaded)
    load_innovations(loaded)


def _story(code, name):
    return Innovation.objects.get(government__region__code=code, name=name)


@pytest.mark.parametrize("name", ["STMJ SAKERA", "BAKSO SAKERA"])
def test_sakera_partners_are_in_the_graph_data_and_on_the_page(client, demo, name):
    innovation = _story("35.14", name)
    hops = replication_graph.two_hops(innovation)
    found = sorted((h.edge.adopter_name, h.edge.partner_kind, h.edge.adopter_region.code, h.edge.year) for h in hops)
    assert found == [(partner, kind, "35.14", 2023) for partner, kind in SAKERA_PARTNERS]
    assert {h.edge.adopter_kind for h in hops} == {AdopterKind.NON_GOVERNMENT}
    page = client.get(f"/inovasi/{innovation.pk}/").content.decode()
    table = page[page.index('id="tabel-replikasi"') :]
    for partner, _kind in SAKERA_PARTNERS:
        assert partner in table
    assert "Fasilitas kesehatan" in table and "Sekolah / pondok pesantren" in table
    # The owning agency's public contact (demo values) is there to ask for a replication.
    contact = page[page.index('id="hubungi"') :]
    assert "Dinas Peternakan dan Kesehatan Hewan Kabupaten Pasuruan" in contact
    assert "mailto:disnakkeswan@pasuruankab.example" in contact


def test_pentas_gemilang_regions_on_its_page_on_the_region_pages_and_in_the_matrix(client, demo):
    pentas = _story("35.75", "PENTAS GEMILANG")
    hops = replication_graph.two_hops(pentas)
    assert sorted((h.edge.adopter_region.name, h.edge.year) for h in hops) == [(r, 2025) for r in PENTAS_REGIONS]
    assert {h.edge.adopter_kind for h in hops} == {AdopterKind.GOVERNMENT}
    page = client.get(f"/inovasi/{pentas.pk}/").content.decode()
    table = page[page.index('id="tabel-replikasi"') :]
    for region in PENTAS_REGIONS:
        assert region in table
    spread = replication_graph.region_spread([pentas.government_id])
    assert sorted(r.name for r, _n in spread.adopter_regions) == PENTAS_REGIONS
    owner = client.get("/wilayah/35.75/").content.decode()
    assert "Kota Probolinggo" in owner[owner.index('id="judul-replikasi-keluar"') :]
    malang = client.get("/wilayah/35.73/").content.decode()
    incoming = malang[malang.index('id="judul-replikasi-masuk"') :]
    assert "PENTAS GEMILANG" in incoming and "Kota Pasuruan" in incoming
    matrix = replication_graph.province_matrix()
    jatim = next(counts for province, counts, _t in matrix.rows if province.code == "35")
    codes = [p.code for p in matrix.provinces]
    assert jatim[codes.index("35")] >= 3 + 4 + 4  # PENTAS's three regions and the two SAKERA's partners
