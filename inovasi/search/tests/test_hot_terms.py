"""Broad one-word searches read stored facet counts that stay exact through every kind of write."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inovasi.innovations import services as innovation_services
from inovasi.innovations.enums import InnovationType
from inovasi.innovations.models import GovernmentAffair
from inovasi.search import catalog, facets, hot_terms
from inovasi.search.indexing import rebuild_index
from inovasi.search.models import SearchAffair, SearchDocument
from inovasi.search.tests.factories import make_innovation, replicate
from inovasi.search.tests.scenario import build_catalog


@pytest.fixture(autouse=True)
def broad_at_two(settings):
    settings.SEARCH_HOT_TERM_DOCUMENTS = 2


def computed_from_scratch() -> dict:
    """Every hot stem's rows recomputed from the index, beside the rest of the table recounted."""
    with connection.cursor() as cursor:
        hot = hot_terms.current(cursor)
        counts = +facets.compute_counts(SearchDocument, SearchAffair)
        for term in hot:
            counts.update(hot_terms.compute(term, cursor))
    return +counts


def facets_by_group_by(q: str) -> tuple[dict, int]:
    """The same search's facets counted with GROUP BY (the path every other search takes)."""
    params = catalog.CatalogParams.from_data({"q": q})
    terms = catalog.query_terms(q)
    keys = [key for key in catalog._FACET_ORDER if key != "region"]
    counts = catalog._term_facets(params, terms, keys, "")
    total = counts.pop("total").get("", 0)
    counts.pop("ranked")
    return {key: {v: n for v, n in values.items() if n} for key, values in counts.items()}, total


def shown(result) -> tuple[dict, int]:
    return {f.key: {o.value: o.count for o in f.options if o.count} for f in result.facets}, result.total


def search(q: str):
    return catalog.search_catalog(catalog.CatalogParams.from_data({"q": q}))


def test_a_broad_word_becomes_hot_and_its_stored_facets_equal_a_group_by(cast):
    build_catalog(cast)
    assert hot_terms.current() == set()
    result = search("sampah")  # three published innovations hold "sampah"
    assert hot_terms.current() == {"sampah"}
    expected_counts, expected_total = facets_by_group_by("sampah")
    counts, total = shown(result)
    assert total == expected_total == 3
    assert {k: v for k, v in counts.items() if v} == {k: v for k, v in expected_counts.items() if v}
    # A word held by one innovation stays on the GROUP BY path.
    search("anyaman")
    assert "anyaman" not in hot_terms.current()


def test_the_hot_counts_follow_every_write(cast):
    built = build_catalog(cast)
    search("sampah")
    assert facets.table_counts() == computed_from_scratch()

    # A new published innovation holding the word, an edit that changes its facets, children.
    newer = make_innovation(
        cast.agency_b,
        "Sampah Jadi Emas",
        type=InnovationType.DIGITAL,
        started_on=datetime.date(2022, 5, 1),
        affairs=[GovernmentAffair.objects.get(code="2.11")],
        summary="Tabungan sampah warga.",
    )
    assert facets.table_counts() == computed_from_scratch()
    newer.type = InnovationType.NON_DIGITAL
    newer.save()
    replicate(newer, cast.gov_a)
    newer.affairs.clear()
    assert facets.table_counts() == computed_from_scratch()

    # The word removed from a record's text, unpublished, published again, deleted.
    built.bank_sampah.summary = "Murid membuat tas anyaman."
    built.bank_sampah.name = "Bank Tas Sekolah"
    built.bank_sampah.save()
    assert facets.table_counts() == computed_from_scratch()
    innovation_services.archive_innovation(innovation=built.rumah_diapers, actor=cast.admin_b, reason="Dihentikan")
    assert facets.table_counts() == computed_from_scratch()
    innovation_services.publish_innovation(innovation=built.rumah_diapers, actor=cast.admin_b)
    assert facets.table_counts() == computed_from_scratch()
    newer.delete()
    assert facets.table_counts() == computed_from_scratch()

    # Rebuilding the whole index keeps the word hot, with the same counts.
    rebuild_index()
    assert "sampah" in hot_terms.current()
    assert facets.table_counts() == computed_from_scratch()
    counts, total = shown(search("sampah"))
    expected_counts, expected_total = facets_by_group_by("sampah")
    assert total == expected_total
    assert {k: v for k, v in counts.items() if v} == {k: v for k, v in expected_counts.items() if v}


def test_a_hot_word_reads_its_facets_without_grouping_the_matches(cast):
    build_catalog(cast)
    search("sampah")
    facets.stored([])  # nothing cached in between: the facet cache is keyed on the index version
    make_innovation(cast.agency_a, "Sampah Pasar", summary="Sampah pasar diolah.")  # an index write
    with CaptureQueriesContext(connection) as queries:
        result = search("sampah")
    assert result.total == 4
    assert not any("GROUP BY" in q["sql"] for q in queries.captured_queries)


def test_a_filter_or_a_second_word_takes_the_exact_group_by_path(cast):
    build_catalog(cast)
    search("sampah")
    result = catalog.search_catalog(catalog.CatalogParams.from_data({"q": "sampah", "provinsi": "35"}))
    params = catalog.CatalogParams.from_data({"q": "sampah", "provinsi": "35"})
    assert result.total == catalog._filtered(params, catalog.query_terms("sampah")).count()
    assert search("sampah popok").total == 1
