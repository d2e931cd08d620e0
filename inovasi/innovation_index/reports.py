"""Report queries behind the public dashboards, the exports and the API (published results only)."""

from django.db.models import Count

from inovasi.innovation_index.enums import Predicate
from inovasi.innovation_index.models import IndexClaim, IndexFramework, RegionIndex
from inovasi.innovations.enums import InnovationStage
from inovasi.innovations.models import Innovation
from inovasi.regions.models import Region

EXPORT_COLUMNS = [
    ("rank", "Peringkat"),
    ("code", "Kode wilayah"),
    ("region", "Wilayah"),
    ("government", "Pemda"),
    ("cluster", "Klaster"),
    ("province", "Provinsi"),
    ("iid", "Indeks"),
    ("predicate", "Predikat"),
    ("spd", "Skor SPD"),
    ("sid", "Skor SID indikator"),
    ("count_score", "Skor jumlah inovasi"),
    ("innovations_counted", "Inovasi dihitung"),
    ("basic_affairs_covered", "Urusan pelayanan dasar tercakup"),
    ("iid_claimed", "Indeks menurut klaim"),
    ("is_nominee", "Nomine"),
]


def published_frameworks():
    return IndexFramework.objects.published().order_by("-year")


def ranked(framework, cluster: str | None = None, province: str | None = None):
    rows = RegionIndex.objects.filter(framework=framework).with_region()
    if cluster:
        rows = rows.filter(cluster=cluster)
    if province:
        rows = rows.filter(province_code=province)
    return rows.order_by("-iid", "government__region__code")


def predicate_counts(framework, province: str | None = None, cluster: str | None = None) -> dict[str, int]:
    rows = RegionIndex.objects.filter(framework=framework)
    if cluster:
        rows = rows.filter(cluster=cluster)
    if province:
        rows = rows.filter(province_code=province)
    counts = dict(rows.values("predicate").annotate(n=Count("id")).values_list("predicate", "n"))
    return {p: counts.get(p, 0) for p in Predicate.values}


def predicates_by_province(framework, cluster: str | None = None) -> list[dict]:
    """One row per province that has results: its name and the count of each predicate."""
    counts: dict[str, dict[str, int]] = {}
    rows = RegionIndex.objects.filter(framework=framework)
    if cluster:
        rows = rows.filter(cluster=cluster)
    for code, predicate, n in (
        rows.values("province_code", "predicate").annotate(n=Count("id")).values_list("province_code", "predicate", "n")
    ):
        counts.setdefault(code, {p: 0 for p in Predicate.values})[predicate] = n
    names = dict(Region.objects.filter(code__in=list(counts)).values_list("code", "name"))
    return [{"code": code, "name": names.get(code, code), **counts[code]} for code in sorted(counts)]


def _assessed_innovations(framework, province: str | None = None):
    claims = IndexClaim.objects.filter(assessment__framework=framework, innovation__isnull=False)
    if province:
        claims = claims.filter(assessment__government__region__code__startswith=province)
    return Innovation.objects.filter(pk__in=claims.values("innovation_id"))


def live_stage_counts(framework, province: str | None = None) -> dict[str, int]:
    """Assessed innovations per stage value, read from the live registry (frozen at publication)."""
    return dict(
        _assessed_innovations(framework, province).values("stage").annotate(n=Count("id")).values_list("stage", "n")
    )


def innovations_by_stage(framework, province: str | None = None) -> list[tuple[str, int]]:
    """Innovations per stage: from the frozen year summary once published, else live."""
    frozen = _frozen_summary(framework)
    if frozen is not None:
        counts = dict(frozen["stages"].get(province or "", []))
    else:
        counts = live_stage_counts(framework, province)
    return [(label, counts.get(value, 0)) for value, label in InnovationStage.choices]


def innovations_by_affair(framework, province: str | None = None) -> list[tuple[str, int]]:
    """Innovations per urusan: from the frozen year summary once published, else live."""
    frozen = _frozen_summary(framework)
    if frozen is not None:
        return [(name, n) for name, n in frozen["affairs"].get(province or "", [])]
    return live_innovations_by_affair(framework, province)


def _frozen_summary(framework) -> dict | None:
    from inovasi.innovation_index.freezing import frozen_year  # inline: freezing imports this module (cycle)

    return frozen_year(framework)  # exists only while the year is published


def live_innovations_by_affair(framework, province: str | None = None) -> list[tuple[str, int]]:
    through = Innovation.affairs.through
    rows = (
        through.objects.filter(innovation_id__in=_assessed_innovations(framework, province).values("pk"))
        .values("governmentaffair__name")
        .annotate(n=Count("id"))
        .order_by("-n", "governmentaffair__name")
        .values_list("governmentaffair__name", "n")
    )
    return list(rows)


def region_series(government) -> list[RegionIndex]:
    return list(
        RegionIndex.objects.published()
        .filter(government=government)
        .select_related("framework")
        .order_by("framework__year")
    )


def export_rows(framework, cluster: str | None = None, province: str | None = None) -> list[dict]:
    rows = list(ranked(framework, cluster, province))
    return [
        {
            "rank": r.rank,
            "code": r.government.region.code,
            "region": r.government.region.name,
            "government": r.government.name,
            "cluster": r.get_cluster_display(),
            "province": (r.government.region.parent or r.government.region).name,
            "iid": r.iid,
            "predicate": r.get_predicate_display(),
            "spd": r.spd,
            "sid": r.sid,
            "count_score": r.count_score,
            "innovations_counted": r.innovations_counted,
            "basic_affairs_covered": r.basic_affairs_covered,
            "iid_claimed": r.iid_claimed,
            "is_nominee": r.is_nominee,
        }
        for r in rows
    ]


def nominees(framework, cluster: str | None = None) -> list[RegionIndex]:
    """The top N Pemda per cluster (N = `nominees_per_cluster`), e.g. to seed an IGA nomination edition."""
    rows = RegionIndex.objects.filter(framework=framework, is_nominee=True).with_region()
    if cluster:
        rows = rows.filter(cluster=cluster)
    return list(rows.order_by("cluster", "rank", "government__region__code"))
