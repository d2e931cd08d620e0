"""The search index: one row per PUBLISHED innovation, kept current by `indexing`.

`SearchDocument` is narrow: every value the public catalog filters, sorts and counts facets on, so a
catalog query reads one small table (with one index per facet) instead of joining five.
`SearchText` holds the stemmed text, searched through SQLite FTS5 or a PostgreSQL GIN index (see
migration 0002). Unpublished innovations have no entry, so the public can never find them.
"""

from django.db import models


class SearchDocument(models.Model):
    innovation = models.OneToOneField(
        "innovations.Innovation", primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    government = models.ForeignKey("organisations.Government", on_delete=models.CASCADE, related_name="+")
    province_code = models.CharField(max_length=5, db_index=True)
    region_code = models.CharField(max_length=5, db_index=True)
    agency_kind = models.CharField(max_length=20, db_index=True)
    form = models.CharField(max_length=20, db_index=True)
    type = models.CharField(max_length=20, db_index=True)
    stage = models.CharField(max_length=20, db_index=True)
    start_year = models.PositiveSmallIntegerField(null=True, db_index=True)
    started_on = models.DateField(null=True, db_index=True)
    outside_award_count = models.PositiveIntegerField(default=0, db_index=True)
    replication_count = models.PositiveIntegerField(default=0, db_index=True)
    sort_name = models.CharField(max_length=200, db_index=True)
    # The urusan codes, space-separated in code order ("1.02 2.11"): the urusan facet is counted by
    # grouping on this column, without joining SearchAffair (which serves the urusan filter).
    affair_codes = models.CharField(max_length=255, blank=True, default="")

    def __str__(self):
        return self.sort_name


class SearchText(models.Model):
    """The stemmed words of one document, space-separated in order (the full-text index is on it)."""

    document = models.OneToOneField(SearchDocument, primary_key=True, on_delete=models.CASCADE, related_name="text")
    stemmed_text = models.TextField()

    def __str__(self):
        return self.stemmed_text[:60]


class SearchAffair(models.Model):
    """The government affairs (urusan) of an indexed innovation, for the urusan filter and facet."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="affairs")
    affair_code = models.CharField(max_length=8)

    class Meta:
        indexes = [models.Index(fields=["affair_code", "document"], name="search_affair_code_doc")]

    def __str__(self):
        return self.affair_code


class SearchIndexVersion(models.Model):
    """A token that changes on every index write, so caches of catalog counts know they are stale."""

    token = models.CharField(max_length=32)

    def __str__(self):
        return self.token


class SearchFacetCount(models.Model):
    """How many indexed documents carry `facet` = `value`, among those carrying `given`.

    `given` is "" (all documents) or one filter as "key=value" ("province=35"); facet "total"
    (value "") counts the documents themselves. Maintained by `indexing` in the same transaction
    as the documents (see `facets`), so the catalog answers the unfiltered browse and any
    one-filter view with one small read instead of a GROUP BY per facet over the whole index.
    """

    given = models.CharField(max_length=40)
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=20)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["given", "facet", "value"], name="search_facet_count_unique"),
        ]

    def __str__(self):
        return f"{self.given or '*'} {self.facet}={self.value}: {self.count}"


class SearchStem(models.Model):
    """Sastrawi's stem of one word, kept so a word is stemmed once per installation.

    Sastrawi costs ~0.5 ms a word; every new process (each app server worker, each import task)
    would otherwise stem the whole vocabulary again (~23,000 words for 37,000 imported
    innovations: ten seconds). Filled by the indexer (`text.remember_new_stems`); emptied by
    `rebuild_index`, so a Sastrawi upgrade is picked up by rebuilding the index.
    """

    word = models.CharField(max_length=64, primary_key=True)
    stem = models.CharField(max_length=64)

    def __str__(self):
        return f"{self.word} → {self.stem}"


class SearchPosting(models.Model):
    """One stem of one indexed document, with its precomputed weight: the catalog's inverted index.

    A search reads these narrow rows instead of the full-text index: matching a stem is an
    index range scan on (term, weight, document), never a read of the documents' text vectors
    (on PostgreSQL the GIN match re-checks every hit's TOASTed tsvector: ~250 ms for "petani" at
    100,000 innovations), and ranking orders by the stored weight instead of computing ts_rank
    or bm25 per hit. `weight` is a BM25 term-frequency part with length normalisation plus a bonus
    when the stem is in the innovation's name; the query multiplies it by the stem's idf (its
    posting count, one index-only count). Written and deleted by `indexing` with the documents.
    """

    # weight is part of the key only so the key's index covers it: a multi-word search probes
    # (document_id, term) for the weight of each other word without touching the table's pages
    # (a heap read per probe was most of a cold multi-word page). (document, term) stays unique:
    # the indexer writes one row per stem of a document.
    pk = models.CompositePrimaryKey("document_id", "term", "weight")
    document_id = models.IntegerField()
    term = models.CharField(max_length=64)
    weight = models.FloatField()

    class Meta:
        indexes = [models.Index("term", models.F("weight").desc(), "document_id", name="search_posting_term_weight")]

    def __str__(self):
        return f"{self.term} {self.document_id}: {self.weight}"
