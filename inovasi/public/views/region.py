"""The public page of one region: innovations per year and per agency, growth, replications."""

from django.shortcuts import get_object_or_404, render

from inovasi.awards.queries import awards_of_governments
from inovasi.innovation_index.models import RegionIndex
from inovasi.innovations import region_stats, replication_graph
from inovasi.innovations.enums import InnovationStatus
from inovasi.innovations.models import Recognition
from inovasi.public.citation import citation
from inovasi.public.views.page_cache import cached_data, cached_public_page
from inovasi.public.views.replication import spread_layout
from inovasi.regions.enums import RegionLevel
from inovasi.regions.models import Region

# A province has over a thousand agencies; its page lists the most active ones (every kabupaten/kota
# page lists all of its own).
AGENCY_ROWS = 100


def _requested_year(request) -> int | None:
    """`?tahun=2024` picks the headline year; anything else (letters, "²", out of range) is ignored."""
    value = request.GET.get("tahun", "")
    if value.isascii() and value.isdigit() and len(value) == 4:
        return int(value)
    return None


def _statistics(region, government_ids, requested):
    """Innovations per year, the agency table (its first AGENCY_ROWS rows and how many more) and the
    agency share: the province pages' costliest reads (a province has thousands of innovations and
    over a thousand agencies), kept per data version like the replication spread. The running year
    is in the key: a year becomes complete at midnight on New Year's Eve, with no write."""

    def compute():
        by_year = region_stats.innovation_years(government_ids)  # read once, used by both statistics
        per_year = region_stats.innovations_per_year(government_ids, by_year)
        agencies, share = region_stats.agency_statistics(government_ids, by_year, requested)
        return per_year, agencies[:AGENCY_ROWS], max(0, len(agencies) - AGENCY_ROWS), share

    return cached_data("region-statistics", (region.pk, requested, region_stats.running_year()), compute)


@cached_public_page
def region_detail(request, code):
    region = get_object_or_404(Region.objects.select_related("parent"), code=code)
    governments = region_stats.governments_in_scope(region)
    government_ids = [g.pk for g in governments]
    per_year, agencies, agencies_not_shown, share = _statistics(region, government_ids, _requested_year(request))
    spread = cached_data("region-spread", region.pk, lambda: replication_graph.region_spread(government_ids))
    # The latest published regional innovation index of this region's own Pemda, if any.
    latest_index = (
        RegionIndex.objects.published()
        .filter(government__region=region)
        .select_related("framework")
        .order_by("-framework__year")
        .first()
    )
    awards = list(awards_of_governments(government_ids))
    recognitions = list(
        Recognition.objects.filter(
            innovation__government_id__in=government_ids, innovation__status=InnovationStatus.PUBLISHED
        )
        .select_related("innovation")
        .only("innovation_id", "name", "giver", "category", "year", "innovation__name")  # not the narratives
        .order_by("-year", "name")[:200]
    )
    children = []
    if region.level == RegionLevel.PROVINSI:
        children = list(region.children.order_by("code"))
    catalog_filter = "province" if region.level == RegionLevel.PROVINSI else "region"
    return render(
        request,
        "public/catalog/region_detail.html",
        {
            "region": region,
            "is_province": region.level == RegionLevel.PROVINSI,
            "governments": governments,
            "per_year": per_year,
            "largest_year": max((row.count for row in per_year), default=0),
            "running_year": region_stats.running_year(),
            "agencies": agencies,
            "agencies_not_shown": agencies_not_shown,
            "share": share,
            "spread": spread,
            "spread_graph": spread_layout(region, spread),
            "children": children,
            "latest_index": latest_index,
            "awards": awards,
            "recognitions": recognitions,
            "catalog_filter": catalog_filter,
            "export_query": f"{catalog_filter}={region.code}",
            "citation": citation(request, region.name),
        },
    )
