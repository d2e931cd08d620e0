"""The words and numbers of a press draft: Indonesian phrasing helpers and the figure book.

`Figures` records every number a draft prints (value, printed text, source); the helpers join
names the Indonesian way ("A, B, dan C"), keep only digit-free narrative sentences, and decide
whether a narrative sentence can follow an innovation's name as its predicate.
"""

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from inovasi.formats.display import (
    format_count_words,
    format_date_id,
    format_number,
    format_percent,
    format_rupiah_words,
)

# --- Figures ------------------------------------------------------------------------------------


def _plain(value):
    """A JSON-friendly value: whole decimals as int, other decimals as float, dates ISO."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else round(float(value), 4)
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


class Figures:
    """Every number a draft uses. Each `add…` records it once (by key) and returns the text to print."""

    def __init__(self):
        self.items: list[dict] = []
        self._keys: set[str] = set()

    def add(self, key: str, label: str, value, display: str, source: str, url: str = "") -> str:
        if key not in self._keys:
            self._keys.add(key)
            self.items.append(
                {"key": key, "label": label, "value": _plain(value), "display": display, "source": source, "url": url}
            )
        return display

    def count(self, key, label, value: int, source, url="", words=False) -> str:
        display = format_count_words(value) if words else format_number(value)
        return self.add(key, label, value, display, source, url)

    def year(self, key, label, value: int, source, url="") -> str:
        return self.add(key, label, value, str(value), source, url)

    def day(self, key, label, value, source, url="", weekday=False) -> str:
        return self.add(key, label, value, format_date_id(value, weekday=weekday), source, url)

    def percent(self, key, label, value: Decimal, source, url="") -> str:
        return self.add(key, label, round(float(value), 2), format_percent(value), source, url)


# --- Indonesian text helpers --------------------------------------------------------------------

_VERB_PREFIXES = ("mem", "men", "meng", "meny", "me", "ber", "di", "ter", "lahir", "berawal")
_NOT_VERBS = {"di", "dinas", "dengan", "dalam", "dari", "demi", "media", "meja", "terminal", "desa", "digital"}
_NOUN_PREFIXES = ("pe", "ke")


def join(items: Iterable[str]) -> str:
    """["A"] → "A"; ["A", "B"] → "A dan B"; ["A", "B", "C"] → "A, B, dan C"."""
    items = [i for i in items if i]
    if len(items) <= 2:
        return " dan ".join(items)
    return ", ".join(items[:-1]) + ", dan " + items[-1]


def first_word(text: str) -> str:
    return text.split(maxsplit=1)[0].strip(",.;:") if text.split() else ""


def lower_first(text: str) -> str:
    """Lower the first letter unless the first word is an acronym or name written in capitals."""
    word = first_word(text)
    if sum(1 for c in word if c.isupper()) > 1:
        return text
    return text[:1].lower() + text[1:]


def sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?" else text + "."


def digit_free(text: str) -> str:
    """The sentences of a narrative text that contain no digit.

    Narrative fields are free text; a number typed into them was not computed, so the draft leaves
    such sentences out and prints only numbers it computed itself (and records in its figures).
    """
    sentences = re.split(r"(?<=[.!?])\s+", " ".join((text or "").split()))
    return " ".join(s for s in sentences if s and not any(c.isdigit() for c in s))


def starts_with_verb(text: str) -> bool:
    word = first_word(text).lower()
    return word not in _NOT_VERBS and any(word.startswith(p) and len(word) > len(p) + 2 for p in _VERB_PREFIXES)


def starts_with_noun(text: str) -> bool:
    word = first_word(text).lower()
    return any(word.startswith(p) and len(word) > 5 for p in _NOUN_PREFIXES)


def innovation_title(innovation) -> str:
    """ "STMJ SAKERA (Sehat Kuat Perkasa)"."""
    if innovation.acronym_expansion:
        return f"{innovation.name} ({innovation.acronym_expansion})"
    return innovation.name


def group_phrase(innovations: list, total: int) -> str:
    """ "Inovasi STMJ SAKERA dan BAKSO SAKERA"; "Kedua inovasi ini" when it is every one of two or three."""
    if len(innovations) == total and total in (2, 3):
        return {2: "Kedua inovasi ini", 3: "Ketiga inovasi ini"}[total]
    return "Inovasi " + join(i.name for i in innovations)


def grouped(items: list, key: Callable) -> list[tuple[object, list]]:
    """Items grouped by `key`, groups and members in first-seen order."""
    groups: dict = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return list(groups.items())


def where(agency, government) -> str:
    """ "Dinas X, Kabupaten Pasuruan", without repeating the region when the agency name holds it."""
    region = government.region.name
    if agency is None:
        return region
    if region.lower().removeprefix("kabupaten ").removeprefix("kota ") in agency.name.lower():
        return agency.name
    return f"{agency.name}, {region}"


def site(path: str) -> str:
    return settings.SITE_URL + path


def innovation_url(innovation) -> str:
    return reverse("public:innovation_detail", args=[innovation.pk]) if innovation.status == "published" else ""


def format_result(result) -> str:
    unit = result.unit.strip()
    if unit.lower() in ("rp", "rupiah"):
        return format_rupiah_words(result.value)
    if unit == "%":
        return format_percent(result.value)
    return f"{format_number(result.value)} {unit}".strip()


def person_text(entry) -> str:
    if isinstance(entry, dict):
        name = entry.get("name", "")
        title = entry.get("title") or entry.get("role") or entry.get("jabatan") or ""
        return f"{title}, {name}" if title and name else name or title
    return str(entry)
