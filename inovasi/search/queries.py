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
from inovasi.search import postings
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
