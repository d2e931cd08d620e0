"""Rubric anchors: what a score means, per band, as data on each criterion.

A criterion's `anchors` is a list of bands ``{"min": 0, "max": 40, "text": "…"}``: whole numbers
inside the criterion's scale, in ascending order, not overlapping. The juror's screen shows every
band and highlights the one the typed value falls in (a value between two bands, e.g. 40,5 between
0–40 and 41–70, belongs to the higher one: a band covers everything above the previous band's
`max` up to its own).
"""

from decimal import Decimal

from django.utils.translation import gettext as _


def anchor_errors(anchors, *, scale_min: int, scale_max: int) -> list[str]:
    """Indonesian messages for whatever is wrong with `anchors` (empty list: all is well)."""
    if anchors in (None, ""):
        return []
    if not isinstance(anchors, list):
        return [_("Deskriptor harus berupa daftar rentang nilai.")]
    problems, previous_max = [], None
    for i, band in enumerate(anchors, start=1):
        if not isinstance(band, dict) or set(band) - {"min", "max", "text"}:
            problems.append(_("Rentang ke-%(n)s harus berisi min, max dan text.") % {"n": i})
            continue
        low, high, text = band.get("min"), band.get("max"), band.get("text")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)):
            problems.append(_("Rentang ke-%(n)s: min dan max harus bilangan bulat.") % {"n": i})
            continue
        if not (scale_min <= low <= high <= scale_max):
            problems.append(
                _("Rentang ke-%(n)s harus di dalam skala %(lo)s–%(hi)s.") % {"n": i, "lo": scale_min, "hi": scale_max}
            )
        if previous_max is not None and low <= previous_max:
            problems.append(_("Rentang ke-%(n)s tumpang tindih dengan rentang sebelumnya.") % {"n": i})
        if not isinstance(text, str) or not text.strip() or len(text) > 500:
            problems.append(_("Rentang ke-%(n)s perlu keterangan (paling banyak 500 karakter).") % {"n": i})
        previous_max = high
    return problems


def band_for(anchors, value) -> int | None:
    """The index of the band `value` falls in, or None (no anchors, or outside every band)."""
    if value is None or not anchors:
        return None
    value = Decimal(str(value))
    if value < anchors[0]["min"]:
        return None
    for i, band in enumerate(anchors):
        if value <= band["max"]:
            return i
    return None
