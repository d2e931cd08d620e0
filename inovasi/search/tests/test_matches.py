"""The catalog's joined matches (`search.matches`) hold exactly what the ORM's filters hold, in the
relevance order the postings module documents, under every filter the catalog offers."""

import pytest

from inovasi.innovations.models import GovernmentAffair, Innovation, Recognition
from inovasi.search import catalog, facets, matches, postings
from inovasi.search.models import SearchDocument, SearchPosting
from inovasi.search.tests.factories import make_innovation
from inovasi.search.tests.scenario import build_catalog
from inovasi.search.tests.test_facet_counts import TERM_PARAMS

MORE_PARAMS = [
    {"q": "sampah warga"},
    {"q": "sampah olah", "province": "35"},
    {"q": "petani aplikasi"},
    {"q": "sampah", "page": "2"},
    {"q": "sampah popok bayi", "affair": "2.11"},
    {"q": "sampah tidakada"},
]


def _world(cast):
    build_catalog(cast)
    Recognition.objects.create(
        innovation=Innovation.objects.get(name="Among Tani Crop"), name="STBM", giver="Kemenkes", year=2023
    )
    affair = GovernmentAffair.objects.get(code="2.11")
    # Uneven texts, so the weights (term frequency, length, a word in the name) differ.
    for n, summary in enumerate(
        [
            "Sampah sampah sampah diolah warga menjadi kompos.",
            "Warga menabung sampah di bank sampah; petani memakai kompos dari sampah warga.",
            "Aplikasi untuk petani: harga pupuk dan sampah organik sebagai pupuk.",
            "Popok bayi bekas dan sampah plastik diolah menjadi paving.",
        ]
    ):
        agency = cast.agency_a if n % 2 else cast.agency_b
        make_innovation(agency, f"Olah Sampah {n}", summary=summary, affairs=[affair])


def _expected(params) -> list[int]:
    """The documented order, computed here from the posting rows: the documents holding every term
    and passing the ORM filters, by Σ weight × idf (one term: weight), then id."""
    terms = catalog.query_terms(params.q)
    allowed = set(catalog._filtered(params, []).values_list("pk", flat=True))
    rows = SearchPosting.objects.filter(term__in=terms).values_list("document_id", "term", "weight")
    held: dict[int, dict[str, float]] = {}
    for document, term, weight in rows:
        held.setdefault(document, {})[term] = weight
    total = max(facets.stored([""])[""].get(facets.TOTAL, {}).get("", 0), 1)
    counts = {t: SearchPosting.objects.filter(term=t).count() for t in terms}

    def score(weights):
        if len(terms) == 1:
            return weights[terms[0]]
        return sum(weights[t] * round(postings.idf(counts[t], total), 6) for t in terms)

    found = [(score(w), d) for d, w in held.items() if d in allowed and set(w) == set(terms)]
    return [d for _s, d in sorted(found, key=lambda item: (-item[0], item[1]))]


@pytest.mark.parametrize("data", TERM_PARAMS + MORE_PARAMS, ids=lambda d: "&".join(f"{k}={v}" for k, v in d.items()))
def test_ranked_ids_and_any_match_equal_the_orm_filters(cast, data):
    _world(cast)
    params = catalog.CatalogParams.from_data({**data, "sort": "relevance"})
    terms = catalog.query_terms(params.q)
    expected = _expected(params)
    ranked = matches.RankedIds(terms, params.filters)
    assert list(ranked) == expected
    assert ranked[0:2] == expected[0:2]
    assert ranked[1:3] == expected[1:3]
    assert ranked[2:] == expected[2:]
    assert set(expected) == set(catalog._filtered(params, terms).values_list("pk", flat=True))
    assert matches.any_match(terms, params.filters) is bool(expected)
    assert matches.count(terms, params.filters) == len(expected)
    # The API asks without facets: the same total, the same order.
    bare = catalog.search_catalog(params, with_facets=False)
    assert (bare.total, list(bare.ids)) == (len(expected), expected)
    # The page the visitor sees is the same order.
    result = catalog.search_catalog(params)
    assert result.total == len(expected)
    assert [i.pk for i in result.page(1).innovations] == expected[:20]


def test_ranked_ids_read_only_forward_slices(cast):
    _world(cast)
    ranked = matches.RankedIds(["sampah"], {})
    with pytest.raises(TypeError):
        ranked[0]
    with pytest.raises(ValueError):
        ranked[-2:]


def test_every_filter_has_one_sql_condition_equal_to_the_orm_filter(cast):
    """Each filter value the catalog offers selects, in SQL on the document row, the ORM's documents."""
    _world(cast)
    documents = SearchDocument.objects.all()
    values = {
        "province": ["35", "32"],
        "region": ["35.79", "32.73"],
        "affair": ["2.11", "1.02", "3.27"],
        **{key: list(enum.values) for key, enum in catalog._ENUMS.items()},
        "start_year": ["2021", "2023"],
        "award": list(catalog.AWARD_CHOICES),
        "replicated": list(catalog.REPLICATED_CHOICES),
    }
    assert set(values) == set(catalog.FILTER_KEYS)
    for key, options in values.items():
        for value in options:
            condition, args = matches.conditions({key: value}, prefix="search_searchdocument.")
            in_sql = set(documents.extra(where=[condition], params=args).values_list("pk", flat=True))  # noqa: S610
            assert in_sql == set(catalog._apply(documents, key, value).values_list("pk", flat=True)), (key, value)


@pytest.mark.parametrize("ahead", [0, 1, 2, 3, 100])
def test_pages_read_from_the_facet_statement_or_the_database_are_the_same_order(cast, monkeypatch, ahead):
    """The facet statement's first ids (RANKED_AHEAD) and the ranking query agree at every boundary."""
    _world(cast)
    monkeypatch.setattr(matches, "RANKED_AHEAD", ahead)
    for data in [{"q": "sampah"}, {"q": "sampah warga"}, {"q": "sampah", "province": "35"}]:
        params = catalog.CatalogParams.from_data({**data, "sort": "relevance"})
        expected = _expected(params)
        result = catalog.search_catalog(params)
        assert len(result.ids.ahead) == min(ahead, len(expected))
        shown = [i.pk for n in range(1, len(expected) + 1) for i in result.page(n, per_page=1).innovations]
        assert shown == expected
        assert [i.pk for i in result.iter_innovations(chunk_size=2)] == expected
