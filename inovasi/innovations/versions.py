"""Reading an innovation's yearly versions: which years exist, one year's content, and what changed.

Each earlier year's content is frozen in `InnovationVersion.snapshot` (written by
`services.start_new_year` from `services.full_snapshot`); the current year is the live record.
`years_of` lists them newest first; `version_of` gives one year with the field-by-field comparison
against the nearest earlier year: short fields before/after, long texts diffed by words, lists
(people, partners, results, awards) as added/removed lines.

Who may read them is decided by the caller (public: published records only; workspace: the
innovation's managers, `innovations.manage_innovation`).
"""

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from inovasi.formats.display import format_number
from inovasi.innovations.enums import (
    NARRATIVE_SECTIONS,
    InitiatorKind,
    InnovationForm,
    InnovationStage,
    InnovationType,
)
from inovasi.innovations.models import GovernmentAffair, Innovation, InnovationVersion, SustainableDevelopmentGoal
from inovasi.innovations.services import full_snapshot

# Past this many words on either side a long text is shown before/after instead of word by word
# (SequenceMatcher is quadratic in the worst case; narratives are a few hundred words).
MAX_DIFF_WORDS = 4000

CHOICES = {
    "initiator_kind": InitiatorKind,
    "form": InnovationForm,
    "type": InnovationType,
    "stage": InnovationStage,
}

# (snapshot key, label, kind): "short" values, "long" texts, "list" of lines. The order of the page.
FIELDS = [
    ("name", _("Nama inovasi"), "short"),
    ("acronym_expansion", _("Kepanjangan akronim"), "short"),
    ("agency_name", _("Perangkat daerah"), "short"),
    ("form", _("Bentuk inovasi"), "short"),
    ("type", _("Jenis inovasi"), "short"),
    ("stage", _("Tahapan"), "short"),
    ("initiator_kind", _("Inisiator"), "short"),
    ("started_on", _("Mulai diterapkan"), "short"),
    ("affairs", _("Urusan pemerintahan"), "list"),
    ("sdgs", _("SDGs (Tujuan Pembangunan Berkelanjutan)"), "list"),
    *[(name, label, "long") for name, label in NARRATIVE_SECTIONS],
    ("people", _("Orang di balik inovasi"), "list"),
    ("partners", _("Mitra"), "list"),
    ("results", _("Hasil terukur"), "list"),
    ("recognitions", _("Penghargaan luar"), "list"),
]
FIELD_KEYS = [key for key, _label, _kind in FIELDS]


@dataclass
class YearEntry:
    year: int
    is_current: bool
    saved_at: datetime | None = None


@dataclass
class Change:
    key: str
    label: str
    kind: str
    before: object = None  # display text (short), list of lines (list) or text (long)
    after: object = None
    changed: bool = False
    segments: list = field(default_factory=list)  # long texts: [(op, text)], op in same/added/removed
    added: list = field(default_factory=list)  # lists: lines only in `after`
    removed: list = field(default_factory=list)  # lists: lines only in `before`


@dataclass
class VersionView:
    year: int
    is_current: bool
    saved_at: datetime | None
    previous_year: int | None
    changes: list[Change]
    content: dict

    @property
    def changed(self) -> list[Change]:
        return [c for c in self.changes if c.changed]


def years_of(innovation: Innovation) -> list[YearEntry]:
    """The current year and every frozen year, newest first (one query, snapshots not loaded)."""
    stored = InnovationVersion.objects.filter(innovation=innovation).values_list("year", "created_at")
    entries = [YearEntry(year, False, created) for year, created in stored if year != innovation.year]
    entries.append(YearEntry(innovation.year, True, None))
    return sorted(entries, key=lambda e: e.year, reverse=True)


def _snapshot_of(innovation: Innovation, year: int) -> tuple[dict, datetime | None] | None:
    if year == innovation.year:
        return full_snapshot(innovation), None
    version = InnovationVersion.objects.filter(innovation=innovation, year=year).first()
    return (version.snapshot, version.created_at) if version else None


def _previous(innovation: Innovation, year: int) -> tuple[int, dict] | None:
    version = InnovationVersion.objects.filter(innovation=innovation, year__lt=year).order_by("-year").first()
    return (version.year, version.snapshot) if version else None


def version_of(innovation: Innovation, year) -> VersionView | None:
    """Year `year` of `innovation` compared with the nearest earlier year, or None if no such year."""
    try:
        year = int(year)
    except (TypeError, ValueError):
        return None
    found = _snapshot_of(innovation, year)
    if found is None:
        return None
    after, saved_at = found
    previous = _previous(innovation, year)
    before = previous[1] if previous else None
    names = _Names(after, before)
    after_display = _display(after, names)
    before_display = _display(before, names) if before is not None else None
    changes = [
        _compare(key, label, kind, before_display.get(key) if before_display else None, after_display.get(key))
        for key, label, kind in FIELDS
    ]
    if before_display is None:
        for change in changes:
            change.changed = False
    return VersionView(
        year=year,
        is_current=year == innovation.year,
        saved_at=saved_at,
        previous_year=previous[0] if previous else None,
        changes=changes,
        content=after_display,
    )


# --- Display values ------------------------------------------------------------------------------


class _Names:
    """Affair and SDG names for the codes in both snapshots, two queries at most."""

    def __init__(self, *snapshots):
        codes = {c for s in snapshots if s for c in s.get("affairs") or []}
        numbers = {n for s in snapshots if s for n in s.get("sdgs") or []}
        self.affairs = (
            dict(GovernmentAffair.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
        )
        self.sdgs = (
            {s.number: str(s) for s in SustainableDevelopmentGoal.objects.filter(number__in=numbers)} if numbers else {}
        )


def _choice(key: str, value) -> str:
    if not value:
        return ""
    try:
        return str(CHOICES[key](value).label)
    except ValueError:
        return str(value)


def _started(snapshot: dict) -> str:
    raw = snapshot.get("started_on")
    if not raw:
        return ""
    try:
        day = date.fromisoformat(str(raw))
    except ValueError:
        return str(raw)
    if snapshot.get("started_year_only"):
        return str(day.year)
    return date_format(day, "j F Y")


def _result_line(row: dict) -> str:
    value = row.get("value") or ""
    try:
        shown = format_number(value)
    except Exception:  # a malformed stored value is shown as stored
        shown = str(value)
    unit = row.get("unit") or ""
    amount = f"Rp{shown}" if unit == "Rp" else f"{shown} {unit}".strip()
    line = f"{row.get('metric', '')}: {amount} ({row.get('year', '')})"
    return f"{line} — {row['note']}" if row.get("note") else line


def _display(snapshot: dict, names: _Names) -> dict:
    """The snapshot as the text a reader sees, per key of FIELDS."""
    shown = {}
    for key, _label, kind in FIELDS:
        if key in CHOICES:
            shown[key] = _choice(key, snapshot.get(key))
        elif key == "started_on":
            shown[key] = _started(snapshot)
        elif kind in ("short", "long"):
            shown[key] = str(snapshot.get(key) or "")
    shown["affairs"] = [names.affairs.get(code, code) for code in snapshot.get("affairs") or []]
    shown["sdgs"] = [names.sdgs.get(number, str(number)) for number in snapshot.get("sdgs") or []]
    shown["people"] = [
        ", ".join(filter(None, [p.get("name", ""), p.get("role", "")]))
        + (f" ({_('inisiator')})" if p.get("is_initiator") else "")
        for p in snapshot.get("people") or []
    ]
    shown["partners"] = [
        " — ".join(filter(None, [p.get("name", ""), p.get("role", "")])) for p in snapshot.get("partners") or []
    ]
    shown["results"] = [_result_line(r) for r in snapshot.get("results") or []]
    shown["recognitions"] = [
        f"{r.get('name', '')} — {r.get('giver', '')} ({r.get('year', '')})" for r in snapshot.get("recognitions") or []
    ]
    shown["year"] = snapshot.get("year")
    return shown


# --- Comparison ----------------------------------------------------------------------------------

_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(before: str, after: str) -> list[tuple[str, str]] | None:
    """[(op, text)] turning `before` into `after` word by word; None when too long to diff."""
    a, b = _TOKENS.findall(before or ""), _TOKENS.findall(after or "")
    if len(a) > 2 * MAX_DIFF_WORDS or len(b) > 2 * MAX_DIFF_WORDS:
        return None
    segments: list[tuple[str, str]] = []

    def push(op, tokens):
        text = "".join(tokens)
        if not text:
            return
        if segments and segments[-1][0] == op:
            segments[-1] = (op, segments[-1][1] + text)
        else:
            segments.append((op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            push("same", a[i1:i2])
        else:
            push("removed", a[i1:i2])
            push("added", b[j1:j2])
    return segments


def _compare(key: str, label, kind: str, before, after) -> Change:
    change = Change(key=key, label=str(label), kind=kind, before=before, after=after)
    if before is None:
        return change
    change.changed = before != after
    if kind == "list" and change.changed:
        change.added = [line for line in after if line not in before]
        change.removed = [line for line in before if line not in after]
    elif kind == "long" and change.changed:
        change.segments = word_diff(before, after) or []
    return change
