"""The catalog query behind the page, the export and the API: search, filters, facets, sorting."""

import pytest

from inovasi.search.catalog import CatalogParams, search_catalog
from inovasi.search.tests.scenario import build_catalog


@pytest.fixture
def catalog(cast):
    return build_catalog(cast)


def _names(params: dict) -> list[str]:
    result = search_catalog(CatalogParams.from_data(params), with_facets=False)
    return [innovation.name for innovation in result.page(1).innovations]


def _facets(params: dict) -> dict[str, dict[str, int]]:
    result = search_catalog(CatalogParams.from_data(params))
    return {facet.key: {option.value: option.count for option in facet.options} for facet in result.facets}


def test_pengolahan_sampah_finds_published_innovations_that_mention_mengolah_sampah(catalog):
    assert sorted(_names({"q": "pengolahan sampah"})) == ["Bank Sampah Sekolah", "Layanan Kang Pisman"]


def test_a_draft_never_appears_whatever_the_search(catalog):
    assert "Sampah Rahasia" not in _names({"q": "sampah"})
    assert "Sampah Rahasia" not in _names({})
    assert search_catalog(CatalogParams.from_data({})).total == 4


def test_filters_combine(catalog):
    assert _names({"province": "35"}) == ["Among Tani Crop", "Bank Sampah Sekolah", "Rumah Diapers"]
    assert _names({"province": "35", "type": "digital"}) == ["Among Tani Crop"]
    assert _names({"region": "35.73"}) == ["Rumah Diapers"]
    assert _names({"agency_kind": "upt"}) == ["Bank Sampah Sekolah"]
    assert _names({"affair": "2.11"}) == ["Bank Sampah Sekolah", "Rumah Diapers"]
    assert _names({"stage": "inisiatif"}) == ["Layanan Kang Pisman"]
    assert _names({"form": "tata_kelola"}) == []
    assert _names({"start_year": "2021"}) == ["Among Tani Crop"]
    assert _names({"award": "outside"}) == ["Bank Sampah Sekolah"]
    assert _names({"replicated": "yes"}) == ["Rumah Diapers"]
    assert _names({"replicated": "no", "q": "sampah"}) == ["Bank Sampah Sekolah", "Layanan Kang Pisman"]


def test_malformed_filter_values_are_ignored(catalog):
    params = CatalogParams.from_data({"type": "analog", "start_year": "kemarin", "province": "35'--", "sort": "x"})
    assert (params.filters, params.sort) == ({}, "name")


def test_facet_counts_without_filters(catalog):
    assert _facets({}) == {
        "province": {"32": 1, "35": 3},
        "agency_kind": {"dinas": 3, "upt": 1},
        "affair": {"1.02": 2, "2.11": 2, "3.27": 1},
        "form": {"pelayanan_publik": 4},
        "type": {"digital": 2, "non_digital": 2},
        "stage": {"inisiatif": 1, "uji_coba": 1, "penerapan": 2},
        "start_year": {"2024": 1, "2023": 1, "2021": 1, "2020": 1},
        "award": {"outside": 1},
        "replicated": {"yes": 1, "no": 3},
    }


def test_facet_counts_reflect_the_other_active_filters(catalog):
    facets = _facets({"province": "35", "type": "digital"})
    # The province facet ignores the province filter but applies the type filter, and vice versa.
    assert facets["province"] == {"32": 1, "35": 1}
    assert facets["type"] == {"digital": 1, "non_digital": 2}
    assert facets["region"] == {"35.79": 1}
    assert facets["stage"] == {"penerapan": 1}
    facets = _facets({"q": "sampah", "province": "35"})
    assert facets["province"] == {"32": 1, "35": 2}
    assert facets["region"] == {"35.73": 1, "35.79": 1}
    assert facets["affair"] == {"1.02": 1, "2.11": 2}


def test_a_selected_option_is_listed_even_with_no_matches(catalog):
    result = search_catalog(CatalogParams.from_data({"form": "tata_kelola"}))
    form = next(facet for facet in result.facets if facet.key == "form")
    assert [(o.value, o.count, o.selected) for o in form.options] == [
        ("tata_kelola", 0, True),
        ("pelayanan_publik", 4, False),
    ]


def test_sorting(catalog):
    assert _names({"sort": "newest"}) == [
        "Layanan Kang Pisman",
        "Bank Sampah Sekolah",
        "Among Tani Crop",
        "Rumah Diapers",
    ]
    assert _names({"sort": "replications"})[0] == "Rumah Diapers"
    assert _names({"sort": "name"}) == sorted(_names({}))
    # Relevance is the default when searching; without a search it falls back to the name.
    assert CatalogParams.from_data({"q": "sampah"}).sort == "relevance"
    assert CatalogParams.from_data({"sort": "relevance"}).sort == "name"


def test_relevance_puts_the_closest_text_first(catalog, cast):
    from inovasi.search.tests.factories import make_innovation

    make_innovation(cast.agency_b, "Sampah Jadi Sampah", summary="Sampah, sampah, sampah: bank sampah warga.")
    assert _names({"q": "sampah"})[0] == "Sampah Jadi Sampah"
    assert len(_names({"q": "sampah"})) == 4


def test_pagination_20_per_page(cast):
    from inovasi.search.tests.factories import make_innovation

    for n in range(23):
        make_innovation(cast.agency_a, f"Inovasi Desa {n:02d}")
    result = search_catalog(CatalogParams.from_data({}))
    first, last = result.page(1), result.page(2)
    assert (result.total, first.paginator.num_pages) == (23, 2)
    assert len(first.innovations) == 20
    assert [i.name for i in last.innovations] == ["Inovasi Desa 20", "Inovasi Desa 21", "Inovasi Desa 22"]
    assert result.page("banyak").innovations[0].name == "Inovasi Desa 00"


def test_a_search_of_only_stop_words_finds_nothing(catalog):
    result = search_catalog(CatalogParams.from_data({"q": "yang dan di"}))
    assert (result.total, result.page(1).innovations) == (0, [])


def test_cached_facet_counts_are_renewed_by_any_index_write(cast, catalog):
    from inovasi.search.tests.factories import make_innovation

    assert _facets({"q": "sampah"})["province"] == {"32": 1, "35": 2}
    assert search_catalog(CatalogParams.from_data({"q": "sampah"})).total == 3
    make_innovation(cast.agency_b, "Sampah Pasar")
    assert _facets({"q": "sampah"})["province"] == {"32": 1, "35": 3}
    assert search_catalog(CatalogParams.from_data({"q": "sampah"})).total == 4


def test_the_province_facet_ignores_a_chosen_kabupaten_kota(catalog):
    assert _facets({"region": "35.79"})["province"] == {"32": 1, "35": 3}
    assert _facets({"region": "35.79", "q": "sampah"})["province"] == {"32": 1, "35": 2}
    assert _facets({"region": "35.79", "province": "35"})["region"] == {"35.73": 1, "35.79": 2}
