"""Similar innovations: published innovations whose words and urusan are close enough to matter.

Similarity of a candidate d to the innovation (or free text) q, between 0 and 1:

    text(d)   = Σ idf(t)·w(t) over the salient stems t of q that d contains
                / Σ idf(t)·w(t) over q's DENOMINATOR_TERMS heaviest stems   (at most 1)
    urusan(d) = shared urusan / urusan of either (Jaccard), when q has urusan
    score     = TEXT_SHARE · text + (1 − TEXT_SHARE) · urusan   (text alone when q has no urusan)

w(t) weighs where the stem stands in q (name 3, summary 2, the rest 1); idf comes from the
postings, so a word every innovation uses ("aplikasi", "warga") weighs little and a shared topic
("sampah", "popok") a lot. Below MIN_SIMILARITY nothing is shown: an empty box is better than five
unrelated records. The same Pemda is included (it is where a duplicate is most likely); only the
innovation itself is left out.

Cost is bounded whatever the index size: each salient stem offers its CANDIDATES_PER_TERM best
postings (index order), the best RESCORED candidates by that partial score are rescored exactly
with one primary-key look-up of their postings. Used on the public innovation page and, for
drafts, on the workspace edit page.
"""

from collections import defaultdict

from django.db import connections, router

from inovasi.innovations.models import Innovation
from inovasi.search import facets, postings
from inovasi.search.models import SearchDocument, SearchPosting
from inovasi.search.queries import query_terms, salient_term_weights

MIN_SIMILARITY = 0.12
DENOMINATOR_TERMS = 6
TEXT_SHARE = 0.7
CANDIDATES_PER_TERM = 300
RESCORED = 60


def _rows(sql: str, args: list) -> list[tuple]:
    with connections[router.db_for_read(SearchPosting)].cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchall()


def scored_similar(
    weights: dict[str, float], affairs: set[str], *, exclude_id: int | None = None, limit: int = 5
) -> list[tuple[int, float]]:
    """(document id, similarity) of the best documents at or above MIN_SIMILARITY, best first."""
    if not weights:
        return []
    terms = sorted(weights)
    total = max(facets.stored([""])[""].get(facets.TOTAL, {}).get("", 0), 1)
    counts = postings.exact_term_counts(terms)
    mass = {t: postings.idf(counts.get(t, 0), total) * weights[t] for t in terms if counts.get(t)}
    # The denominator is the mass of the DENOMINATOR_TERMS heaviest stems: a long description
    # must not dilute a shared topic into nothing.
    whole = sum(sorted(mass.values(), reverse=True)[:DENOMINATOR_TERMS])
    if not whole:
        return []
    table = postings.TABLE
    part = f"SELECT * FROM (SELECT document_id, term FROM {table} WHERE term = %s ORDER BY weight DESC LIMIT %s) x"  # noqa: S608
    sql = " UNION ALL ".join(part for _ in mass)
    partial = defaultdict(float)
    for document_id, term in _rows(sql, [v for t in mass for v in (t, CANDIDATES_PER_TERM)]):
        partial[document_id] += mass[term]
    partial.pop(exclude_id, None)
    best = sorted(partial, key=lambda pk: (-partial[pk], pk))[:RESCORED]
    if not best:
        return []
    exact = defaultdict(float)
    for document_id, term in SearchPosting.objects.filter(document_id__in=best, term__in=list(mass)).values_list(
        "document_id", "term"
    ):
        exact[document_id] += mass[term]
    codes = dict(SearchDocument.objects.filter(pk__in=best).values_list("pk", "affair_codes"))
    scored = []
    for pk in best:
        if pk not in codes:
            continue
        score = min(exact[pk] / whole, 1.0)
        if affairs:
            theirs = set(codes[pk].split())
            score = TEXT_SHARE * score + (1 - TEXT_SHARE) * (len(affairs & theirs) / len(affairs | theirs))
        if score >= MIN_SIMILARITY:
            scored.append((pk, round(score, 4)))
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:limit]


def similar_innovations(
    *, innovation: Innovation | None = None, text: str = "", exclude_government_id: int | None = None, limit: int = 5
) -> list[Innovation]:
    """Up to `limit` published innovations similar to `innovation` (or to free `text`), best first.

    The innovation itself is excluded; `exclude_government_id` (free text only) leaves out one
    government's innovations when a caller wants other regions only.
    """
    if innovation is not None:
        weights = salient_term_weights(innovation)
        affairs = set(innovation.affairs.values_list("code", flat=True)) if innovation.pk else set()
    else:
        weights = {term: 1.0 for term in query_terms(text)[:12]}
        affairs = set()
    found = scored_similar(
        weights, affairs, exclude_id=innovation.pk if innovation is not None else None, limit=limit + 20
    )
    ids = [pk for pk, _score in found]
    by_id = Innovation.objects.published().with_owner().in_bulk(ids)
    chosen = [by_id[pk] for pk in ids if pk in by_id]
    if exclude_government_id:
        chosen = [other for other in chosen if other.government_id != exclude_government_id]
    return chosen[:limit]
