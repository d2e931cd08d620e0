"""A published year is frozen: the public page, the dashboard and the API read the stored breakdown."""

import re
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inovasi.audit.models import AuditEvent
from inovasi.innovation_index import reports, services
from inovasi.innovation_index.enums import ClaimValidation
from inovasi.innovation_index.freezing import content_hash, frozen_breakdown
from inovasi.innovation_index.models import FrozenIndexYear, FrozenRegionBreakdown, IndexClaim, RegionIndex
from inovasi.innovations import services as innovation_services
from inovasi.innovations.enums import InnovationStage

REGION = ("public:index_region", [2026, "35.79"])
API = "/api/v1/index/2026/regions/35.79"


def _formula(page: str) -> str:
    return re.search(r'<p id="rumus-indeks">(.*?)</p>', page, re.S).group(1)


def test_moving_innovations_to_another_data_year_after_publication_changes_nothing_published(
    client, cast, framework, world
):
    page = client.get(reverse(REGION[0], args=REGION[1])).content.decode()
    api = client.get(API).json()
    stages = reports.innovations_by_stage(framework)
    assert 'id="indeks-wilayah">8,70<' in page
    assert _formula(page).endswith("= 8,70.")

    # The reproduction: Kota Batu's innovations move to another data year after publication.
    for innovation in world["innovations"]:
        innovation_services.start_new_year(innovation=innovation, year=2027, actor=cast.admin_a)
        innovation.stage = InnovationStage.UJI_COBA
        innovation.save(update_fields=["stage"])

    again = client.get(reverse(REGION[0], args=REGION[1])).content.decode()
    assert _formula(again) == _formula(page)
    assert 'id="indeks-wilayah">8,70<' in again
    assert again.count('class="index-innovation-row"') == 2
    assert client.get(API).json() == api
    assert reports.innovations_by_stage(framework) == stages


def test_the_formula_line_reproduces_the_stored_index(cast, framework, world):
    breakdown = frozen_breakdown(framework, cast.gov_a)
    stored = RegionIndex.objects.get(framework=framework, government=cast.gov_a)
    r = breakdown.result
    # SPD 15 + (84 / MAX(14, 2) = 6) + count 0.76 = 21.76; 21.76 / 250 × 100 = 8.70
    assert (r.spd, r.counted_points, r.divisor, r.sid_indicators, r.count_score, r.total) == (
        D("15"),
        D("84"),
        14,
        D("6"),
        D("0.76"),
        D("21.76"),
    )
    assert r.iid == stored.iid == D("8.70")
    assert breakdown.formula_reproduces()


def test_each_stored_breakdown_carries_the_sha256_of_its_content(cast, framework, world):
    records = list(FrozenRegionBreakdown.objects.filter(framework=framework))
    assert len(records) == 2
    assert all(record.sha256 == content_hash(record.data) for record in records)
    year = FrozenIndexYear.objects.get(framework=framework)
    assert year.sha256 == content_hash(year.data)
    event = AuditEvent.objects.filter(action="index_framework.publish").latest("id")
    assert event.after == {"published": True, "regions_frozen": 2, "year_sha256": year.sha256}


def test_a_tampered_breakdown_shows_an_integrity_error_never_a_recompute(client, cast, framework, world):
    record = FrozenRegionBreakdown.objects.get(framework=framework, government=cast.gov_a)
    data = record.data
    data["result"]["iid"] = "99.99"
    FrozenRegionBreakdown.objects.filter(pk=record.pk).update(data=data)
    response = client.get(reverse(REGION[0], args=REGION[1]))
    page = response.content.decode()
    assert response.status_code == 500
    assert 'id="galat-integritas"' in page and record.sha256[:16] in page
    assert "99,99" not in page and "8,70" not in page
    api = client.get(API)
    assert api.status_code == 500 and "SHA-256" in api.json()["detail"]


def test_a_tampered_year_summary_shows_an_integrity_error_on_the_dashboard(client, framework, world):
    FrozenIndexYear.objects.filter(framework=framework).update(data={"schema": 1, "stages": {}, "affairs": {}})
    response = client.get(reverse("public:index_dashboard"))
    assert response.status_code == 500
    assert 'id="galat-integritas"' in response.content.decode()


def test_computing_a_published_year_is_refused_and_the_button_says_so(client, cast, framework, world):
    with pytest.raises(ValidationError, match="sudah diumumkan dan dibekukan"):
        services.compute_framework(framework=framework, actor=cast.organizer)
    client.force_login(cast.organizer)
    response = client.post(reverse("organizer:index_compute", args=[framework.pk]), follow=True)
    assert "sudah diumumkan dan dibekukan" in response.content.decode()


def test_publication_is_refused_when_claims_changed_since_the_computation(cast, framework, world):
    services.publish_results(framework=framework, actor=cast.organizer, publish=False)
    assert not FrozenRegionBreakdown.objects.filter(framework=framework).exists()
    claim = IndexClaim.objects.filter(assessment=world["a"], innovation__isnull=True).first()
    services.validate_claim(claim=claim, verdict=ClaimValidation.REJECTED, reason="Bukti kosong", actor=cast.organizer)
    with pytest.raises(ValidationError, match=r"hitung ulang sebelum mengumumkan hasil") as refused:
        services.publish_results(framework=framework, actor=cast.organizer)
    assert "35.79" in refused.value.messages[0]
    framework.refresh_from_db()
    assert framework.results_published_at is None
    assert not FrozenRegionBreakdown.objects.filter(framework=framework).exists()
    services.compute_framework(framework=framework, actor=cast.organizer)
    services.publish_results(framework=framework, actor=cast.organizer)
    assert frozen_breakdown(framework, cast.gov_a).result.iid == RegionIndex.objects.get(government=cast.gov_a).iid
