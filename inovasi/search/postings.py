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
import time
from collections import Counter

from django.db import connections, router

from inovasi.search.models import SearchPosting

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
    return connections[router.db_for_read(model or SearchPosting)].cursor()


def term_counts(terms: list[str]) -> dict[str, int]:
    """How many documents hold each term (one index-only count per term, in one statement)."""
    if not terms:
        return {}
    parts = " UNION ALL ".join(f"SELECT %s, COUNT(*) FROM {TABLE} WHERE term = %s" for _ in terms)  # noqa: S608
    args = [value for term in terms for value in (term, term)]
    with _cursor() as cursor:
        cursor.execute(parts, args)
        found = dict(cursor.fetchall())
    now = time.monotonic()
    for term, count in found.items():
        _COUNTS[term] = (count, now)
    if len(_COUNTS) > 50_000:
        _COUNTS.clear()
    return found


# Exact posting counts per index version: a count can only change with an index write, which
# changes the version token, so a count stored under the current token is exact (relevance's idf).
# The number of indexed documents is kept under the key "" (no stem is empty).
_EXACT: dict[str, tuple[str, int]] = {}


def _version() -> str:
    from inovasi.search.models import SearchIndexVersion  # inline: models load after this module

    return SearchIndexVersion.objects.filter(pk=1).values_list("token", flat=True).first() or "0"


def exact_term_counts(terms: list[str]) -> dict[str, int]:
    """How many documents hold each term, exact: memoised per index version (one tiny read)."""
    version = _version()
    missing = [term for term in terms if _EXACT.get(term, ("", 0))[0] != version]
    if missing:
        if len(_EXACT) > 50_000:
            _EXACT.clear()
        for term, count in term_counts(missing).items():
            _EXACT[term] = (version, count)
    return {term: _EXACT[term][1] for term in terms if term in _EXACT}


def idf_weighted(terms: list[str]) -> list[tuple[str, float]]:
    """The terms rarest first, each with its idf for the current index version (see the module
    docstring), from exact counts memoised per version: one tiny read once they are known."""
    from inovasi.search import facets  # inline: facets imports the models, which load after this module

    counts = exact_term_counts(terms)
    version = _EXACT[terms[0]][0] if terms and terms[0] in _EXACT else _version()
    if _EXACT.get("", ("", 0))[0] != version:
        _EXACT[""] = (version, facets.stored_total())
    total = max(_EXACT[""][1], 1)
    ordered = sorted(terms, key=lambda t: (counts.get(t, 0), t))
    return [(term, round(idf(counts.get(term, 0), total), 6)) for term in ordered]


# Posting counts seen lately, used only to choose the join order of a multi-word match (rarest word
# first); a stale count can only make that order less good, never the result different.
_COUNTS: dict[str, tuple[int, float]] = {}
ORDER_COUNTS_SECONDS = 600


def rarest_first(terms: list[str]) -> list[str]:
    """The terms, rarest first, from recent counts (fetched in one query for those not known)."""
    if len(terms) < 2:
        return list(terms)
    now = time.monotonic()
    known = {t: c for t, (c, at) in ((t, _COUNTS.get(t, (0, -1e9))) for t in terms) if now - at < ORDER_COUNTS_SECONDS}
    missing = [t for t in terms if t not in known]
    if missing:
        known.update(term_counts(missing))
    return sorted(terms, key=lambda t: (known.get(t, 0), t))


def idf(count: int, total: int) -> float:
    return math.log(1 + (total - count + 0.5) / (count + 0.5))


def joined(terms: list[str], ordered: list[str] | None = None) -> tuple[str, str, list[str]]:
    """FROM and WHERE of a match of every term, and the terms in their order (the WHERE's arguments).

    The first term's postings are `p0`: one index range scan; each other term's posting of the same
    document is `p1`, `p2`…: one primary-key probe per candidate (CROSS JOIN keeps that order on
    SQLite, whose planner cannot tell a rare word from a common one; PostgreSQL plans it from its
    own statistics). `ordered` is the order to use; by default the rarest term first.
    """
    ordered = list(ordered) if ordered is not None else rarest_first(terms)
    joins = "".join(f" CROSS JOIN {TABLE} p{i}" for i in range(1, len(ordered)))
    where = " AND ".join(
        ["p0.term = %s"] + [f"p{i}.document_id = p0.document_id AND p{i}.term = %s" for i in range(1, len(ordered))]
    )
    return f"{TABLE} p0{joins}", where, ordered


def matching_sql(terms: list[str]) -> tuple[str, list]:
    """SQL selecting `document_id` of the documents holding every term (see `joined`)."""
    from_sql, where, ordered = joined(terms)
    return f"SELECT p0.document_id FROM {from_sql} WHERE {where}", ordered  # noqa: S608
