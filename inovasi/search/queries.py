"""Full-text matching on SearchDocument querysets, on SQLite FTS5 and PostgreSQL alike.

Both sides are stemmed in Python (`text.stems`), so the database only matches stems: FTS5 with
the unicode61 tokenizer and bm25 ranking, PostgreSQL with the 'simple' configuration (no further
stemming) and ts_rank. All words must match (AND) for a search; "similar innovations" ORs the
salient stems of one innovation instead.
"""

from collections import Counter

from django.db import connection
from django.db.models.expressions import RawSQL

from inovasi.innovations.enums import NARRATIVE_SECTIONS
from inovasi.search import facets, postings
from inovasi.search import text as text_module
from inovasi.search.text import stems

TABLE = "search_searchdocument"
PG_VECTOR = "search_searchtext.search_vector"  # stored generated column, see migration 0002


def _expression(terms: list[str], operator: str) -> str:
    if connection.vendor == "postgresql":
        joiner = " | " if operator == "OR" else " & "
        return joiner.join(f"'{term}'" for term in terms)
    joiner = " OR " if operator == "OR" else " "
    return joiner.join(f'"{term}"' for term in terms)


def query_terms(text: str) -> list[str]:
    """The distinct stems of a search text, in order.

    The words a visitor typed are not indexed words: they are kept out of the stems the indexer
    stores (the vocabulary that forgiving search corrects against must not learn "digitl").
    """
    before = set(text_module._NEW)
    found = list(dict.fromkeys(stems(text or "")))
    for word in set(text_module._NEW) - before:
        text_module._NEW.pop(word, None)
    return found


def filter_matching(queryset, terms: list[str], operator: str = "AND"):
    """Documents containing every term (AND, through the postings) or any term (OR); unranked."""
    if operator == "AND":
        sql, args = postings.matching_sql(terms)
        return queryset.filter(pk__in=RawSQL(sql, args))  # noqa: S611 - the terms are parameters
    expression = _expression(terms, operator)
    if connection.vendor == "postgresql":
        sql = f"SELECT document_id FROM search_searchtext WHERE {PG_VECTOR} @@ to_tsquery('simple', %s)"  # noqa: S608
        return queryset.filter(pk__in=RawSQL(sql, [expression]))  # noqa: S611 - the expression is a parameter
    sql = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
    return queryset.filter(pk__in=RawSQL(sql, [expression]))  # noqa: S611 - the expression is a parameter


def rank_matching(queryset, terms: list[str], operator: str = "AND"):
    """Documents matching the terms, annotated with `relevance` and ordered best first.

    AND (the catalog): through the postings (see `postings`). The rarest term's posting row is
    joined (its index is ordered by weight, so a one-word search reads its best hits first and
    stops at the page); every other term adds its stored weight from a probe of its posting.
    """
    if operator == "AND":
        driver = "search_searchposting"
        where = [f"{driver}.document_id = {TABLE}.innovation_id", f"{driver}.term = %s"]
        if len(terms) == 1:
            # One word: order by the bare weight, so the (term, weight DESC, document_id) index is
            # read in order and the scan stops at the page.
            ordered, score, score_params = list(terms), f"{driver}.weight", []
        else:
            counts = postings.exact_term_counts(terms)
            ordered = sorted(terms, key=lambda t: (counts.get(t, 0), t))
            total = max(facets.stored([""])[""].get(facets.TOTAL, {}).get("", 0), 1)
            factors = [round(postings.idf(counts.get(term, 0), total), 6) for term in ordered]
            # The idf factors are floats computed here, not input.
            score, score_params = f"{driver}.weight * {factors[0]!r}", []
            for term, factor in zip(ordered[1:], factors[1:], strict=True):
                probe = f"FROM search_searchposting p WHERE p.document_id = {driver}.document_id AND p.term = %s"
                score += f" + {factor!r} * (SELECT p.weight {probe})"
                score_params.append(term)
                where.append(f"EXISTS (SELECT 1 {probe})")
        return queryset.extra(  # noqa: S610 - the terms are bound parameters
            tables=[driver],
            where=where,
            params=ordered,
            select={"relevance": score, "tie": f"{driver}.document_id"},
            select_params=score_params,
            order_by=["-relevance", "tie"],
        )
    expression = _expression(terms, operator)
    if connection.vendor == "postgresql":
        return queryset.extra(  # noqa: S610 - the expression is a bound parameter
            tables=["search_searchtext"],
            where=[
                f"search_searchtext.document_id = {TABLE}.innovation_id",
                f"{PG_VECTOR} @@ to_tsquery('simple', %s)",
            ],
            params=[expression],
            select={"relevance": f"ts_rank({PG_VECTOR}, to_tsquery('simple', %s))"},
            select_params=[expression],
            order_by=["-relevance", "sort_name"],
        )
    return queryset.extra(  # noqa: S610 - the expression is a bound parameter
        tables=["search_fts"],
        where=[f"search_fts.rowid = {TABLE}.innovation_id", "search_fts MATCH %s"],
        params=[expression],
        select={"relevance": "search_fts.rank"},
        order_by=["relevance", "sort_name"],
    )


def salient_term_weights(innovation, limit: int = 12) -> dict[str, float]:
    """The stems that best describe an innovation with their weight: name 3, summary 2, the rest 1."""
    weights = Counter()
    for stem in set(stems(f"{innovation.name} {innovation.acronym_expansion}")):
        weights[stem] += 3
    for stem in set(stems(innovation.summary)):
        weights[stem] += 2
    for field, _label in NARRATIVE_SECTIONS[1:]:
        for stem in set(stems(getattr(innovation, field) or "")):
            weights[stem] += 1
    candidates = [(stem, weight) for stem, weight in weights.items() if len(stem) > 2 and not stem.isdigit()]
    candidates.sort(key=lambda item: (-item[1], item[0]))
    return dict(candidates[:limit])


def salient_terms(innovation, limit: int = 12) -> list[str]:
    """The stems that best describe an innovation, most salient first."""
    return list(salient_term_weights(innovation, limit))
