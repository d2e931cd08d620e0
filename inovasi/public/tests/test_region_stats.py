"""Region statistics with exact values: Kota Batu's 8 innovations in 2021 and 63 from 29 agencies in 2024."""

import pytest
from django.urls import reverse

from inovasi.innovations import region_stats
from inovasi.innovations.enums import InnovationStatus
from inovasi.innovations.models import InnovationVersion
from inovasi.organisations.enums import AgencyKind
from inovasi.organisations.models import Agency
from inovasi.regions.models import Region
from inovasi.search.tests.factories import make_innovation, replicate


@pytest.fixture
def batu(cast):
    """63 published innovations with year 2024 across 29 agencies of Kota Batu; 8 of them have a 2021
    version. A unit's innovation counts for its parent agency. Noise: a draft with a 2021 version,
    an active agency without innovations, an inactive one, and one innovation in Kota Malang."""
    agencies = [cast.agency_a] + [
        Agency.objects.create(government=cast.gov_a, name=f"Perangkat Daerah {n:02d}", kind=AgencyKind.BADAN)
        for n in range(28)
    ]
    Agency.objects.create(government=cast.gov_a, name="Kecamatan Junrejo", kind=AgencyKind.KECAMATAN)
    Agency.objects.create(government=cast.gov_a, name="Kantor Lama", kind=AgencyKind.KANTOR, is_active=False)
    innovations = []
    for n in range(63):
        agency = agencies[n % 29]
        if n == 29:
            agency = cast.unit_a  # counts for Dinas Pertanian
        innovations.append(make_innovation(agency, f"Inovasi Batu {n:02d}", year=2024))
    for innovation in innovations[:8]:
        InnovationVersion.objects.create(innovation=innovation, year=2021, snapshot={})
    draft = make_innovation(cast.agency_a, "Draf Lama", status=InnovationStatus.DRAFT, year=2024)
    InnovationVersion.objects.create(innovation=draft, year=2021, snapshot={})
    malang = make_innovation(cast.agency_b, "Rumah Diapers", year=2024)
    replicate(innovations[0], cast.gov_b, name="Dinas Pertanian Kota Malang")
    replicate(innovations[1], None, name="Kantin RSUD Bangil")
    return innovations, malang


def _ids(code):
    return [g.pk for g in region_stats.governments_in_scope(Region.objects.get(code=code))]


def test_innovations_per_year_and_growth_are_exact(batu):
    rows = region_stats.innovations_per_year(_ids("35.79"))
    assert [(r.year, r.count, r.previous_year, r.growth) for r in rows] == [
        (2021, 8, None, None),
        (2024, 63, 2021, "687,5 %"),
    ]


def test_satu_perangkat_daerah_satu_inovasi_counts_agencies_with_an_innovation_in_the_latest_year(cast, batu):
    agencies, share = region_stats.agency_statistics(_ids("35.79"))
    assert (share.year, share.with_innovation, share.active, share.percent) == (2024, 29, 30, "96,7 %")
    assert len(agencies) == 29
    dinas = next(row for row in agencies if row.agency == cast.agency_a)
    assert (dinas.latest_year, dinas.total) == (3, 3)  # innovations 0, 58 and 29 (recorded by its unit)
    assert sum(row.total for row in agencies) == 63


def test_a_province_aggregates_its_kabupaten_and_kota(batu):
    ids = _ids("35")
    assert len(ids) == 39
    rows = region_stats.innovations_per_year(ids)
    assert [(r.year, r.count, r.growth) for r in rows] == [(2021, 8, None), (2024, 64, "700 %")]


def test_replications_list_where_innovations_were_adopted(batu):
    adopters = [r.adopter_name for r in region_stats.replications_of(_ids("35.79"))]
    assert adopters == ["Dinas Pertanian Kota Malang", "Kantin RSUD Bangil"]
    assert list(region_stats.replications_of(_ids("35.73"))) == []


def test_the_region_page_prints_the_figures(client, batu):
    content = client.get(reverse("public:region_detail", args=["35.79"])).content.decode()
    assert "687,5 % dibanding 2021" in content
    assert "96,7 %" in content
    assert "29 dari 30 perangkat daerah aktif memiliki setidaknya satu inovasi terbit pada tahun 2024." in content
    assert "Kantin RSUD Bangil" in content
    assert "inovasi terbit milik Pemerintah Kota Batu" in content
    province = client.get(reverse("public:region_detail", args=["35"])).content.decode()
    assert "mencakup pemerintah provinsi dan seluruh kabupaten/kota di wilayahnya (39 pemerintah daerah)" in province
    assert "700 % dibanding 2021" in province


def test_an_unknown_region_is_a_404_and_an_empty_one_says_so(client, db):
    assert client.get(reverse("public:region_detail", args=["99.99"])).status_code == 404
    content = client.get(reverse("public:region_detail", args=["35.14"])).content.decode()
    assert "Belum ada inovasi terbit untuk wilayah ini." in content


def _publish_in_running_year(cast, name="Inovasi Baru Tahun Berjalan"):
    return make_innovation(cast.agency_a, name, year=region_stats.running_year())


def test_a_running_year_record_leaves_the_headline_and_growth_of_complete_years_unchanged(cast, batu):
    """Reproduction (#18): one innovation published with the current data year turned Kota Batu's
    "96,7 %" into "3,2 %" and its growth into a collapse."""
    _publish_in_running_year(cast)
    ids = _ids("35.79")
    rows = region_stats.innovations_per_year(ids)
    running = region_stats.running_year()
    assert [(r.year, r.count, r.previous_year, r.growth, r.running) for r in rows] == [
        (2021, 8, None, None, False),
        (2024, 63, 2021, "687,5 %", False),
        (running, 1, 2024, None, True),
    ]
    _agencies, share = region_stats.agency_statistics(ids)
    assert (share.year, share.with_innovation, share.active, share.percent) == (2024, 29, 30, "96,7 %")


def test_the_visitor_may_pick_the_running_year_and_it_says_so(client, cast, batu):
    _publish_in_running_year(cast)
    running = region_stats.running_year()
    url = reverse("public:region_detail", args=["35.79"])
    content = client.get(url).content.decode()
    assert "29 dari 30 perangkat daerah aktif memiliki setidaknya satu inovasi terbit pada tahun 2024." in content
    assert "tahun belum selesai" in content
    picked = client.get(url, {"tahun": str(running)}).content.decode()
    assert f"1 dari 30 perangkat daerah aktif memiliki setidaknya satu inovasi terbit pada tahun {running}." in picked
    assert "Tahun ini masih berjalan; angkanya belum final." in picked


def test_a_bad_year_in_the_query_is_ignored(client, batu):
    url = reverse("public:region_detail", args=["35.79"])
    for value in ["²⁰²⁴", "abcd", "99999", "", "2024\n"]:
        response = client.get(url, {"tahun": value})
        assert response.status_code == 200
        assert "pada tahun 2024." in response.content.decode()
