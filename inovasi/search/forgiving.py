"""Search that forgives ordinary typing: a word still being typed, a typo, an unusual affix.

Used only when a search finds nothing, so an exact query never pays for it:

1. Each query word gets candidates from the vocabulary (`SearchStem`, every word the indexer has
   stemmed): the last word by prefix ("sampa" → "sampah", the visitor is still typing), every word
   by similarity (rapidfuzz's normalised Indel ratio: "digitl" → "digital", "pengolahn" →
   "pengolahan", "bertani" → "petani").
2. The candidate queries are tried cheapest first (a word the vocabulary knows is expensive to
   change); the first whose stems match at least one document under the visitor's filters is the
   correction.

On SQLite the vocabulary is read once per process and index version (~23,000 words for 37,000
innovations: a few tens of milliseconds), and one rapidfuzz pass over it takes a few milliseconds.
On PostgreSQL the vocabulary stays in the database: pg_trgm's trigram index (migration 0007) offers
each word's neighbours and prefix completions, which are then scored with the same rapidfuzz ratio
and cut-off, so both databases correct a query the same way.
"""

import time
from dataclasses import dataclass
from itertools import product

from django.conf import settings
from django.db import connection, connections, router
from django.db.models.functions import Length
from rapidfuzz import fuzz, process

from inovasi.search.models import SearchStem
from inovasi.search.text import STOP_WORDS, stem_word, words

# Below this similarity (0–100) a vocabulary word is no correction: "bank" must not become "bangku".
SIMILARITY_CUTOFF = 75
CANDIDATES_PER_WORD = 3
MIN_PREFIX = 3  # "sa" completes to too much to mean anything
MAX_ATTEMPTS = 9
MAX_WORDS = 6  # a longer query is corrected in its first six words only (4^6 combinations at most)


# The index version changes with every saved innovation; a vocabulary a few minutes old corrects
# just as well, so a busy day does not reload it on every search that finds nothing (0 in tests).
def _reload_seconds() -> float:
    return getattr(settings, "SEARCH_VOCABULARY_SECONDS", 300)


_vocabulary: dict = {"version": None, "loaded_at": 0.0, "words": [], "stems": {}, "by_prefix": {}}


@dataclass(frozen=True)
class Correction:
    text: str  # the corrected query as words, shown as "Mungkin maksud Anda: …"
    terms: list[str]  # its stems, for matching


def _load(version: str) -> None:
    rows = list(SearchStem.objects.values_list("word", "stem"))
    rows.sort()
    by_prefix: dict[str, list[str]] = {}
    for word, _stem in rows:
        if len(word) > MIN_PREFIX:
            by_prefix.setdefault(word[:MIN_PREFIX], []).append(word)
    _vocabulary.update(
        version=version,
        loaded_at=time.monotonic(),
        words=[w for w, _s in rows],
        stems=dict(rows),
        by_prefix=by_prefix,
    )


def _vocabulary_for(version: str) -> dict:
    stale = time.monotonic() - _vocabulary["loaded_at"] >= _reload_seconds()
    if _vocabulary["version"] is None or (_vocabulary["version"] != version and stale):
        _load(version)
    return _vocabulary


def _completions(word: str, vocabulary: dict) -> list[str]:
    """Vocabulary words that start with `word`, shortest first ("sampa" → "sampah", "sampahnya")."""
    if len(word) < MIN_PREFIX:
        return []
    pool = vocabulary["by_prefix"].get(word[:MIN_PREFIX], [])
    found = sorted((w for w in pool if w.startswith(word) and w != word), key=lambda w: (len(w), w))
    return found[:CANDIDATES_PER_WORD]


def _similar(word: str, vocabulary: dict) -> list[tuple[str, float]]:
    matches = process.extract(
        word, vocabulary["words"], scorer=fuzz.ratio, limit=CANDIDATES_PER_WORD + 1, score_cutoff=SIMILARITY_CUTOFF
    )
    return [(match, score) for match, score, _index in matches if match != word][:CANDIDATES_PER_WORD]


def _in_process(version: str) -> dict:
    """The vocabulary held in this process (SQLite): rapidfuzz over every stored word."""
    vocabulary = _vocabulary_for(version)
    return {
        "known": vocabulary["stems"].__contains__,
        "stem": vocabulary["stems"].get,
        "completions": lambda word: _completions(word, vocabulary),
        "similar": lambda word: _similar(word, vocabulary),
    }


# pg_trgm's similarity below which the trigram index offers no candidate; low, because the final
# cut is rapidfuzz's SIMILARITY_CUTOFF ("bertani"/"petani" share only 3 of 12 trigrams: 0.25).
TRIGRAM_THRESHOLD = 0.2
TRIGRAM_CANDIDATES = 20


def _trigram_vocabulary() -> dict:
    """The vocabulary in PostgreSQL (search_searchstem with a pg_trgm GIN index, migration 0007).

    Nothing is loaded into the process: each query word costs one indexed look-up for its
    trigram neighbours (and one prefix look-up for the last word); the neighbours are then scored
    with the same rapidfuzz ratio and cut-off as on SQLite, so both databases correct alike.
    """
    stems: dict[str, str | None] = {}

    def known(word: str) -> bool:
        if word not in stems:
            stems[word] = SearchStem.objects.filter(word=word).values_list("stem", flat=True).first()
        return stems[word] is not None

    def completions(word: str) -> list[str]:
        if len(word) < MIN_PREFIX:
            return []
        rows = (
            SearchStem.objects.filter(word__startswith=word)
            .exclude(word=word)
            .order_by(Length("word"), "word")
            .values_list("word", "stem")[:CANDIDATES_PER_WORD]
        )
        stems.update(rows)
        return [w for w, _stem in rows]

    def similar(word: str) -> list[tuple[str, float]]:
        with connections[router.db_for_read(SearchStem)].cursor() as cursor:
            cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, false)", [str(TRIGRAM_THRESHOLD)])
            cursor.execute(
                "SELECT word, stem FROM search_searchstem WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC, word LIMIT %s",
                [word, word, TRIGRAM_CANDIDATES],
            )
            rows = cursor.fetchall()
        stems.update(rows)
        scored = [(w, fuzz.ratio(word, w)) for w, _stem in rows if w != word]
        scored = [(w, score) for w, score in scored if score >= SIMILARITY_CUTOFF]
        scored.sort(key=lambda item: (-item[1], item[0]))
        return scored[:CANDIDATES_PER_WORD]

    return {"known": known, "stem": lambda word: stems.get(word), "completions": completions, "similar": similar}


def candidate_queries(text: str, vocabulary: dict) -> list[list[str]]:
    """Corrected word lists, cheapest first (at most MAX_ATTEMPTS); [] when nothing can be changed.

    Each word keeps its own spelling at no cost when the vocabulary knows it (and at full cost when
    it does not); a replacement costs its dissimilarity, plus one when it replaces a known word, so
    "bank" stays "bank" unless nothing else works. The query as typed is not among the results: the
    caller already knows it finds nothing.
    """
    query_words = [w for w in words(text) if w not in STOP_WORDS]
    if not query_words:
        return []
    options = []
    for position, word in enumerate(query_words):
        known = vocabulary["known"](word)
        choices = {word: 0.0 if known else 1.0}
        if position == len(query_words) - 1:
            for completion in vocabulary["completions"](word):
                choices.setdefault(completion, 0.05 + (1.0 if known else 0.0))
        for match, score in vocabulary["similar"](word):
            choices.setdefault(match, (100 - score) / 100 + (1.0 if known else 0.0))
        options.append(sorted(choices.items(), key=lambda item: (item[1], item[0])))
    combos = []
    for choice in product(*options[:MAX_WORDS]):
        corrected = [word for word, _cost in choice]
        if corrected != query_words[:MAX_WORDS]:
            combos.append((sum(cost for _word, cost in choice), corrected))
    combos.sort(key=lambda item: item[0])
    return [corrected for _cost, corrected in combos[:MAX_ATTEMPTS]]


def correct(text: str, version: str, finds_something) -> Correction | None:
    """The best correction of `text` for which `finds_something(terms)` is true, or None.

    `version` is the search index version (the vocabulary is reloaded when it changes);
    `finds_something` runs the visitor's search with the corrected stems.
    """
    vocabulary = _trigram_vocabulary() if connection.vendor == "postgresql" else _in_process(version)
    for corrected in candidate_queries(text, vocabulary):
        terms = list(dict.fromkeys(vocabulary["stem"](w) or stem_word(w) for w in corrected))
        terms = [t for t in terms if t]
        if terms and finds_something(terms):
            return Correction(" ".join(corrected), terms)
    return None
