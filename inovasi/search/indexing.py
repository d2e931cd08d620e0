"""Keep the search index current: `index_innovations(ids)` after bulk writes, `rebuild_index()` for all.

The importer calls `index_innovations` after its bulk_create; normal saves are picked up by the
signal receivers in `signals.py`. Only published innovations get an entry: what is not in the index
cannot be found by the public. (Similar innovations for a draft are computed from the draft itself.)
Every write also updates the stored facet counts (`facets`) in the same transaction, from the rows
it actually deleted and inserted, and changes the index version token that cached counts key on.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count

from inovasi.innovations.enums import NARRATIVE_SECTIONS, InnovationStatus
from inovasi.innovations.models import Innovation, Partner, Recognition, Replication
from inovasi.search import facets, hot_terms, postings
from inovasi.search.models import SearchDocument, SearchIndexVersion, SearchStem
from inovasi.search.text import forget_known_stems, load_known_stems, remember_new_stems, stems

CHUNK = 500
# The summary the demo loader gives its ~750 generated filler innovations ("Inovasi Demo …", see
# inovasi/demo/index.py DEMO_TAG): they stay out of the index, so the public catalog, its facets
# and the similar box show the seed stories only (their own pages stay reachable).
FILLER_MARKER = "Data demo ilustratif:"


def _chunks(ids: list[int], size: int = CHUNK):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


TEXT_FIELDS = ("name", "acronym_expansion", *(field for field, _label in NARRATIVE_SECTIONS))
# What one published innovation contributes to its entry, read as plain values (no model instances).
_VALUES = (
    "pk",
    "government_id",
    "agency__name",
    "agency__kind",
    "government__name",
    "government__region__code",
    "government__region__name",
    "government__region__parent__code",
    "government__region__parent__name",
    "form",
    "type",
    "stage",
    "started_on",
    *TEXT_FIELDS,
)
_DOCUMENT_COLUMNS = (
    *facets.DOCUMENT_COLUMNS[:1],
    "government_id",
    *facets.DOCUMENT_COLUMNS[1:],
    "started_on",
    "sort_name",
    "affair_codes",
)


def _entries(ids: list[int]) -> list[tuple[tuple, str, list[str]]]:
    """(document row in _DOCUMENT_COLUMNS order, raw text, urusan codes) per published innovation.

    Five queries whatever the number of ids: the innovations with their owner, their urusan, their
    partners, and the counts of outside awards and replications.
    """
    rows = list(
        Innovation.objects.filter(pk__in=ids, status=InnovationStatus.PUBLISHED)
        .exclude(summary__startswith=FILLER_MARKER)
        .order_by()
        .values_list(*_VALUES)
    )
    found = [row[0] for row in rows]
    affairs = defaultdict(list)
    for pk, code, name in (
        Innovation.affairs.through.objects.filter(innovation_id__in=found)
        .order_by("governmentaffair__code")
        .values_list("innovation_id", "governmentaffair__code", "governmentaffair__name")
    ):
        affairs[pk].append((code, name))
    partners = defaultdict(list)
    for pk, name in (
        Partner.objects.filter(innovation_id__in=found).order_by("name", "pk").values_list("innovation_id", "name")
    ):
        partners[pk].append(name)
    awards, replications = (
        dict(
            model.objects.filter(innovation_id__in=found)
            .order_by()
            .values("innovation_id")
            .annotate(n=Count("pk"))
            .values_list("innovation_id", "n")
        )
        for model in (Recognition, Replication)
    )
    entries = []
    for row in rows:
        pk, government_id, agency_name, agency_kind, government_name = row[:5]
        region_code, region_name, parent_code, parent_name, form, type_, stage, started_on = row[5:13]
        texts = row[13:]
        codes = [code for code, _name in affairs[pk]]
        document = (
            pk,
            government_id,
            parent_code or region_code,
            region_code,
            agency_kind,
            form,
            type_,
            stage,
            started_on.year if started_on else None,
            awards.get(pk, 0),
            replications.get(pk, 0),
            started_on,
            texts[0].lower()[:200],
            " ".join(codes)[:255],
        )
        parts = [*texts, agency_name, government_name, region_name, parent_name]
        parts += [name for _code, name in affairs[pk]] + partners[pk]
        entries.append((document, "\n".join(part for part in parts if part), codes))
    return entries


def _insert(cursor, table: str, columns: tuple[str, ...], rows: list) -> None:
    """INSERT plain rows: executemany on SQLite, COPY on PostgreSQL.

    COPY streams the rows without building a statement: a multi-row INSERT of 500 rows × 14
    columns cost psycopg ~0.1 s per chunk just to parse its placeholders (a quarter of indexing
    37,000 imported innovations).
    """
    if not rows:
        return
    names = ", ".join(columns)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # fixed names from this module
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608 - fixed names


def index_innovations(innovation_ids: Iterable[int]) -> int:
    """(Re-)index these innovations; entries of ids that no longer exist or are not published are removed.

    Returns the number of entries written (published innovations). One transaction per call.
    """
    ids = sorted({int(pk) for pk in innovation_ids})
    written = 0
    delta = facets.Delta()
    with transaction.atomic():
        hot_terms.lock_index()
        hot = hot_terms.current()
        for chunk in _chunks(ids):
            _delete_documents(chunk, delta, hot)
            entries = _entries(chunk)
            load_known_stems(text for _document, text, _codes in entries)
            stemmed = {document[0]: stems(text) for document, text, _codes in entries}
            date = connection.ops.adapt_datefield_value
            with connection.cursor() as cursor:
                _insert(
                    cursor,
                    "search_searchdocument",
                    _DOCUMENT_COLUMNS,
                    [(*document[:11], date(document[11]), *document[12:]) for document, _text, _codes in entries],
                )
                _insert(
                    cursor,
                    "search_searchtext",
                    ("document_id", "stemmed_text"),
                    [(document[0], " ".join(stemmed[document[0]])) for document, _text, _codes in entries],
                )
                _insert(
                    cursor,
                    postings.TABLE,
                    ("document_id", "term", "weight"),
                    [
                        (document[0], term, weight)
                        for document, _text, _codes in entries
                        for term, weight in postings.weights(stemmed[document[0]], set(stems(document[12]))).items()
                    ],
                )
                _insert(
                    cursor,
                    "search_searchaffair",
                    ("document_id", "affair_code"),
                    [(document[0], code) for document, _text, codes in entries for code in codes],
                )
            for document, _text, codes in entries:
                delta.add(document[:1] + document[2:11], codes, hot.intersection(stemmed[document[0]]) if hot else ())
            written += len(entries)
        delta.apply()
        remember_new_stems()
        _bump_version()
    return written


def remove_from_index(innovation_ids: Iterable[int]) -> int:
    """Drop these innovations' entries (and their facet counts). Returns how many entries existed.

    Called before an innovation is deleted, so the counts never include a deleted innovation.
    """
    ids = sorted({int(pk) for pk in innovation_ids})
    delta = facets.Delta()
    removed = 0
    with transaction.atomic():
        hot_terms.lock_index()
        hot = hot_terms.current()
        for chunk in _chunks(ids):
            removed += _delete_documents(chunk, delta, hot)
        if removed:
            delta.apply()
            _bump_version()
    return removed


def _delete_returning(cursor, table: str, key: str, columns: tuple[str, ...], ids: list[int]) -> list[tuple]:
    """Delete the rows of `table` whose `key` is in `ids` and return `columns` of exactly those rows.

    DELETE … RETURNING (PostgreSQL; SQLite ≥ 3.35) reports what this transaction really removed, so
    a concurrent writer that removed a row first is not subtracted twice. Older SQLite serialises
    writers, so reading first is exact there.
    """
    marks = ", ".join(["%s"] * len(ids))
    names = ", ".join(columns)
    # table, key and columns are fixed names from this module, never input
    if connection.vendor != "sqlite" or connection.features.can_return_rows_from_bulk_insert:
        cursor.execute(f"DELETE FROM {table} WHERE {key} IN ({marks}) RETURNING {names}", ids)  # noqa: S608
        return cursor.fetchall()
    cursor.execute(f"SELECT {names} FROM {table} WHERE {key} IN ({marks})", ids)  # noqa: S608
    rows = cursor.fetchall()
    cursor.execute(f"DELETE FROM {table} WHERE {key} IN ({marks})", ids)  # noqa: S608
    return rows


def _delete_documents(ids: list[int], delta: facets.Delta, hot: set[str] = frozenset()) -> int:
    """Delete the entries of these innovation ids and subtract their facet items from `delta`."""
    with connection.cursor() as cursor:
        hot_of = hot_terms.terms_of_documents(cursor, ids, hot)
        affairs = defaultdict(list)
        for document_id, code in _delete_returning(
            cursor, "search_searchaffair", "document_id", ("document_id", "affair_code"), ids
        ):
            affairs[document_id].append(code)
        marks = ", ".join(["%s"] * len(ids))
        cursor.execute(f"DELETE FROM search_searchtext WHERE document_id IN ({marks})", ids)  # noqa: S608
        cursor.execute(f"DELETE FROM {postings.TABLE} WHERE document_id IN ({marks})", ids)  # noqa: S608
        rows = _delete_returning(cursor, "search_searchdocument", "innovation_id", facets.DOCUMENT_COLUMNS, ids)
    for row in rows:
        delta.remove(row, affairs.get(row[0], ()), hot_of.get(row[0], ()))
    return len(rows)


def _bump_version() -> None:
    SearchIndexVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


def index_version() -> str:
    """The current index token; cached catalog counts are keyed on it (one small query)."""
    return SearchIndexVersion.objects.filter(pk=1).values_list("token", flat=True).first() or "0"


def rebuild_index() -> int:
    """Index every published innovation and drop all other entries. Returns the number of entries."""
    published = Innovation.objects.filter(status=InnovationStatus.PUBLISHED)
    ids = list(published.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        SearchStem.objects.all().delete()  # stem again: a Sastrawi upgrade may stem differently
        forget_known_stems()
        stale = SearchDocument.objects.exclude(pk__in=published.values("pk")).values_list("pk", flat=True)
        remove_from_index(list(stale))
        written = index_innovations(ids)
        # Recount from scratch: heals counts after raw writes (fixture loads) that bypassed the indexer.
        facets.rebuild_counts()
        _bump_version()
        return written


def backfill_postings(using_connection=None) -> int:
    """Write the postings of every indexed document from its stored stems (migration 0006).

    Reads search_searchtext and the documents' names in chunks and inserts through `_insert`;
    returns the number of posting rows written. The stems are those already stored, so nothing is
    stemmed again except the names' words (for the name bonus).
    """
    db = using_connection or connection
    written = 0
    last = 0
    while True:
        with db.cursor() as cursor:
            cursor.execute(
                "SELECT t.document_id, t.stemmed_text, d.sort_name FROM search_searchtext t "
                "JOIN search_searchdocument d ON d.innovation_id = t.document_id "
                "WHERE t.document_id > %s ORDER BY t.document_id LIMIT 2000",
                [last],
            )
            rows = cursor.fetchall()
            if not rows:
                return written
            load_known_stems(name for _pk, _text, name in rows)
            postings_rows = [
                (pk, term, weight)
                for pk, text, name in rows
                for term, weight in postings.weights(text.split(), set(stems(name))).items()
            ]
            _insert(cursor, postings.TABLE, ("document_id", "term", "weight"), postings_rows)
            written += len(postings_rows)
            last = rows[-1][0]
