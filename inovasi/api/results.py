"""API: the published results of an edition (the same data as the public results page)."""

from datetime import date, datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from inovasi.competitions.models import Edition
from inovasi.press.results import edition_results as read_results

router = Router(tags=["results"])


class ResultEntryOut(Schema):
    title: str
    label: str
    rank: int | None
    innovation_id: int | None  # set only when the innovation is published in the catalog
    government: str
    region_code: str
    agency: str | None
    disqualification: str = ""  # "didiskualifikasi pada … karena …"; the published list is never rewritten


class StageListOut(Schema):
    stage_id: int
    stage: str
    label: str
    published_at: datetime
    entries: list[ResultEntryOut]


class AwardEntryOut(ResultEntryOut):
    awarded_on: date
    ceremony: str | None


class AwardGroupOut(Schema):
    label_id: int
    label: str
    kind: str
    entries: list[AwardEntryOut]


class EditionResultsOut(Schema):
    edition_id: int
    edition: str
    year: int
    competition: str
    organizer: str
    query: str
    stages: list[StageListOut]
    awards: list[AwardGroupOut]


def _entry(entry) -> dict:
    innovation = entry.public_innovation
    return {
        "title": entry.title,
        "label": entry.label,
        "rank": entry.rank,
        "innovation_id": innovation.pk if innovation else None,
        "government": entry.government.name,
        "region_code": entry.government.region.code,
        "agency": entry.agency.name if entry.agency else None,
        "disqualification": entry.disqualification,
    }


@router.get("/editions/{edition_id}/results", response=EditionResultsOut)
def edition_results(
    request, edition_id: int, q: str = Query("", description="kata dalam nama inovasi, perangkat daerah atau wilayah")
):
    """Published shortlists (stages whose results are announced) and awards grouped by label.
    An edition that is not published answers 404, except to its organizers."""
    edition = get_object_or_404(Edition.objects.with_competition(), pk=edition_id)
    if not edition.is_published and not request.user.has_perm("competitions.manage_edition", edition):
        raise Http404
    results = read_results(edition, q)
    return {
        "edition_id": edition.pk,
        "edition": edition.name,
        "year": edition.year,
        "competition": edition.competition.name,
        "organizer": edition.competition.body.name,
        "query": results.query,
        "stages": [
            {
                "stage_id": s.stage.pk,
                "stage": s.stage.name,
                "label": s.label,
                "published_at": s.published_at,
                "entries": [_entry(e) for e in s.entries],
            }
            for s in results.stages
        ],
        "awards": [
            {
                "label_id": g.label.pk,
                "label": g.label.name,
                "kind": g.label.kind,
                "entries": [
                    {
                        **_entry(e),
                        "awarded_on": e.award.awarded_on,
                        "ceremony": e.award.ceremony.name if e.award.ceremony_id else None,
                    }
                    for e in g.entries
                ],
            }
            for g in results.awards
        ],
    }
