"""A search text's stems, the catalog's AND match as a queryset filter, and an innovation's salient stems.

Documents and queries are stemmed in Python (`text.stems`), so the database only compares stems,
through the postings (`postings`, `matches`). "Similar innovations" weighs the salient stems of one
innovation (`similar`).
"""

from collections import Counter

from django.db.models.expressions import RawSQL

from inovasi.innovations.enums import NARRATIVE_SECTIONS
from inovasi.search import postings
from inovasi.search import text as text_module
from inovasi.search.text import stems


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


def filter_matching(queryset, terms: list[str]):
    """Documents containing every term (through the postings); unranked."""
    sql, args = postings.matching_sql(terms)
    return queryset.filter(pk__in=RawSQL(sql, args))  # noqa: S611 - the terms are parameters


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
