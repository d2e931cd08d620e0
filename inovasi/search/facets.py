"""Stored facet counts: the unfiltered browse and every one-filter view, kept current by the indexer.

A document's facet *items* are its (facet, value) pairs: province, region, agency kind, each urusan,
form, type, stage, start year, "award=outside" when it has an outside award, and "replicated" yes/no.
For every document the table counts each item under `given` "" (all documents) and under each of
the document's other items ("form=digital" → how many digital documents per province, per stage…),
plus a "total" per given. That is what a catalog request without search text needs whenever each
facet has at most one filter besides its own: the unfiltered browse (the most common request) and
any single filter, however broad.

The indexer adds the items of the documents it writes and subtracts those of the documents it
actually deleted (read back with DELETE … RETURNING), in the same transaction, and applies the
difference as `count = count + delta` upserts in a fixed order (so concurrent writers cannot
deadlock on PostgreSQL). `rebuild_counts()` recomputes the whole table from the index.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db import connection

from inovasi.search import models
from inovasi.search.models import SearchFacetCount

TOTAL = "total"
# The columns of search_searchdocument a document's items come from, in this order.
DOCUMENT_COLUMNS = (
    "innovation_id",
    "province_code",
    "region_code",
    "agency_kind",
    "form",
    "type",
    "stage",
    "start_year",
    "outside_award_count",
    "replication_count",
)
TABLE = "search_searchfacetcount"


def given_of(key: str, value) -> str:
    """The stored `given` of one catalog filter (its value as the index stores it)."""
    if key == "start_year":
        return f"start_year={int(value)}"
    if key == "award":
        return "award=outside"
    return f"{key}={value}"


def items(row: tuple, affairs: Iterable[str]) -> list[tuple[str, str]]:
    """The facet items of one document; `row` holds DOCUMENT_COLUMNS in order."""
    _pk, province, region, agency_kind, form, type_, stage, start_year, awards, replications = row
    found = [
        ("province", province),
        ("region", region),
        ("agency_kind", agency_kind),
        ("form", form),
        ("type", type_),
        ("stage", stage),
        ("replicated", "yes" if replications > 0 else "no"),
    ]
    if start_year is not None:
        found.append(("start_year", str(start_year)))
    if awards > 0:
        found.append(("award", "outside"))
    found += [("affair", code) for code in affairs]
    return found


def pairs(document_items: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """Every (given, facet, value) a document counts under.

    Only what the catalog can ask is kept: a facet is never counted under its own filter, the
    province facet never under a kabupaten/kota, and the kabupaten/kota facet (shown only inside
    a province) only under "" and the province. (List comprehensions: this runs ~110 times per
    document, for every document of a bulk index.)
    """
    found = [("", TOTAL, "")]
    found += [("", key, value) for key, value in document_items]
    for given_key, given_value in document_items:
        given = f"{given_key}={given_value}"
        found.append((given, TOTAL, ""))
        if given_key == "province":
            found += [(given, key, value) for key, value in document_items if key != "province"]
        elif given_key == "region":
            found += [(given, key, value) for key, value in document_items if key != "region" and key != "province"]
        else:
            found += [(given, key, value) for key, value in document_items if key != given_key and key != "region"]
    return found


class Delta:
    """Counts added and removed in one indexing transaction; `apply()` writes the difference."""

    def __init__(self):
        self.added = Counter()
        self.removed = Counter()

    def add(self, row: tuple, affairs: Iterable[str], hot_terms: Iterable[str] = ()) -> None:
        """Count one written document; `hot_terms`: its stems whose searches keep stored counts."""
        document_items = items(row, affairs)
        self.added.update(pairs(document_items))
        if hot_terms:
            self.added.update(hot_terms_module().pairs(hot_terms, document_items))

    def remove(self, row: tuple, affairs: Iterable[str], hot_terms: Iterable[str] = ()) -> None:
        document_items = items(row, affairs)
        self.removed.update(pairs(document_items))
        if hot_terms:
            self.removed.update(hot_terms_module().pairs(hot_terms, document_items))

    def changes(self) -> list[tuple[str, str, str, int]]:
        keys = set(self.added) | set(self.removed)
        rows = [(*key, self.added[key] - self.removed[key]) for key in keys]
        return sorted(row for row in rows if row[3])

    def apply(self) -> int:
        """Upsert `count = count + delta` for every changed key; drop keys that fell to zero."""
        changes = self.changes()
        if not changes:
            return 0
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (given, facet, value, count) VALUES (%s, %s, %s, %s) "  # noqa: S608 - fixed name
                f"ON CONFLICT (given, facet, value) DO UPDATE SET count = {TABLE}.count + excluded.count",
                changes,
            )
            fallen = [row[:3] for row in changes if row[3] < 0]
            if fallen:
                cursor.executemany(
                    f"DELETE FROM {TABLE} WHERE given = %s AND facet = %s AND value = %s AND count <= 0",  # noqa: S608
                    fallen,
                )
        self.added.clear()
        self.removed.clear()
        return len(changes)


def compute_counts(document_model, affair_model) -> Counter:
    """The whole table computed from the index (takes the models so a migration can pass its own)."""
    affairs = defaultdict(list)
    for document_id, code in (
        affair_model.objects.order_by().values_list("document_id", "affair_code").iterator(chunk_size=10_000)
    ):
        affairs[document_id].append(code)
    counts = Counter()
    for row in document_model.objects.order_by().values_list(*DOCUMENT_COLUMNS).iterator(chunk_size=5_000):
        counts.update(pairs(items(row, affairs.get(row[0], ()))))
    return counts


def rebuild_counts(document_model=None, affair_model=None, count_model=None) -> int:
    """Replace the table by counts computed from the index. Returns the number of rows.

    The hot search stems (`hot_terms`) stay hot: their rows are computed afresh too.
    """
    document_model = document_model or models.SearchDocument
    affair_model = affair_model or models.SearchAffair
    count_model = count_model or models.SearchFacetCount
    hot = hot_terms_module().current() if count_model is models.SearchFacetCount else set()
    counts = compute_counts(document_model, affair_model)
    count_model.objects.all().delete()
    count_model.objects.bulk_create(
        (count_model(given=g, facet=f, value=v, count=n) for (g, f, v), n in sorted(counts.items())),
        batch_size=5_000,
    )
    hot_terms_module().recompute_all(hot)
    return len(counts)


def hot_terms_module():
    """`search.hot_terms` (it builds on this module's `items` and `TABLE`)."""
    from inovasi.search import hot_terms  # inline: hot_terms imports this module (cycle)

    return hot_terms


def stored(givens: Iterable[str]) -> dict[str, dict[str, dict[str, int]]]:
    """{given: {facet: {value: count}}} for these givens, in one query (absent facets have no entry)."""
    givens = list(dict.fromkeys(givens))
    found: dict[str, dict[str, dict[str, int]]] = {given: {} for given in givens}
    rows = SearchFacetCount.objects.filter(given__in=givens, count__gt=0).values_list(
        "given", "facet", "value", "count"
    )
    for given, facet, value, count in rows:
        found[given].setdefault(facet, {})[value] = count
    return found


def stored_total() -> int:
    """How many documents the index holds, from the stored counts (one row)."""
    return SearchFacetCount.objects.filter(given="", facet=TOTAL, value="").values_list("count", flat=True).first() or 0


def table_counts() -> Counter:
    """The stored table as a Counter (for checks and tests)."""
    return Counter(
        {
            (g, f, v): n
            for g, f, v, n in SearchFacetCount.objects.filter(count__gt=0).values_list(
                "given", "facet", "value", "count"
            )
        }
    )
