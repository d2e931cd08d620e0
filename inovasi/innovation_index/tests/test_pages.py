"""Screens of the index: workspace self-assessment, organizer desk, public dashboard, exports, API."""

import io
from decimal import Decimal as D

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from inovasi.audit.models import AuditEvent
from inovasi.innovation_index import queries, services
from inovasi.innovation_index.enums import AssessmentStatus, ClaimValidation
from inovasi.innovation_index.models import IndexAssessment, IndexClaim, RegionIndex
from inovasi.innovation_index.tests.conftest import AFTER_WINDOW, BASIC, ind, make_innovation
from inovasi.organisations.models import Government

# --- Workspace ----------------------------------------------------------------------------------


def test_admin_pemda_starts_and_claims_a_region_indicator_with_a_pdf(
    client, cast, framework, in_window, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(cast.admin_a)
    client.post(reverse("workspace:index_start", args=[cast.gov_a.pk, 2026]))
    indicator = ind(framework, 1)
    response = client.post(
        reverse("workspace:index_region_claim", args=[cast.gov_a.pk, 2026, 1]),
        {
            "option": indicator.options.get(value=2).pk,
            "evidence_file": SimpleUploadedFile("rpjmd.pdf", b"%PDF-1.7 isi"),
        },
    )
    assert response.status_code == 302
    claim = IndexClaim.objects.get(indicator=indicator)
    assert (claim.claimed_value, claim.evidence_content_type, claim.validation) == (2, "application/pdf", "pending")
    page = client.get(reverse("workspace:index_assessment", args=[cast.gov_a.pk, 2026])).content.decode()
    assert 'id="indeks-klaim">0,80<' in page  # 1 × 2 = 2 points; 2 / 250 × 100 = 0.8


def test_the_claim_page_explains_a_wrong_file_type_and_writes_nothing(
    client, cast, framework, in_window, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(cast.admin_a)
    client.post(reverse("workspace:index_start", args=[cast.gov_a.pk, 2026]))
    response = client.post(
        reverse("workspace:index_region_claim", args=[cast.gov_a.pk, 2026, 1]),
        {"option": ind(framework, 1).options.get(value=2).pk, "evidence_file": SimpleUploadedFile("x.pdf", b"<html>")},
    )
    assert response.status_code == 200
    assert (
        "Berkas bukti harus berupa PDF, JPEG atau PNG; isi berkas ini bukan salah satunya." in response.content.decode()
    )
    assert not IndexClaim.objects.exists()


def test_the_claim_page_refuses_a_parameter_of_another_indicator(client, cast, framework, in_window):
    client.force_login(cast.admin_a)
    client.post(reverse("workspace:index_start", args=[cast.gov_a.pk, 2026]))
    response = client.post(
        reverse("workspace:index_region_claim", args=[cast.gov_a.pk, 2026, 1]),
        {"option": ind(framework, 2).options.get(value=3).pk},
    )
    assert "Parameter ini tidak tersedia untuk indikator 1." in response.content.decode()
    assert not IndexClaim.objects.exists()


def test_the_claim_page_refuses_a_claim_after_the_window(client, cast, framework, in_window):
    client.force_login(cast.admin_a)
    client.post(reverse("workspace:index_start", args=[cast.gov_a.pk, 2026]))
    with time_machine.travel(AFTER_WINDOW, tick=False):
        client.force_login(cast.admin_a)
        response = client.post(
            reverse("workspace:index_region_claim", args=[cast.gov_a.pk, 2026, 1]),
            {"option": ind(framework, 1).options.get(value=3).pk},
        )
    assert "sudah ditutup pada 31 Agustus 2026 23.59 WIB" in response.content.decode()
    assert not IndexClaim.objects.exists()


def test_innovation_indicators_are_saved_together_or_not_at_all(client, cast, framework, in_window, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    innovation = make_innovation(cast.agency_a, "Among Tani Crop")
    client.force_login(cast.admin_a)
    client.post(reverse("workspace:index_start", args=[cast.gov_a.pk, 2026]))
    url = reverse("workspace:index_innovation_claims", args=[cast.gov_a.pk, 2026, innovation.pk])
    i16, i17 = ind(framework, 16), ind(framework, 17)
    bad = client.post(
        url,
        {
            f"opt_{i16.pk}": i16.options.get(value=3).pk,
            f"opt_{i17.pk}": i17.options.get(value=2).pk,
            f"file_{i17.pk}": SimpleUploadedFile("sk.png", b"GIF89a"),
        },
    )
    assert "Tidak ada yang disimpan." in bad.content.decode()
    assert "Berkas bukti harus berupa PDF, JPEG atau PNG" in bad.content.decode()
    prefilled = {19: 1, 31: 1}  # non-digital, no replication: from the registry
    assert (
        dict(IndexClaim.objects.filter(innovation=innovation).values_list("indicator__number", "claimed_value"))
        == prefilled
    )
    good = client.post(
        url, {f"opt_{i16.pk}": i16.options.get(value=3).pk, f"opt_{i17.pk}": i17.options.get(value=2).pk}
    )
    assert good.status_code == 302
    assert dict(IndexClaim.objects.filter(innovation=innovation).values_list("indicator__number", "claimed_value")) == {
        **prefilled,
        16: 3,
        17: 2,
    }


def test_submitting_moves_the_assessment_to_validation(client, cast, framework, in_window):
    client.force_login(cast.admin_a)
    client.post(reverse("workspace:index_start", args=[cast.gov_a.pk, 2026]))
    client.post(reverse("workspace:index_submit", args=[cast.gov_a.pk, 2026]))
    assert IndexAssessment.objects.get(government=cast.gov_a).status == AssessmentStatus.SUBMITTED
    assert AuditEvent.objects.filter(action="index_assessment.submit", actor=cast.admin_a).count() == 1


@pytest.mark.parametrize("who", ["admin_b", "operator_a", "organizer", "juror", "no_role"])
def test_only_the_pemdas_own_admin_may_touch_its_assessment(client, cast, framework, world, who):
    client.force_login(getattr(cast, who))
    innovation = world["innovations"][0]
    before = IndexClaim.objects.count()
    for method, url in [
        ("get", reverse("workspace:index_home", args=[cast.gov_a.pk])),
        ("get", reverse("workspace:index_assessment", args=[cast.gov_a.pk, 2026])),
        ("post", reverse("workspace:index_start", args=[cast.gov_a.pk, 2026])),
        ("post", reverse("workspace:index_submit", args=[cast.gov_a.pk, 2026])),
        ("post", reverse("workspace:index_region_claim", args=[cast.gov_a.pk, 2026, 1])),
        ("post", reverse("workspace:index_innovation_claims", args=[cast.gov_a.pk, 2026, innovation.pk])),
    ]:
        response = getattr(client, method)(url, {"option": ind(framework, 1).options.first().pk})
        assert response.status_code == 403, url
    assert IndexClaim.objects.count() == before
    assert IndexAssessment.objects.get(government=cast.gov_a).status == AssessmentStatus.DRAFT


def test_guessing_another_pemdas_innovation_id_under_ones_own_pemda_is_not_found(client, cast, framework, world):
    client.force_login(cast.admin_b)
    url = reverse("workspace:index_innovation_claims", args=[cast.gov_b.pk, 2026, world["innovations"][0].pk])
    assert client.get(url).status_code == 404


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def test_the_assessment_page_costs_the_same_queries_for_1_and_3_innovations(client, cast, framework, in_window):
    client.force_login(cast.admin_a)
    make_innovation(cast.agency_a, "Satu", affairs=BASIC)
    services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a)
    url = reverse("workspace:index_assessment", args=[cast.gov_a.pk, 2026])
    one, page = _count(client, url)
    assert page.count('class="index-innovation-row"') == 1
    make_innovation(cast.agency_a, "Dua", digital=True)
    make_innovation(cast.agency_a, "Tiga")
    services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a)
    three, page = _count(client, url)
    assert page.count('class="index-innovation-row"') == 3
    assert one == three


# --- Organizer ----------------------------------------------------------------------------------


def test_the_owning_bodys_organizer_adjusts_a_claim_with_a_reason(client, cast, framework, world):
    claim = IndexClaim.objects.get(assessment=world["a"], indicator__number=1)
    client.force_login(cast.organizer)
    response = client.post(
        reverse("organizer:index_claim_validate", args=[claim.pk]),
        {
            "verdict": "adjusted",
            "option": ind(framework, 1).options.get(value=1).pk,
            "reason": "Hanya disebut di misi.",
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.claimed_value, claim.validated_value, claim.validation_reason) == (3, 1, "Hanya disebut di misi.")


@pytest.mark.parametrize("who", ["other_organizer", "admin_a", "operator_a", "juror"])
def test_validators_of_another_body_and_pemda_users_cannot_validate(
    client, cast, framework, world, who, other_organizer
):
    user = other_organizer if who == "other_organizer" else getattr(cast, who)
    claim = IndexClaim.objects.get(assessment=world["a"], indicator__number=1)
    client.force_login(user)
    for method, url in [
        ("get", reverse("organizer:index_validation_queue", args=[framework.pk])),
        ("get", reverse("organizer:index_assessment_validate", args=[world["a"].pk])),
        ("post", reverse("organizer:index_claim_validate", args=[claim.pk])),
        ("post", reverse("organizer:index_compute", args=[framework.pk])),
        ("post", reverse("organizer:index_publish", args=[framework.pk])),
        ("get", reverse("organizer:index_framework", args=[framework.pk])),
        ("get", reverse("organizer:index_nominees", args=[framework.pk])),
    ]:
        response = getattr(client, method)(url, {"verdict": "rejected", "reason": "x", "publish": "0"})
        assert response.status_code == 403, url
    claim.refresh_from_db()
    assert claim.validation == ClaimValidation.ACCEPTED


def test_the_compute_button_runs_the_task_and_lists_nominees(client, cast, framework, world):
    services.publish_results(framework=framework, actor=cast.organizer, publish=False)  # a published year is frozen
    RegionIndex.objects.all().delete()
    client.force_login(cast.organizer)
    response = client.post(reverse("organizer:index_compute", args=[framework.pk]), follow=True)
    page = response.content.decode()
    assert page.count('class="index-nominee-row"') == 2
    assert RegionIndex.objects.get(government=cast.gov_a).rank == 1


def test_an_inconsistent_methodology_is_refused_on_the_page(client, cast, framework):
    client.force_login(cast.organizer)
    url = reverse("organizer:index_framework", args=[framework.pk])
    data = {
        "name": framework.name,
        "reporting_year_from": 2025,
        "reporting_year_to": 2026,
        "submission_opens_at": "2026-04-01 00:00",
        "submission_closes_at": "2026-08-31 23:59",
        "parameter_min": 1,
        "parameter_max": 3,
        "max_score": "250",
        "divisor_min": 14,
        "count_cap": 200,
        "count_factor": "0.38",
        "count_min_basic_affairs": 6,
        "threshold_sangat_inovatif": "40",
        "threshold_inovatif": "65.01",
        "threshold_kurang_inovatif": "0.01",
        "nominees_per_cluster": 10,
    }
    for aspect in framework.aspects.all():
        data[f"aspect_{aspect.pk}"] = aspect.weight_percent
    response = client.post(url, data)
    assert "Batas predikat harus naik" in response.content.decode()
    framework.refresh_from_db()
    assert framework.threshold_sangat_inovatif == D("65.01")
    data.update(threshold_sangat_inovatif="70", threshold_inovatif="45")
    assert client.post(url, data).status_code == 302
    framework.refresh_from_db()
    assert (framework.threshold_sangat_inovatif, framework.threshold_inovatif) == (D("70"), D("45"))


def test_the_organizer_copies_a_framework_to_a_new_year(client, cast, framework):
    client.force_login(cast.organizer)
    response = client.post(reverse("organizer:index_framework_copy", args=[framework.pk]), {"year": 2027})
    assert response.status_code == 302
    assert framework.__class__.objects.get(year=2027).copied_from == framework


def test_the_validation_queue_costs_the_same_queries_for_1_and_3_assessments(client, cast, framework, in_window):
    client.force_login(cast.organizer)
    services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a)
    url = reverse("organizer:index_validation_queue", args=[framework.pk])
    one, page = _count(client, url)
    assert page.count('class="index-assessment-row"') == 1
    for code in ("35.73", "35.72"):
        services.start_assessment(framework=framework, government=Government.objects.get(region__code=code), actor=None)
    three, page = _count(client, url)
    assert page.count('class="index-assessment-row"') == 3
    assert one == three


# --- Public -------------------------------------------------------------------------------------


def test_unpublished_results_stay_private(client, cast, framework, world):
    services.publish_results(framework=framework, actor=cast.organizer, publish=False)
    assert "Belum ada hasil indeks yang diumumkan" in client.get(reverse("public:index_dashboard")).content.decode()
    assert client.get(reverse("public:index_region", args=[2026, "35.79"])).status_code == 404
    assert client.get("/api/v1/index/2026/regions").status_code == 404


def test_the_region_page_shows_the_breakdown_and_what_if(client, cast, framework, world):
    page = client.get(reverse("public:index_region", args=[2026, "35.79"])).content.decode()
    row = RegionIndex.objects.get(government=cast.gov_a)
    # SPD 1×3 + 2×3 + 2×3 = 15; SID (42 + 42) / 14 = 6; count 2 × 0.38 = 0.76; (21.76) / 2.5 = 8.704 → 8.70
    assert row.iid == D("8.70")
    assert 'id="indeks-wilayah">8,70<' in page
    assert "1 dari 2 (Kota)" in page
    assert page.count('class="index-region-row"') == 15
    assert page.count('class="index-innovation-row"') == 2
    assert "Naikkan indikator" in page


def test_the_dashboard_ranks_regions_and_costs_the_same_queries_for_1_and_3(client, cast, framework, world):
    url = reverse("public:index_dashboard") + "?klaster=kota"
    RegionIndex.objects.filter(government=cast.gov_b).delete()
    one, page = _count(client, url)
    assert page.count('class="index-rank-row"') == 1
    queries.compute_and_store(framework)  # put Kota Malang's row back (the published year refuses the service)
    RegionIndex.objects.create(
        framework=framework,
        government=Government.objects.get(region__code="35.72"),
        cluster="kota",
        province_code="35",
        predicate_claimed="tidak_dapat_dinilai",
        predicate="tidak_dapat_dinilai",
        rank=3,
    )
    three, page = _count(client, url)
    assert page.count('class="index-rank-row"') == 3
    assert one == three
    assert 'id="chart-predicates"' in page and "<script>" not in page.replace('<script id="', "")


def test_csv_and_xlsx_exports_hold_the_same_ranking(client, cast, framework, world):
    csv_text = client.get(reverse("public:index_export", args=[2026, "csv"])).getvalue().decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("Peringkat,Kode wilayah,Wilayah")
    assert lines[1].startswith("1,35.79,Kota Batu,Pemerintah Kota Batu,Kota,Jawa Timur,8.70")
    workbook = load_workbook(io.BytesIO(client.get(reverse("public:index_export", args=[2026, "xlsx"])).getvalue()))
    sheet = workbook.active
    assert [c.value for c in sheet[2]][:3] == [1, "35.79", "Kota Batu"]
    assert sheet.max_row == 3


def test_the_api_lists_frameworks_results_and_a_breakdown(client, cast, framework, world):
    frameworks = client.get("/api/v1/index/frameworks").json()
    assert [(f["year"], f["divisor_min"], f["published"]) for f in frameworks] == [(2026, 14, True)]
    regions = client.get("/api/v1/index/2026/regions?cluster=kota").json()
    # Decimals are JSON numbers, as docs/api.md promises.
    assert [(r["code"], r["rank"], r["iid"]) for r in regions["items"]] == [("35.79", 1, 8.7), ("35.73", 2, 4.8)]
    detail = client.get("/api/v1/index/2026/regions/35.79").json()
    assert (detail["result"]["iid"], detail["divisor"], len(detail["region_indicators"])) == (8.7, 14, 15)
    assert detail["improvements"][0]["gain"] > 0


def test_the_organizer_reopens_a_submitted_assessment_and_the_admin_may_claim_again(client, cast, framework, world):
    services.publish_results(framework=framework, actor=cast.organizer, publish=False)  # returns end at publication
    services.submit_assessment(assessment=world["a"], actor=cast.admin_a)
    client.force_login(cast.organizer)
    client.post(reverse("organizer:index_assessment_reopen", args=[world["a"].pk]))
    assert IndexAssessment.objects.get(pk=world["a"].pk).status == AssessmentStatus.DRAFT
    actions = list(AuditEvent.objects.filter(object_id=str(world["a"].pk), action__startswith="index_assessment."))
    assert [e.action for e in actions][-2:] == ["index_assessment.submit", "index_assessment.reopen"]


def test_the_validation_page_lists_claims_by_page(client, cast, framework, world):
    client.force_login(cast.organizer)
    page = client.get(reverse("organizer:index_assessment_validate", args=[world["a"].pk]) + "?tampil=semua")
    content = page.content.decode()
    claims = IndexClaim.objects.filter(assessment=world["a"]).count()
    assert content.count('name="verdict" value="adjusted"') == claims
    assert "Status: Draf" in content
