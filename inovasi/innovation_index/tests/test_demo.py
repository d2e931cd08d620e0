"""The demo tells the IGA 2024 story: Kota Batu among the top-10 kota nominees, computed by the real code."""

from django.core.management import call_command
from django.utils import timezone

from inovasi.innovation_index.enums import AssessmentStatus
from inovasi.innovation_index.freezing import FrozenBreakdown
from inovasi.innovation_index.models import (
    FrozenRegionBreakdown,
    IndexAssessment,
    IndexFramework,
    RegionIndex,
    ValidatorAssignment,
)
from inovasi.innovation_index.queries import reported_innovations


def test_the_demo_nominates_kota_batu_among_the_top_10_kota_and_is_idempotent(db):
    call_command("load_demo")
    framework = IndexFramework.objects.get(year=2024)
    batu = RegionIndex.objects.select_related("government__region").get(
        framework=framework, government__region__code="35.79"
    )
    assessment = IndexAssessment.objects.get(framework=framework, government=batu.government)
    assert framework.is_published
    assert framework.copied_from.year == 2023
    assert batu.cluster == "kota"
    assert batu.innovations_reported == reported_innovations(framework, batu.government).count()
    assert batu.is_nominee and batu.rank <= 10
    assert RegionIndex.objects.filter(framework=framework, cluster="kota", is_nominee=True).count() == 10
    assert batu.iid > 0 and batu.predicate != "tidak_dapat_dinilai"
    # Results are announced, so every 2024 assessment is "Ditetapkan", reached through the state machine.
    assert set(IndexAssessment.objects.filter(framework=framework).values_list("status", flat=True)) == {
        AssessmentStatus.FINALIZED
    }
    stored = dict(RegionIndex.objects.filter(framework=framework).values_list("government_id", "iid"))
    frozen = [FrozenBreakdown(r.data, r.sha256) for r in FrozenRegionBreakdown.objects.filter(framework=framework)]
    assert len(frozen) == len(stored)
    # Every published page's formula line reproduces the stored IID (Kota Batu: 66,26).
    assert all(b.formula_reproduces() and b.result.iid == stored[b.data["government"]["id"]] for b in frozen)
    assert next(b for b in frozen if b.data["region"]["code"] == "35.79").result.iid == batu.iid
    # A round is open at load time, owned by BSKDN: Kota Malang has submitted, Kota Pasuruan is a draft,
    # Kota Batu has not started; East Java is assigned to BSKDN's verifikator.
    year = max(2027, timezone.localdate().year)
    open_round = IndexFramework.objects.get(year=year)
    assert open_round.is_open(timezone.now())
    assert open_round.organizer_body_id == framework.organizer_body_id
    assert (open_round.reporting_year_from, open_round.reporting_year_to) == (year - 1, year)
    statuses = dict(open_round.assessments.values_list("government__region__code", "status"))
    assert statuses == {"35.73": AssessmentStatus.SUBMITTED, "35.75": AssessmentStatus.DRAFT}
    malang = open_round.assessments.get(government__region__code="35.73")
    assert malang.claims.exists() and not malang.claims.exclude(validation="pending").exists()
    assigned = dict(
        ValidatorAssignment.objects.filter(framework=open_round).values_list(
            "government__region__code", "validator__email"
        )
    )
    assert assigned == {"35.73": "verifikator@inovasi.test", "35.75": "verifikator@inovasi.test"}

    claims = assessment.claims.count()
    call_command("load_demo")
    assert IndexFramework.objects.filter(year=2024).count() == 1
    assert IndexFramework.objects.filter(year__gt=2026).count() == 1  # the open round is not copied again
    assert assessment.claims.count() == claims
    assert open_round.assessments.count() == 2
    batu_again = RegionIndex.objects.get(framework=framework, government=batu.government)
    assert (batu_again.iid, batu_again.rank) == (batu.iid, batu.rank)
