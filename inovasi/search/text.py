"""Indonesian text normalisation for the search index: lower-case words, Sastrawi stems, no stop words.

Documents and queries go through the same `stems()` so "pengolahan sampah" and "mengolah sampah"
both become "olah sampah". Sastrawi is slow per call (dictionary look-ups and affix rules), so
each distinct word is stemmed once per process (`stem_word` is cached), and the indexer keeps every
stem in the SearchStem table so another process reads it instead of stemming again.
"""

import re
from functools import lru_cache

from django.db import transaction
from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

from inovasi.search.models import SearchStem

_WORD = re.compile(r"[0-9a-z]+")

# Sastrawi's list plus a few words every innovation text carries, which would only add noise to
# "similar innovations" and nothing to a search.
STOP_WORDS = frozenset(StopWordRemoverFactory().get_stop_words()) | {"inovasi", "program", "kota", "kabupaten"}


class _SetDictionary(ArrayDictionary):
    """Sastrawi's root-word dictionary with set look-ups (its own list look-up costs ~0.1 s a word)."""

    def __init__(self, words):
        super().__init__()
        self.words = {word for word in words if word and word.strip()}

    def add(self, word):
        if word and word.strip():
            self.words.add(word)


@lru_cache(maxsize=1)
def _stemmer():
    return Stemmer(_SetDictionary(StemmerFactory().get_words()))


# Stems read from the SearchStem table (`load_known_stems`), those Sastrawi computed here that the
# table does not hold yet (`remember_new_stems` writes them), and those written in a transaction not
# yet committed (written again by the next call if that transaction rolled back, so the table, which
# is also the vocabulary that forgiving search corrects against, never misses an indexed word).
_KNOWN: dict[str, str] = {}
_NEW: dict[str, str] = {}
_PENDING: dict[str, str] = {}
_STORED_MAX = 64  # SearchStem.word max_length


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> str:
    """The Sastrawi stem of one lower-case word ("pengolahan" → "olah"); the word itself if none."""
    known = _KNOWN.get(word)
    if known is not None:
        return known
    stem = _stemmer().stem(word) or word
    if len(word) <= _STORED_MAX and len(stem) <= _STORED_MAX:
        _NEW[word] = stem
    return stem


def load_known_stems(texts) -> int:
    """Read from the SearchStem table the stems of the words of `texts` this process has not seen.

    Returns how many were found. One query per 500 unseen words.
    """
    seen = _STEMS[False]
    unseen = sorted(
        {word for text in texts for word in _WORD.findall(text.lower()) if word not in seen and word not in _KNOWN}
    )
    unseen = [word for word in unseen if len(word) <= _STORED_MAX and word not in STOP_WORDS]
    found = 0
    for start in range(0, len(unseen), 500):
        rows = SearchStem.objects.filter(word__in=unseen[start : start + 500]).values_list("word", "stem")
        for word, stem in rows:
            _KNOWN[word] = stem
            found += 1
    return found


def forget_known_stems() -> None:
    """Drop every stem this process holds (after the table was emptied)."""
    _KNOWN.clear()
    _NEW.clear()
    _PENDING.clear()
    _STEMS[False].clear()
    _STEMS[True].clear()
    stem_word.cache_clear()


def remember_new_stems() -> int:
    """Store the stems Sastrawi computed in this process since the last call (existing words are
    left alone, so concurrent writers agree). Returns how many were new to this process."""
    if not _NEW and not _PENDING:
        return 0
    fresh = len(_NEW)
    written = {**_PENDING, **_NEW}
    _PENDING.update(_NEW)
    _NEW.clear()
    rows = [SearchStem(word=word, stem=stem) for word, stem in sorted(written.items())]
    SearchStem.objects.bulk_create(rows, batch_size=1_000, ignore_conflicts=True)

    def committed():
        for word, stem in written.items():
            _KNOWN[word] = stem
            _PENDING.pop(word, None)

    transaction.on_commit(committed)
    return fresh


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


# word → its stem, or "" when the word or its stem is a stop word; one dict per `keep_stop_words`.
# Indexing 100,000 innovations looks up ~20 million words: a dict lookup per word, not a call.
_STEMS: dict[bool, dict[str, str]] = {False: {}, True: {}}
_STEMS_MAX = 500_000


def _stem_or_drop(word: str, keep_stop_words: bool) -> str:
    if keep_stop_words:
        return stem_word(word)
    if word in STOP_WORDS:
        return ""
    stem = stem_word(word)
    return "" if stem in STOP_WORDS else stem


def stems(text: str, *, keep_stop_words: bool = False) -> list[str]:
    """The stems of `text` in order, stop words removed (they are removed before and after stemming)."""
    cache = _STEMS[keep_stop_words]
    if len(cache) > _STEMS_MAX:
        cache.clear()
    found = _WORD.findall(text.lower())
    stemmed = list(map(cache.get, found))  # the common case stays in C: every word seen before
    if None in stemmed:
        for index, stem in enumerate(stemmed):
            if stem is None:
                word = found[index]
                stemmed[index] = cache[word] = _stem_or_drop(word, keep_stop_words)
    return [stem for stem in stemmed if stem]
