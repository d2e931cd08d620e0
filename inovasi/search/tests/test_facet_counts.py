"""The stored facet counts stay equal to a recount of the index through every kind of write, and the
catalog's facets read from them equal the facets counted with GROUP BY."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inovasi.data_exchange.services import start_import
from inovasi.data_exchange.tests.conftest import upload, valid_row, xlsx_bytes
from inovasi.innovations import services as innovation_services
from inovasi.innovations.enums import InnovationStage, InnovationStatus, InnovationType
from inovasi.innovations.models import GovernmentAffair, Innovation, Partner, Recognition
from inovasi.search import catalog, facets
from inovasi.search.indexing import index_innovations, rebuild_index
from inovasi.search.models import SearchAffair, SearchDocument, SearchFacetCount
from inovasi.search.tests.factories import make_innovation, replicate
from inovasi.search.tests.scenario import build_catalog


def recount():
    return +facets.compute_counts(SearchDocument, SearchAffair)


def assert_counts_are_right():
    assert facets.table_counts() == recount()
    # No row is left at zero or below: unpublished values disappear from the table.
    assert not SearchFacetCount.objects.filter(count__lte=0).exists()
    # Each entry's urusan codes (grouped by the urusan facet) match its SearchAffair rows.
    for document in SearchDocument.objects.prefetch_related("affairs"):
        assert document.affair_codes == " ".join(sorted(a.affair_code for a in document.affairs.all()))


def test_publish_edit_unpublish_and_delete_keep_the_counts_equal_to_a_recount(cast):
    built = build_catalog(cast)
    assert_counts_are_right()
    table = facets.table_counts()
    assert table[("", facets.TOTAL, "")] == 4
    assert table[("", "type", "digital")] == 2
    assert table[("type=digital", "province", "35")] == 1
    assert table[("type=digital", "province", "32")] == 1
    assert table[("province=35", "region", "35.79")] == 2
    assert table[("affair=2.11", facets.TOTAL, "")] == 2

    # Edit a published innovation's facets through a plain save (the signal re-indexes it).
    built.among_tani.type = InnovationType.NON_DIGITAL
    built.among_tani.stage = InnovationStage.UJI_COBA
    built.among_tani.save()
    assert_counts_are_right()
    assert facets.table_counts()[("", "type", "digital")] == 1

    # Children: urusan added and removed, an outside award, a replication, a partner.
    built.among_tani.affairs.add(GovernmentAffair.objects.get(code="1.02"))
    assert_counts_are_right()
    built.bandung.affairs.clear()
    assert_counts_are_right()
    Recognition.objects.create(innovation=built.among_tani, name="STBM", giver="Kemenkes", year=2023)
    replicate(built.among_tani, cast.gov_b)
    Partner.objects.create(innovation=built.among_tani, name="Universitas Brawijaya")
    assert_counts_are_right()
    assert facets.table_counts()[("", "award", "outside")] == 2

    # Unpublish (archive), publish again, return for revision.
    innovation_services.archive_innovation(innovation=built.bank_sampah, actor=cast.admin_a, reason="Dihentikan")
    assert_counts_are_right()
    assert ("affair=2.11", "award", "outside") not in facets.table_counts()
    innovation_services.publish_innovation(innovation=built.bank_sampah, actor=cast.admin_a)
    assert_counts_are_right()
    innovation_services.return_innovation(innovation=built.rumah_diapers, actor=cast.admin_b, reason="Perbaiki data")
    assert_counts_are_right()

    # Delete: the entry and its counts go with the innovation.
    built.bandung.delete()
    assert_counts_are_right()
    assert facets.table_counts()[("", facets.TOTAL, "")] == 2
    assert not SearchFacetCount.objects.filter(facet="province", value="32").exists()


def test_a_published_import_adds_exactly_its_rows_to_the_counts(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_innovation(cast.agency_b, "Rumah Diapers", type=InnovationType.DIGITAL)
    rows = [valid_row(n, **{"Jenis inovasi": "Non-digital" if n % 3 else "Digital"}) for n in range(1, 8)]
    job = start_import(
        government=cast.gov_a, uploaded_file=upload("impor.xlsx", xlsx_bytes(rows)), publish=True, actor=cast.admin_a
    )
    job.refresh_from_db()
    assert Innovation.objects.filter(status=InnovationStatus.PUBLISHED).count() == 8, (job.status, job.errors[:3])
    assert_counts_are_right()
    table = facets.table_counts()
    assert table[("", facets.TOTAL, "")] == 8
    assert table[("", "type", "digital")] == 1 + 2
    assert table[("affair=3.27", "region", "35.79")] == 0  # the region facet is stored only within a province
    assert table[("province=35", "region", "35.79")] == 7


def test_reindexing_the_same_innovations_twice_changes_nothing(cast):
    build_catalog(cast)
    before = facets.table_counts()
    ids = list(Innovation.objects.values_list("pk", flat=True))
    index_innovations(ids)
    index_innovations(ids)
    assert facets.table_counts() == before


def test_rebuilding_the_index_recounts_a_table_damaged_by_raw_writes(cast):
    build_catalog(cast)
    SearchFacetCount.objects.filter(given="", facet="type").update(count=999)
    SearchFacetCount.objects.create(given="", facet="type", value="analog", count=3)
    rebuild_index()
    assert_counts_are_right()


PARAMS = [
    {},
    {"province": "35"},
    {"province": "32"},
    {"region": "35.79"},
    {"province": "35", "region": "35.79"},
    {"province": "35", "region": "32.73"},
    {"type": "digital"},
    {"stage": "uji_coba"},
    {"form": "pelayanan_publik"},
    {"affair": "2.11"},
    {"start_year": "2021"},
    {"award": "outside"},
    {"replicated": "yes"},
    {"replicated": "no"},
    {"agency_kind": "dinas"},
    {"province": "35", "type": "digital"},
    {"region": "35.79", "affair": "2.11"},
    {"award": "outside", "start_year": "2023"},
]


@pytest.mark.parametrize("data", PARAMS, ids=lambda d: "&".join(f"{k}={v}" for k, v in d.items()) or "browse")
def test_stored_facet_counts_equal_the_grouped_counts(cast, data):
    build_catalog(cast)
    Recognition.objects.create(
        innovation=Innovation.objects.get(name="Among Tani Crop"), name="STBM", giver="Kemenkes", year=2023
    )
    params = catalog.CatalogParams.from_data(data)
    selected = params.filters
    province = selected.get("province") or (selected.get("region", "").split(".")[0] if "region" in selected else "")
    keys = [key for key in catalog._FACET_ORDER if key != "region" or province]
    stored, total = catalog._stored_facets(selected, keys, province)
    assert stored, "every parameter set here has facets answerable from the table"
    for key, counts in stored.items():
        grouped = {str(v): n for v, n in catalog._one_facet(params, [], key, province).items() if n}
        assert counts == grouped, key
    if total is not None:
        assert total == catalog._filtered(params, []).count()


def test_the_unfiltered_browse_reads_the_table_instead_of_grouping_the_index(cast):
    build_catalog(cast)
    params = catalog.CatalogParams.from_data({})
    with CaptureQueriesContext(connection) as ctx:
        facets_found, total, _ranked = catalog._facets(params, [])
    assert total == 4
    assert not [q["sql"] for q in ctx.captured_queries if "GROUP BY" in q["sql"].upper()]
    assert len(ctx.captured_queries) == 3  # the counts, the region names, the urusan names
    by_key = {facet.key: {o.value: o.count for o in facet.options} for facet in facets_found}
    assert by_key["type"] == {"digital": 2, "non_digital": 2}
    assert by_key["province"] == {"35": 3, "32": 1}


def test_one_broad_filter_costs_the_same_queries_as_the_browse(cast):
    build_catalog(cast)
    with CaptureQueriesContext(connection) as ctx:
        catalog._facets(catalog.CatalogParams.from_data({"type": "non_digital"}), [])
    assert not [q["sql"] for q in ctx.captured_queries if "GROUP BY" in q["sql"].upper()]
    assert len(ctx.captured_queries) == 3


def test_a_search_still_counts_its_matches(cast):
    build_catalog(cast)
    result = catalog.search_catalog(catalog.CatalogParams.from_data({"q": "sampah"}))
    by_key = {facet.key: {o.value: o.count for o in facet.options} for facet in result.facets}
    assert result.total == 3
    assert by_key["province"] == {"35": 2, "32": 1}


def test_start_dates_without_a_year_are_not_counted(cast):
    make_innovation(cast.agency_a, "Tanpa Tanggal", started_on=None)
    make_innovation(cast.agency_a, "Dengan Tanggal", started_on=datetime.date(2022, 5, 1))
    assert_counts_are_right()
    table = facets.table_counts()
    assert table[("", "start_year", "2022")] == 1
    assert sum(n for (g, f, _v), n in table.items() if g == "" and f == "start_year") == 1


TERM_PARAMS = [
    {"q": "sampah"},
    {"q": "sampah", "province": "35"},
    {"q": "sampah", "region": "35.79"},
    {"q": "sampah", "province": "35", "region": "35.79"},
    {"q": "sampah", "affair": "2.11"},
    {"q": "sampah", "affair": "2.11", "stage": "uji_coba"},
    {"q": "sampah", "replicated": "no", "type": "non_digital"},
    {"q": "petani aplikasi", "award": "outside"},
    {"q": "sampah", "start_year": "2023", "agency_kind": "upt"},
]


@pytest.mark.parametrize("data", TERM_PARAMS, ids=lambda d: "&".join(f"{k}={v}" for k, v in d.items()))
def test_a_search_counts_every_facet_in_one_match_exactly_as_one_query_per_facet(cast, data):
    build_catalog(cast)
    Recognition.objects.create(
        innovation=Innovation.objects.get(name="Among Tani Crop"), name="STBM", giver="Kemenkes", year=2023
    )
    params = catalog.CatalogParams.from_data(data)
    terms = catalog.query_terms(params.q)
    selected = params.filters
    province = selected.get("province") or (selected.get("region", "").split(".")[0] if "region" in selected else "")
    keys = [key for key in catalog._FACET_ORDER if key != "region" or province]
    with CaptureQueriesContext(connection) as ctx:
        counts = catalog._term_facets(params, terms, keys, province)
    # One statement matches and counts (and ranks the first ids); besides it, the index version and,
    # once per version, the words' posting counts and the document total (their idf; the join order).
    assert len([q for q in ctx.captured_queries if "hits" in q["sql"]]) == 1
    assert len(ctx.captured_queries) <= 4
    with CaptureQueriesContext(connection) as again:
        catalog._term_facets(params, terms, keys, province)
    assert len(again.captured_queries) <= 2
    assert counts.pop("total") == {"": catalog._filtered(params, terms).count()}
    for key in keys:
        grouped = {str(v): n for v, n in catalog._one_facet(params, terms, key, province).items() if n}
        assert counts[key] == grouped, key
