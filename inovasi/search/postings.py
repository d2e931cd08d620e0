"""The catalog's inverted index (`SearchPosting`): one row per (document, stem) with a stored weight.

Why: at 100,000 innovations a broad word ("petani", 30,000 hits) cost PostgreSQL ~250 ms just to
match and rank through the GIN index (every hit's tsvector is read back from TOAST for the recheck
and for ts_rank). A posting row is ~40 bytes in a b-tree on (term, weight DESC, document_id): the
hits of a word are one index-only range scan, already in rank order, and their count is a count
over that range. Stemming is unchanged (the same `text.stems` as before); counts and facets are
exact (every matching document has a posting for every query stem).

Weight of stem t in a document of L stems where t occurs tf times (BM25's term part, k1 = 1.2,
b = 0.75, a fixed average length so a new document never changes the others' weights):

    tf * (k1 + 1) / (tf + k1 * (1 - b + b * L / AVERAGE_LENGTH))  + NAME_BONUS if t is in the name

A query ranks by the sum over its stems of weight × idf(t), idf from the stems' posting counts.
"""

import math
from collections import Counter

from django.db import connections, router

TABLE = "search_searchposting"
K1 = 1.2
B = 0.75
AVERAGE_LENGTH = 150
NAME_BONUS = 1.5


def weights(document_stems: list[str], name_stems: set[str]) -> dict[str, float]:
    """term → weight for one document (see the module docstring)."""
    counts = Counter(document_stems)
    length_part = K1 * (1 - B + B * len(document_stems) / AVERAGE_LENGTH)
    return {
        term: round(tf * (K1 + 1) / (tf + length_part) + (NAME_BONUS if term in name_stems else 0.0), 4)
        for term, tf in counts.items()
        if len(term) <= 64
    }


def _cursor(model=None):
    from inovasi.search.models import SearchPosting

    return connections[router.db_for_read(model or SearchPosting)].cursor()


def term_counts(terms: list[str]) -> dict[str, int]:
    """How many documents hold each term (one index-only count per term, in one statement)."""
    if not terms:
        return {}
    parts = " UNION ALL ".join(f"SELECT %s, COUNT(*) FROM {TABLE} WHERE term = %s" for _ in terms)  # noqa: S608
    args = [value for term in terms for value in (term, term)]
    with _cursor() as cursor:
        cursor.execute(parts, args)
        return dict(cursor.fetchall())


def idf(count: int, total: int) -> float:
    return math.log(1 + (total - count + 0.5) / (count + 0.5))


def matching_sql(terms: list[str]) -> tuple[str, list]:
    """SQL selecting `document_id` of the documents holding every term (each term one index range)."""
    joins = "".join(f" JOIN {TABLE} p{i} ON p{i}.document_id = p0.document_id" for i in range(1, len(terms)))
    where = " AND ".join(f"p{i}.term = %s" for i in range(len(terms)))
    return f"SELECT p0.document_id FROM {TABLE} p0{joins} WHERE {where}", list(terms)  # noqa: S608
