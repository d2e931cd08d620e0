"""Possible duplicates of an innovation being recorded, within its own Pemda (#18).

The similar box looks across the published catalog; a duplicate is most likely a record of the same
Pemda, in any state (a colleague's draft is not published yet). A Pemda holds a few hundred records
at most, so its names and summaries are compared in process:

- the names: rapidfuzz's token-set ratio on the lower-cased names (word order and extra words such
  as a year do not hide a copy), at least NAME_CUTOFF;
- or, when a summary is given, the stems of name and summary shared with the record (Jaccard) at
  least TEXT_CUTOFF.

Only a warning: the operator may continue (two agencies may rightly run the same programme).
"""

from dataclasses import dataclass

from rapidfuzz import fuzz

from inovasi.innovations.enums import InnovationStatus
from inovasi.innovations.models import Innovation
from inovasi.search.text import stems

NAME_CUTOFF = 88
TEXT_CUTOFF = 0.6


@dataclass(frozen=True)
class PossibleDuplicate:
    innovation: Innovation
    same_agency: bool  # "di perangkat daerah Anda" rather than "di Pemda Anda"
    score: float  # 0–100


def _normalised(name: str) -> str:
    return " ".join(name.lower().split())


def possible_duplicates(
    government, title: str, summary: str = "", *, agency=None, exclude_id: int | None = None, limit: int = 3
) -> list[PossibleDuplicate]:
    """Records of `government` whose name (or name and summary) are close to the ones given, best first.

    Archived records are left out; `exclude_id` is the record being edited.
    """
    title = _normalised(title or "")
    if len(title) < 3 or government is None:
        return []
    given_stems = set(stems(f"{title} {summary or ''}")) if summary else set()
    rows = Innovation.objects.filter(government=government).exclude(status=InnovationStatus.ARCHIVED)
    if exclude_id:
        rows = rows.exclude(pk=exclude_id)
    found = []
    for pk, name, their_summary, agency_id in rows.values_list("pk", "name", "summary", "agency_id"):
        score = fuzz.token_set_ratio(title, _normalised(name))
        if score < NAME_CUTOFF and given_stems:
            theirs = set(stems(f"{name} {their_summary}"))
            if theirs:
                score = max(score, 100 * len(given_stems & theirs) / len(given_stems | theirs))
                if score < 100 * TEXT_CUTOFF:
                    continue
        elif score < NAME_CUTOFF:
            continue
        found.append((score, pk, agency_id))
    found.sort(key=lambda item: (-item[0], item[1]))
    found = found[:limit]
    by_id = Innovation.objects.select_related("agency").in_bulk([pk for _score, pk, _agency in found])
    agency_id = getattr(agency, "pk", agency)
    return [
        PossibleDuplicate(by_id[pk], same_agency=agency_id is not None and their_agency == agency_id, score=score)
        for score, pk, their_agency in found
        if pk in by_id
    ]
