"""The public index dashboard and region page: cluster tabs, plain words, top improvements, the map.

`world` (conftest): Kota Batu and Kota Malang, both in the kota cluster of Jawa Timur, published.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inovasi.formats.display import format_percent
from inovasi.innovation_index.freezing import frozen_breakdown
from inovasi.innovation_index.models import RegionIndex
from inovasi.organisations.models import Government
from inovasi.public.province_grid import COLUMNS, ROWS, TILES
from inovasi.regions.models import Region

DASHBOARD = reverse("public:index_dashboard")


def _add(framework, code, cluster, rank, predicate="inovatif", iid="50"):
    government = Government.objects.get(region__code=code)
    return RegionIndex.objects.create(
        framework=framework,
        government=government,
        cluster=cluster,
        province_code=code.split(".")[0],
        predicate_claimed=predicate,
        predicate=predicate,
        iid=iid,
        rank=rank,
    )


def _section(page, cluster):
    return re.search(rf'<section class="mb-4" aria-labelledby="peringkat-{cluster}">(.*?)</section>', page, re.S).group(
        1
    )


def _ranks(html):
    return re.findall(r'<tr class="index-rank-row"><td>([^<]*)</td>', html)


def test_the_grid_holds_every_province_once_in_distinct_cells(db):
    assert len(TILES) == 38
    assert {t.code for t in TILES} == set(Region.objects.provinces().values_list("code", flat=True))
    assert len({(t.row, t.column) for t in TILES}) == 38
    assert all(0 <= t.row < ROWS and 0 <= t.column < COLUMNS for t in TILES)
    assert len({t.iso for t in TILES}) == 38


def test_all_clusters_tab_ranks_within_each_cluster_never_mixed(client, framework, world):
    _add(framework, "35.07", "kabupaten", 1, iid="90")  # Kabupaten Malang tops everyone on the index
    _add(framework, "35", "provinsi", 1, predicate="sangat_inovatif", iid="70")
    page = client.get(DASHBOARD).content.decode()
    assert _ranks(_section(page, "kota")) == ["1", "2"]
    assert _ranks(_section(page, "kabupaten")) == ["1"]
    assert _ranks(_section(page, "provinsi")) == ["1"]
    for value in ("provinsi", "kabupaten", "kota"):
        assert f"klaster={value}" in page
    only_kota = client.get(DASHBOARD, {"klaster": "kota"}).content.decode()
    assert 'aria-labelledby="peringkat-kabupaten"' not in only_kota
    assert _ranks(_section(only_kota, "kota")) == ["1", "2"]


def test_abbreviations_are_explained(client, cast, framework, world):
    dashboard = client.get(DASHBOARD).content.decode()
    region = client.get(reverse("public:index_region", args=[2026, "35.79"])).content.decode()
    for page in (dashboard, region):
        assert 'id="istilah"' in page
        assert "indikator Satuan Pemerintahan Daerah" in page and "indikator Satuan Inovasi Daerah" in page
        assert "Badan Strategi Kebijakan Dalam Negeri" in page
    formula = re.search(r'<p id="rumus-indeks">(.*?)</p>', region, re.S).group(1)
    assert '<abbr title="indikator Satuan Pemerintahan Daerah">SPD</abbr>' in formula


def test_the_region_page_shows_the_top_ten_and_groups_the_rest(client, cast, framework, world):
    total = len(frozen_breakdown(framework, cast.gov_a).improvements)
    assert total > 10  # the fixture must have more than the top ten, or this test proves nothing
    page = client.get(reverse("public:index_region", args=[2026, "35.79"])).content.decode()
    top, _sep, rest = page.partition('<details class="mb-3 index-improvements-rest">')
    assert top.count('<li class="list-group-item') == 10
    assert f"dan {total - 10} perbaikan lainnya" in rest
    assert rest.split("</details>")[0].count('<li class="list-group-item') == total - 10


def test_the_map_colours_each_province_by_predicate_share_with_a_table(client, cast, framework, world):
    _add(framework, "35.07", "kabupaten", 1, predicate="sangat_inovatif", iid="90")
    stored = list(RegionIndex.objects.filter(province_code="35").values_list("predicate", flat=True))
    page = client.get(DASHBOARD).content.decode()
    assert page.count('<li class="index-map-tile') == 38
    assert page.count('class="index-map-tile index-map-tile--empty"') == 37  # only Jawa Timur has results
    assert page.count('class="index-map-row"') == 38
    row = re.search(r'<tr class="index-map-row"><th scope="row">Jawa Timur</th>(.*?)</tr>', page).group(1)
    share = 100 * stored.count("sangat_inovatif") / len(stored)
    assert f">{len(stored)}<" in row
    assert f"({format_percent(share)})" in row
    jatim = re.search(r'<li class="index-map-tile"[^>]*grid-row: 6; grid-column: 7;([^"]*)"', page).group(1)
    assert "linear-gradient(to top, #198754 0.0%" in jatim  # Sangat Inovatif's colour first, from the bottom


def test_the_dashboard_costs_the_same_queries_with_more_rows_and_provinces(client, cast, framework, world):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(DASHBOARD).status_code == 200
        return len(ctx)

    before = count()
    _add(framework, "35.07", "kabupaten", 1)
    _add(framework, "11", "provinsi", 1, predicate="kurang_inovatif")
    _add(framework, "11.71", "kota", 3)
    _add(framework, "51.03", "kabupaten", 2, predicate="sangat_inovatif")
    assert count() == before


@pytest.mark.parametrize(
    "query",
    [
        {"tahun": "²"},
        {"tahun": "9" * 25},
        {"tahun": "1e3"},
        {"tahun": "2026\x00"},
        {"tahun": "-1"},
        {"klaster": "<script>"},
        {"provinsi": "x" * 5000},
        {"provinsi": "35\r\n"},
        {"klaster": "kota", "provinsi": "٣٥"},
    ],
)
def test_bad_query_strings_never_fail_the_server(client, framework, world, query):
    assert client.get(DASHBOARD, query).status_code in (200, 404)
    assert client.get(reverse("public:index_export", args=[2026, "csv"]), query).status_code in (200, 404)


def test_the_region_page_costs_the_same_queries_for_two_innovations_or_one(client, cast, framework, world):
    """Kota Batu has two assessed innovations and many improvements, Kota Malang one: same queries."""

    def count(code):
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(reverse("public:index_region", args=[2026, code])).content.decode()
        return len(ctx), page.count('class="index-innovation-row"')

    (batu, batu_rows), (malang, malang_rows) = count("35.79"), count("35.73")
    assert (batu_rows, malang_rows) == (2, 1)
    assert batu == malang
