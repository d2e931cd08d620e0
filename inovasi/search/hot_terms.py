"""Stored facet counts for broad one-word searches ("petani": 30,000 of 100,000 innovations).

Why: the catalog counts a search's facets with one GROUP BY pass per facet over its matches. For
a broad word that is 30,000 rows to read and group, ~100 ms on PostgreSQL and ~200 ms on SQLite,
paid on the first request after every index write (cached counts are keyed on the index version).
A broad one-word search without filters is also the most common kind of catalog search.

How: a searched stem that matches at least `SEARCH_HOT_TERM_DOCUMENTS` documents becomes *hot* the
first time it is searched: its facet counts are computed once and stored in the facet counts table
under `given` "q=<stem>" (the same table and shape as the unfiltered browse; see `facets`). From
then on the indexer keeps them exact in the same transaction as the documents, exactly as it keeps
the browse counts: it adds the items of every document it writes that holds a hot stem and
subtracts those of every document it deletes. A search for a hot stem without filters then reads
its facets and total in one small query. A stem stays hot while any document holds it (its total
row is dropped with the last one); at most `MAX_HOT_TERMS` stems are hot at once.

Exactness under concurrent writers: every index write and every promotion first locks the index
version row (PostgreSQL; SQLite serialises writers anyway), so a promotion never misses the
documents of a writer that has not yet seen the stem as hot.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction

from inovasi.search import facets, postings

PREFIX = "q="
MAX_HOT_TERMS = 500
# facets.items() keys that a search without filters shows (the kabupaten/kota facet is shown only
# inside a province, so it is not stored under a search).
_SHOWN = {"province", "agency_kind", "form", "type", "stage", "replicated", "start_year", "award", "affair"}
_MAX_GIVEN = 40  # SearchFacetCount.given's length


def given(term: str) -> str:
    return PREFIX + term


def threshold() -> int:
    return getattr(settings, "SEARCH_HOT_TERM_DOCUMENTS", 1000)


def pairs(terms: Iterable[str], document_items: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """The (given, facet, value) rows one document counts under for each of these hot stems."""
    shown = [(key, value) for key, value in document_items if key in _SHOWN]
    found = []
    for term in terms:
        g = given(term)
        found.append((g, facets.TOTAL, ""))
        found += [(g, key, value) for key, value in shown]
    return found


def lock_index() -> None:
    """Serialise index writers and promotions (PostgreSQL row lock on the index version)."""
    if connection.vendor != "postgresql":
        return  # SQLite: writers already run one at a time (IMMEDIATE transactions)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_searchindexversion (id, token) VALUES (1, '0') ON CONFLICT (id) DO NOTHING")
        cursor.execute("SELECT token FROM search_searchindexversion WHERE id = 1 FOR UPDATE")


def current(cursor=None) -> set[str]:
    """The hot stems now (one read of their total rows)."""
    own = cursor is None
    cursor = cursor or connection.cursor()
    try:
        cursor.execute(
            f"SELECT given FROM {facets.TABLE} WHERE facet = %s AND value = '' AND given LIKE %s",  # noqa: S608
            [facets.TOTAL, PREFIX + "%"],
        )
        return {row[0][len(PREFIX) :] for row in cursor.fetchall()}
    finally:
        if own:
            cursor.close()


def terms_of_documents(cursor, ids: list[int], hot: set[str]) -> dict[int, list[str]]:
    """{document id: its hot stems}, read from the postings (before they are deleted)."""
    if not hot or not ids:
        return {}
    id_marks = ", ".join(["%s"] * len(ids))
    term_marks = ", ".join(["%s"] * len(hot))
    cursor.execute(
        f"SELECT document_id, term FROM {postings.TABLE} "  # noqa: S608 - fixed names
        f"WHERE document_id IN ({id_marks}) AND term IN ({term_marks})",
        [*ids, *sorted(hot)],
    )
    found = defaultdict(list)
    for document_id, term in cursor.fetchall():
        found[document_id].append(term)
    return found


def compute(term: str, cursor) -> Counter:
    """One stem's rows computed from the index: its documents' items, through the same `pairs`."""
    columns = ", ".join(f"d.{column}" for column in facets.DOCUMENT_COLUMNS)
    cursor.execute(
        f"SELECT {columns} FROM {postings.TABLE} p "  # noqa: S608 - fixed names
        "JOIN search_searchdocument d ON d.innovation_id = p.document_id WHERE p.term = %s",
        [term],
    )
    rows = cursor.fetchall()
    cursor.execute(
        f"SELECT a.document_id, a.affair_code FROM {postings.TABLE} p "  # noqa: S608 - fixed names
        "JOIN search_searchaffair a ON a.document_id = p.document_id WHERE p.term = %s",
        [term],
    )
    affairs = defaultdict(list)
    for document_id, code in cursor.fetchall():
        affairs[document_id].append(code)
    counts = Counter()
    for row in rows:
        counts.update(pairs([term], facets.items(row, affairs.get(row[0], ()))))
    return counts


def _write(cursor, counts: Counter) -> None:
    cursor.executemany(
        f"INSERT INTO {facets.TABLE} (given, facet, value, count) VALUES (%s, %s, %s, %s)",  # noqa: S608
        [(*key, n) for key, n in sorted(counts.items()) if n],
    )


def promote(term: str) -> bool:
    """Make `term` hot if it is broad enough and there is room; True when it is hot afterwards.

    Writes on the primary database (a catalog GET may run on the replica otherwise).
    """
    if len(given(term)) > _MAX_GIVEN:
        return False
    with transaction.atomic(using="default"):
        lock_index()
        with connection.cursor() as cursor:
            hot = current(cursor)
            if term in hot:
                return True
            if len(hot) >= MAX_HOT_TERMS:
                return False
            counts = compute(term, cursor)
            if counts[(given(term), facets.TOTAL, "")] < threshold():
                return False
            _write(cursor, counts)
    return True


def recompute_all(terms: Iterable[str]) -> None:
    """Write these stems' rows afresh (after `facets.rebuild_counts` emptied the table)."""
    with connection.cursor() as cursor:
        for term in sorted(terms):
            _write(cursor, compute(term, cursor))


def stored(term: str) -> tuple[dict[str, dict[str, int]], int] | None:
    """({facet: {value: count}}, total) of a hot stem, or None if it is not hot."""
    found = facets.stored([given(term)])[given(term)]
    if facets.TOTAL not in found:
        return None
    total = found.pop(facets.TOTAL).get("", 0)
    return found, total


def facets_of_search(term: str) -> tuple[dict[str, dict[str, int]], int] | None:
    """A one-word search's stored facets and total: read, or computed once if the stem is broad."""
    found = stored(term)
    if found is not None:
        return found
    if postings.exact_term_counts([term]).get(term, 0) < threshold():
        return None
    if not promote(term):
        return None
    return stored(term)
