"""Named statistics for the region page: innovations per year and per agency, the share of agencies
with an innovation ("Satu Perangkat Daerah Satu Inovasi"), growth between years, and replications.

Only published innovations count. An innovation counts in year Y when its current `year` is Y or it
has a frozen `InnovationVersion` for Y. For a province, the scope is the provincial government and
every kabupaten/kota government in it.

Headline figures describe a complete year: the running year (today's year in WIB, or any later one)
is still filling up, so one record published in January would otherwise turn "93,5 %" into "3,2 %"
and a growth of "-98,4 %". The running year is listed, marked "berjalan", without growth; growth is
computed only between complete years; the headline year is the latest complete year with data
(or the year the visitor picks).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from inovasi.formats.display import format_percent, growth_percent
from inovasi.innovations.models import Innovation, InnovationVersion, Replication
from inovasi.organisations.models import Agency, Government
from inovasi.regions.enums import RegionLevel


@dataclass
class YearCount:
    year: int
    count: int
    previous_year: int | None
    growth: str | None  # "687,5 %", or None for the first year, growth from zero or a running year
    running: bool = False  # the year is not over yet: its count is still growing


def running_year() -> int:
    """Today's year in WIB: a year is complete once it is over."""
    return timezone.localdate().year


def headline_year(by_year: dict[int, set[int]], requested: int | None = None) -> int | None:
    """The year the headline figures describe: `requested` when it has data, else the latest
    complete year with data, else (only a running year has data) that running year."""
    if requested is not None and requested in by_year:
        return requested
    complete = [year for year in by_year if year < running_year()]
    if complete:
        return max(complete)
    return max(by_year) if by_year else None


@dataclass
class AgencyCount:
    agency: Agency
    government: Government
    latest_year: int
    total: int


@dataclass
class AgencyShare:
    year: int | None
    with_innovation: int
    active: int
    percent: str | None


def governments_in_scope(region) -> list[Government]:
    """The government of a kabupaten/kota; for a province, its own and those of its kabupaten/kota."""
    qs = Government.objects.select_related("region")
    if region.level == RegionLevel.PROVINSI:
        return list(qs.filter(region__code__in=[region.code, *region.children.values_list("code", flat=True)]))
    return list(qs.filter(region=region))


def _published(government_ids):
    return Innovation.objects.published().filter(government_id__in=government_ids)


def innovation_years(government_ids) -> dict[int, set[int]]:
    """Year → ids of published innovations that count in that year."""
    by_year: dict[int, set[int]] = defaultdict(set)
    for pk, year in _published(government_ids).values_list("pk", "year"):
        by_year[year].add(pk)
    versions = InnovationVersion.objects.filter(innovation__in=_published(government_ids)).values_list(
        "innovation_id", "year"
    )
    for pk, year in versions:
        by_year[year].add(pk)
    return dict(by_year)


def innovations_per_year(government_ids, by_year: dict[int, set[int]] | None = None) -> list[YearCount]:
    """Counts per year with data, oldest first, each with its growth over the previous year listed.

    `by_year` is `innovation_years(government_ids)` when the caller already has it.
    """
    if by_year is None:
        by_year = innovation_years(government_ids)
    rows, previous, current = [], None, running_year()
    for year in sorted(by_year):
        count = len(by_year[year])
        running = year >= current
        growth = None
        if previous is not None and not running:
            value = growth_percent(previous.count, count)
            growth = format_percent(value) if value is not None else None
        rows.append(YearCount(year, count, previous.year if previous else None, growth, running))
        if not running:
            previous = rows[-1]
    return rows


def _top_level(agency_id: int, parents: dict[int, int | None]) -> int:
    seen = set()
    while parents.get(agency_id) and agency_id not in seen:
        seen.add(agency_id)
        agency_id = parents[agency_id]
    return agency_id


def agency_statistics(
    government_ids, by_year: dict[int, set[int]] | None = None, year: int | None = None
) -> tuple[list[AgencyCount], AgencyShare]:
    """Per top-level agency (units such as a Puskesmas count for their Dinas): innovations in the
    headline year (`headline_year`, or `year` when it has data) and in total; and the share of
    active top-level agencies that have at least one innovation in that year. `by_year` as in
    `innovations_per_year`."""
    if by_year is None:
        by_year = innovation_years(government_ids)
    latest = headline_year(by_year, year)
    latest_ids = by_year.get(latest, set())
    agencies = {a.pk: a for a in Agency.objects.filter(government_id__in=government_ids).select_related("government")}
    parents = {pk: a.parent_id for pk, a in agencies.items()}
    total, in_latest = Counter(), Counter()
    for pk, agency_id in _published(government_ids).values_list("pk", "agency_id"):
        top = _top_level(agency_id, parents)
        total[top] += 1
        if pk in latest_ids:
            in_latest[top] += 1
    rows = [
        AgencyCount(agencies[top], agencies[top].government, in_latest[top], count)
        for top, count in total.items()
        if top in agencies
    ]
    rows.sort(key=lambda row: (-row.latest_year, -row.total, row.agency.name))
    active = [a for a in agencies.values() if a.is_active and a.parent_id is None]
    with_innovation = sum(1 for a in active if in_latest[a.pk] > 0)
    percent = format_percent(Decimal(with_innovation) * 100 / len(active)) if active else None
    return rows, AgencyShare(latest, with_innovation, len(active), percent)


def replications_of(government_ids):
    """Where this scope's published innovations were replicated, newest first."""
    return (
        Replication.objects.filter(innovation__in=_published(government_ids))
        .select_related("innovation", "adopter_government", "adopter_agency")
        .order_by(F("adopted_on").desc(nulls_last=True), "adopter_name")
    )
