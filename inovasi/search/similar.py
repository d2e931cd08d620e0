"""Similar innovations: the published innovations of OTHER governments whose text is closest.

Local text similarity over the full-text index (no network, no model): the candidates are documents
sharing at least two of the innovation's most salient stems (at most CANDIDATES of them, so the cost
is bounded however large the index); they are ranked by all salient stems OR-ed together, with bm25
(SQLite) or ts_rank (PostgreSQL). When they are fewer than asked for, documents sharing any one
salient stem fill the list.
Used on the public innovation page and, for drafts, on the workspace edit page.
"""

from inovasi.innovations.models import Innovation
from inovasi.search.models import SearchDocument
from inovasi.search.queries import candidates, query_terms, rank_matching, salient_terms

CANDIDATES = 1_000


def similar_innovations(
    *, innovation: Innovation | None = None, text: str = "", exclude_government_id: int | None = None, limit: int = 5
) -> list[Innovation]:
    """Up to `limit` published innovations most similar to `innovation` (or to free `text`).

    The innovation itself and every innovation of its own government are excluded.
    """
    if innovation is not None:
        terms = salient_terms(innovation)
        exclude_government_id = innovation.government_id
    else:
        terms = query_terms(text)[:12]
    if not terms:
        return []
    documents = SearchDocument.objects.all()
    if innovation is not None:
        documents = documents.exclude(pk=innovation.pk)
    if exclude_government_id:
        documents = documents.exclude(government_id=exclude_government_id)
    ids = []
    for shared in (2, 1):
        pool = documents.filter(pk__in=candidates(terms, CANDIDATES, shared=shared)).exclude(pk__in=ids)
        ids += rank_matching(pool, terms, operator="OR").values_list("pk", flat=True)[: limit - len(ids)]
        if len(ids) >= limit:
            break
    by_id = Innovation.objects.published().with_owner().in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
