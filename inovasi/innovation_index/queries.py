"""Loading what the index needs in a constant number of queries, and storing the results.

`compute_and_store` sums the claims in SQL (per assessment for region indicators, per assessment
and innovation for innovation indicators), feeds plain numbers to `computation.compute_index`, and
writes `RegionIndex` rows with ranks per cluster (provinsi / kabupaten / kota).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.innovation_index.computation import IndexResult, InnovationScore, Rule, competition_ranks, compute_index
from inovasi.innovation_index.enums import IndicatorScope
from inovasi.innovation_index.models import IndexAssessment, IndexClaim, IndexIndicator, RegionIndex
from inovasi.innovations.enums import InnovationStatus
from inovasi.innovations.models import Innovation
from inovasi.innovations.services import jakarta_year

_DEC = DecimalField(max_digits=14, decimal_places=4)
CLAIMED_POINTS = ExpressionWrapper(F("indicator__weight") * F("claimed_value"), output_field=_DEC)
VALIDATED_POINTS = ExpressionWrapper(
    F("indicator__weight") * Coalesce(F("validated_value"), Value(0)), output_field=_DEC
)


def reported_innovations(framework, government):
    """The Pemda's published innovations of the framework's reporting years."""
    return Innovation.objects.published().filter(
        government=government, year__gte=framework.reporting_year_from, year__lte=framework.reporting_year_to
    )


@dataclass
class AssessmentSums:
    region_claimed: Decimal = Decimal(0)
    region_validated: Decimal = Decimal(0)
    innovations_claimed: list = field(default_factory=list)
    innovations_validated: list = field(default_factory=list)


def _dec(value) -> Decimal:
    return Decimal(str(value)) if value is not None else Decimal(0)


def load_sums(framework, government=None) -> tuple[dict[int, AssessmentSums], dict[int, tuple]]:
    """Per assessment id: summed points. Also the assessments' (government id, level, province code).

    Five queries whatever the number of Pemda, innovations and claims.
    """
    assessments = IndexAssessment.objects.filter(framework=framework)
    if government is not None:
        assessments = assessments.filter(government=government)
    meta = {
        pk: (gov_id, level, code)
        for pk, gov_id, level, code in assessments.values_list(
            "pk", "government_id", "government__region__level", "government__region__code"
        )
    }
    claims = (
        IndexClaim.objects.filter(assessment_id__in=list(meta))
        if government
        else IndexClaim.objects.filter(assessment__framework=framework)
    )
    # Only claims on innovations still published and inside the reporting window count.
    claims = claims.filter(
        Q(innovation__isnull=True)
        | Q(
            innovation__status=InnovationStatus.PUBLISHED,
            innovation__year__gte=framework.reporting_year_from,
            innovation__year__lte=framework.reporting_year_to,
        )
    )
    mandatory = IndexIndicator.objects.filter(
        framework=framework, scope=IndicatorScope.INNOVATION, is_mandatory=True
    ).count()
    sums = {pk: AssessmentSums() for pk in meta}
    for assessment_id, claimed, validated in (
        claims.filter(innovation__isnull=True)
        .values("assessment_id")
        .annotate(claimed=Sum(CLAIMED_POINTS), validated=Sum(VALIDATED_POINTS))
        .values_list("assessment_id", "claimed", "validated")
    ):
        sums[assessment_id].region_claimed = _dec(claimed)
        sums[assessment_id].region_validated = _dec(validated)

    per_innovation = (
        claims.filter(innovation__isnull=False)
        .values("assessment_id", "innovation_id")
        .annotate(
            claimed=Sum(CLAIMED_POINTS),
            validated=Sum(VALIDATED_POINTS),
            mandatory_claimed=Count("id", filter=Q(indicator__is_mandatory=True)),
            mandatory_validated=Count("id", filter=Q(indicator__is_mandatory=True, validated_value__isnull=False)),
        )
        .values_list(
            "assessment_id", "innovation_id", "claimed", "validated", "mandatory_claimed", "mandatory_validated"
        )
    )
    rows = list(per_innovation)
    basic = defaultdict(set)
    through = Innovation.affairs.through
    affairs = through.objects.filter(
        governmentaffair__is_basic_service=True,
        innovation_id__in=claims.filter(innovation__isnull=False).values("innovation_id"),
    ).values_list("innovation_id", "governmentaffair_id")
    for innovation_id, affair_id in affairs:
        basic[innovation_id].add(affair_id)
    for assessment_id, innovation_id, claimed, validated, m_claimed, m_validated in rows:
        affairs_of = frozenset(basic.get(innovation_id, ()))
        s = sums[assessment_id]
        s.innovations_claimed.append(InnovationScore(_dec(claimed), m_claimed >= mandatory, affairs_of))
        s.innovations_validated.append(InnovationScore(_dec(validated), m_validated >= mandatory, affairs_of))
    return sums, meta


def compute_and_store(framework, government=None) -> int:
    """Compute (all, or one Pemda's) index and store it with ranks per cluster.

    A full run replaces the framework's rows in one bulk insert with ranks assigned in memory; a
    one-Pemda run updates its row and re-ranks only its cluster.
    """
    rule = Rule.of(framework)
    sums, meta = load_sums(framework, government)
    now = timezone.now()
    rows = []
    existing = {}
    if government is not None:
        existing = {r.government_id: r for r in RegionIndex.objects.filter(framework=framework, government=government)}
    for assessment_id, s in sums.items():
        gov_id, level, code = meta[assessment_id]
        claimed = compute_index(rule, s.region_claimed, s.innovations_claimed)
        validated = compute_index(rule, s.region_validated, s.innovations_validated)
        row = existing.get(gov_id) or RegionIndex(framework=framework, government_id=gov_id)
        _fill(row, claimed, validated, level, code.split(".")[0], now)
        rows.append(row)
    if government is None:
        _assign_ranks(rows, framework.nominees_per_cluster)
        RegionIndex.objects.filter(framework=framework).delete()
        RegionIndex.objects.bulk_create(rows, batch_size=1000)
    else:
        for row in rows:
            row.save()
        rerank(framework, {row.cluster for row in rows})
    return len(rows)


def _assign_ranks(rows, nominees_per_cluster: int) -> list:
    """Set rank and nominee flag in memory; returns the rows whose values changed."""
    by_cluster = defaultdict(list)
    for row in rows:
        by_cluster[row.cluster].append(row)
    changed = []
    for members in by_cluster.values():
        ranks = competition_ranks([(k, Decimal(r.iid)) for k, r in enumerate(members)])
        for k, r in enumerate(members):
            rank = ranks[k]
            nominee = rank <= nominees_per_cluster and Decimal(r.iid) > 0
            if (r.rank, r.is_nominee) != (rank, nominee):
                r.rank, r.is_nominee = rank, nominee
                changed.append(r)
    return changed


def _fill(row: RegionIndex, claimed: IndexResult, validated: IndexResult, level: str, province: str, now):
    row.cluster = level
    row.province_code = province
    row.innovations_reported = validated.innovations_reported
    row.innovations_counted = validated.innovations_counted
    row.basic_affairs_covered = validated.basic_affairs_covered
    row.spd_claimed, row.sid_claimed, row.count_claimed = claimed.spd, claimed.sid_indicators, claimed.count_score
    row.iid_claimed, row.predicate_claimed = claimed.iid, claimed.predicate
    row.spd, row.sid, row.count_score = validated.spd, validated.sid_indicators, validated.count_score
    row.iid, row.predicate = validated.iid, validated.predicate
    row.computed_at = now


def rerank(framework, clusters) -> None:
    """Rank within each cluster by validated IID; the top N with a positive index are nominees."""
    rows = list(
        RegionIndex.objects.filter(framework=framework, cluster__in=list(clusters))
        .only("pk", "cluster", "iid", "rank", "is_nominee", "government_id")
        .order_by("government_id")
    )
    changed = _assign_ranks(rows, framework.nominees_per_cluster)
    RegionIndex.objects.bulk_update(changed, ["rank", "is_nominee"], batch_size=500)


@dataclass
class RegistryInnovation:
    """One of the Pemda's registry innovations and whether (and why not) it counts for a round."""

    innovation: Innovation
    counts: bool
    reasons: list = field(default_factory=list)
    can_bring_forward: bool = False


def bring_forward_year(framework) -> int:
    """The data year an innovation still running is brought to: this year, kept inside the round's
    reporting years."""
    return min(framework.reporting_year_to, max(framework.reporting_year_from, jakarta_year()))


def registry_innovations(framework, government, assessment=None) -> list[RegistryInnovation]:
    """Every registry innovation of the Pemda with the rule that decides whether it counts.

    An innovation counts when (1) it is published, (2) its data year lies in the round's reporting
    years and (3) every mandatory innovation indicator is claimed for it. A published innovation
    whose data year is earlier can be brought forward (`services.bring_innovations_forward`) when
    the Pemda confirms it is still running. Three queries whatever the number of innovations.
    """
    innovations = list(
        Innovation.objects.filter(government=government).select_related("agency").order_by("-year", "name")
    )
    mandatory = dict(
        IndexIndicator.objects.filter(
            framework=framework, scope=IndicatorScope.INNOVATION, is_mandatory=True
        ).values_list("pk", "number")
    )
    claimed: dict[int, set] = defaultdict(set)
    if assessment is not None and mandatory:
        for innovation_id, indicator_id in IndexClaim.objects.filter(
            assessment=assessment, innovation__isnull=False, indicator_id__in=list(mandatory)
        ).values_list("innovation_id", "indicator_id"):
            claimed[innovation_id].add(indicator_id)
    target = bring_forward_year(framework)
    rows = []
    for innovation in innovations:
        reasons = []
        published = innovation.status == InnovationStatus.PUBLISHED
        if innovation.status == InnovationStatus.ARCHIVED:
            reasons.append(_("Diarsipkan: tidak berjalan lagi."))
        elif not published:
            reasons.append(
                _("Belum terbit di registri (status: %(status)s).") % {"status": innovation.get_status_display()}
            )
        in_years = framework.reporting_year_from <= innovation.year <= framework.reporting_year_to
        if not in_years:
            reasons.append(
                _("Tahun data %(year)s di luar tahun pelaporan %(start)s–%(end)s.")
                % {"year": innovation.year, "start": framework.reporting_year_from, "end": framework.reporting_year_to}
            )
        if published and in_years:
            if assessment is None:
                reasons.append(_("Penilaian mandiri belum dimulai."))
            else:
                missing = sorted(n for pk, n in mandatory.items() if pk not in claimed.get(innovation.pk, set()))
                if missing:
                    reasons.append(
                        _("Indikator wajib belum diklaim: %(numbers)s.")
                        % {"numbers": ", ".join(str(n) for n in missing)}
                    )
        rows.append(
            RegistryInnovation(
                innovation=innovation,
                counts=not reasons,
                reasons=reasons,
                can_bring_forward=published
                and innovation.year < framework.reporting_year_from
                and innovation.year < target,
            )
        )
    return rows
