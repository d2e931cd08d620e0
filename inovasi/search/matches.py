"""A search's matches under the visitor's filters, in SQL joined over the postings.

Why not `pk IN (match)` through the ORM: SQLite computes such a subquery in full into a temporary
index and then walks the 100,000 documents to test each one against it (17 ms for "kesehatan ibu
hamil", even to learn whether *one* document matches). Joining the postings first and the documents
after reads only the matches: whether one matches is a handful of index probes, the best page of a
multi-word search one join instead of two probes per word per candidate (7 ms instead of 17 ms), the
facets' matched rows a third faster. Both databases run the same statements.

The filters are the catalog's (`catalog.CatalogParams.filters`); `conditions` is their one SQL
form, on the documents `d` here and on the facets' matched rows in `catalog._term_facets`.
"""

from django.db import connections, router

from inovasi.search import postings
from inovasi.search.models import SearchDocument

DOCUMENTS = "search_searchdocument"
# How many ids in relevance order a search's facet statement also returns (`catalog._term_facets`):
# the catalog's first five pages, or one API page of the largest size, need no ranking query.
RANKED_AHEAD = 100
# The filters' columns on the document row (the others are named as the filter).
_COLUMN_FILTERS = {"province": "province_code", "region": "region_code", "start_year": "start_year"}


def conditions(selected: dict[str, str], without: str | None = None, prefix: str = "d.") -> tuple[str, list]:
    """SQL conditions for the active filters minus `without`, on columns named `<prefix><column>`.

    Mirrors `catalog._filtered`: leaving out the province leaves out the kabupaten/kota too. With
    `prefix=""` (the facets' matched rows) the urusan filter is the row's precomputed `in_affair`.
    """
    skip = {without, "region"} if without == "province" else {without}
    parts, args = [], []
    for key, value in selected.items():
        if key in skip:
            continue
        if key == "affair":
            if prefix:
                parts.append(
                    f"{prefix}innovation_id IN (SELECT document_id FROM search_searchaffair WHERE affair_code = %s)"  # noqa: S608 - prefix is ours
                )
                args.append(value)
            else:
                parts.append("in_affair")  # a column of the facets' `hits`
        elif key == "award":
            parts.append(f"{prefix}outside_award_count > 0")
        elif key == "replicated":
            parts.append(f"{prefix}replication_count {'>' if value == 'yes' else '='} 0")
        else:  # province, region, start_year, agency_kind, form, type, stage: fixed column names
            parts.append(f"{prefix}{_COLUMN_FILTERS.get(key, key)} = %s")
            args.append(int(value) if key == "start_year" else value)
    return " AND ".join(parts) or "1 = 1", args


def source(
    terms: list[str], selected: dict[str, str], ordered: list[str] | None = None, *, documents: bool = False
) -> tuple[str, list]:
    """`FROM … WHERE …` of the documents holding every term and passing every filter.

    The document row is `d`. Without filters it is not read at all unless `documents` asks for it:
    every posting belongs to an indexed document (the indexer writes and deletes both in one
    transaction).
    """
    from_sql, where, ordered = postings.joined(terms, ordered)
    if not selected and not documents:
        return f"FROM {from_sql} WHERE {where}", ordered
    condition, args = conditions(selected)
    return (
        f"FROM {from_sql} CROSS JOIN {DOCUMENTS} d WHERE {where} AND d.innovation_id = p0.document_id AND {condition}",
        [*ordered, *args],
    )


def _cursor():
    return connections[router.db_for_read(SearchDocument)].cursor()


def any_match(terms: list[str], selected: dict[str, str]) -> bool:
    """Whether at least one document holds every term and passes every filter (stops at the first)."""
    sql, args = source(terms, selected)
    with _cursor() as cursor:
        cursor.execute(f"SELECT 1 {sql} LIMIT 1", args)
        return cursor.fetchone() is not None


def count(terms: list[str], selected: dict[str, str]) -> int:
    """How many documents hold every term and pass every filter (the API's total, without facets)."""
    sql, args = source(terms, selected)
    with _cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) {sql}", args)
        return cursor.fetchone()[0]


def relevance(terms: list[str]) -> tuple[str, list[str]]:
    """The relevance score over the joined postings, and the terms in join order.

    One term: its stored weight (its (term, weight DESC, document) index is then read in order and
    the scan stops at the page). Several: the sum of each term's weight times its idf; the rarest
    term drives the join. The counts are exact for the index version, so the score is too.
    """
    if len(terms) == 1:
        return "p0.weight", list(terms)
    weighted = postings.idf_weighted(terms)
    # The idf factors are floats computed here, not input.
    return " + ".join(f"p{i}.weight * {factor!r}" for i, (_t, factor) in enumerate(weighted)), [t for t, _f in weighted]


class RankedIds:
    """The ids of the documents matching the terms under the filters, best first, read a slice at a time.

    Sliced like `values_list("pk", flat=True)` (the paginator, the API and the exports read it so);
    ties are broken by id, so pages never overlap. `ahead` is the first ids in this order when the
    caller already has them (the facet statement computes them from its own match, with the same
    score expression) and `total` the number of matches: a slice inside `ahead`, or any slice once
    `ahead` holds every match, is served without a query.
    """

    def __init__(
        self, terms: list[str], selected: dict[str, str], *, ahead: list[int] | None = None, total: int | None = None
    ):
        self.terms, self.selected = terms, selected
        self.ahead = ahead or []
        self.complete = ahead is not None and total is not None and len(ahead) >= total

    def _read(self, limit: int | None, offset: int) -> list[int]:
        score, ordered = relevance(self.terms)
        sql, args = source(self.terms, self.selected, ordered)
        sql = f"SELECT p0.document_id {sql} ORDER BY {score} DESC, p0.document_id"
        if limit is not None:
            sql += " LIMIT %s OFFSET %s"
            args += [limit, offset]
        with _cursor() as cursor:
            cursor.execute(sql, args)
            rows = [row[0] for row in cursor.fetchall()]
        return rows if limit is not None else rows[offset:]

    def __getitem__(self, item):
        if not isinstance(item, slice) or item.step not in (None, 1):
            raise TypeError("RankedIds reads slices only")
        start, stop = item.start or 0, item.stop
        if start < 0 or (stop is not None and stop < 0):
            raise ValueError("RankedIds reads forward slices only")
        if self.complete or (stop is not None and stop <= len(self.ahead)):
            return self.ahead[start:stop]
        return self._read(None if stop is None else max(stop - start, 0), start)

    def __iter__(self):
        return iter(self.ahead if self.complete else self._read(None, 0))
