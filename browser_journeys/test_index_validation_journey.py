"""Issue 19 journey: Kota Batu's Admin Pemda starts the open round, claims and submits; the
validator assigned to Kota Batu validates in bulk (and by keyboard for the claims without
evidence); the organizer computes, checks and publishes; the public page shows the stored numbers."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from browser_journeys.journey_support import expect_message, log_in, log_out
from conftest import Cast
from inovasi.formats.display import format_number
from inovasi.innovation_index import assessments, rounds, validation
from inovasi.innovation_index.enums import AssessmentStatus, IndicatorScope
from inovasi.innovation_index.models import FrozenRegionBreakdown, IndexAssessment, IndexClaim, RegionIndex
from inovasi.innovation_index.presets import load_preset
from inovasi.innovation_index.tests.conftest import make_innovation


def test_a_round_from_claim_to_published_frozen_result(live_server, reference_data, page, shoot):
    cast = Cast()
    framework = load_preset("iid-2026", body=cast.body)
    now = timezone.now()
    framework = rounds.update_framework(
        framework=framework,
        actor=cast.organizer,
        submission_opens_at=now - timedelta(days=1),
        submission_closes_at=now + timedelta(days=30),
        reporting_year_from=now.year - 1,
        reporting_year_to=now.year,
    )
    make_innovation(cast.agency_a, "Sistem Informasi Petani Apel", year=now.year)
    base, year = live_server.url, framework.year

    # Kota Batu's Admin Pemda starts the round and claims indicator 1 through the form.
    log_in(page, base, "admin.a@uji.test", lands_on="/ruang-kerja/")
    page.goto(f"{base}/ruang-kerja/pemda/{cast.gov_a.pk}/indeks/{year}/")
    page.get_by_role("button", name="Mulai penilaian mandiri").click()
    first = framework.indicators.filter(scope=IndicatorScope.REGION).order_by("number").first()
    page.goto(f"{base}/ruang-kerja/pemda/{cast.gov_a.pk}/indeks/{year}/indikator/{first.number}/")
    page.get_by_label(first.options.get(value=3).label, exact=False).first.check()
    page.get_by_label("atau tautan bukti").fill("https://jdih.batukota.go.id/perda-inovasi.pdf")
    page.get_by_role("button", name="Simpan klaim").click()
    expect_message(page, f"Klaim indikator {first.number} disimpan.")
    # The other mandatory region indicators are claimed the same way (through the service, to keep
    # the journey short), each with an evidence link.
    assessment = IndexAssessment.objects.get(framework=framework, government=cast.gov_a)
    for indicator in framework.indicators.filter(scope=IndicatorScope.REGION).exclude(pk=first.pk):
        assessments.set_claim(
            assessment=assessment,
            indicator=indicator,
            option=indicator.options.get(value=2),
            evidence_url=f"https://jdih.batukota.go.id/bukti-{indicator.number}.pdf",
            actor=cast.admin_a,
        )
    page.reload()
    shoot("klaim-terisi")
    page.get_by_role("button", name="Ajukan untuk validasi").click()
    expect_message(page, "diajukan")
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    log_out(page)

    # The organizer assigns Kota Batu to the verifikator, who validates.
    validation.assign_validators(
        framework=framework, governments=[cast.gov_a], validator=cast.verifier, actor=cast.organizer
    )
    log_in(page, base, "verif@uji.test", lands_on="/")
    page.goto(f"{base}/panitia/indeks/{framework.pk}/validasi/klaim/")
    shoot("antrean-validator")
    page.get_by_role("button", name="Terima semua klaim berbukti di halaman ini").click()
    expect_message(page, "klaim diterima")
    # The registry-prefilled claims carry no evidence: reviewed one by one with the keyboard.
    page.goto(f"{base}/panitia/indeks/{framework.pk}/validasi/klaim/?bukti=tidak")
    while page.locator("a.workbench-open").count():
        page.locator("a.workbench-open").first.click()
        expect(page.locator("#pintasan-klaim")).to_be_visible()
        shoot("tinjau-klaim")
        with page.expect_navigation():
            page.keyboard.press("t")
        page.goto(f"{base}/panitia/indeks/{framework.pk}/validasi/klaim/?bukti=tidak")
    assert not IndexClaim.objects.filter(assessment=assessment, validation="pending").exists()
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.VALIDATED
    log_out(page)

    # The organizer computes, checks and publishes.
    log_in(page, base, "panitia@uji.test", lands_on="/")
    page.goto(f"{base}/panitia/indeks/{framework.pk}/nomine/")
    page.get_by_role("button", name="Hitung ulang").click()
    page.get_by_role("link", name="Periksa lalu umumkan hasil").click()
    expect(page.locator("#penghalang")).to_have_count(0)
    expect(page.locator("#jumlah-dibekukan")).to_have_text("1")
    shoot("periksa-sebelum-umumkan")
    page.get_by_label("Saya sudah memeriksa ringkasan ini").check()
    page.get_by_role("button", name="Umumkan hasil").click()
    expect_message(page, "Hasil diumumkan dan dibekukan.")
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.FINALIZED
    log_out(page)

    # The public page shows the stored (frozen) numbers.
    stored = RegionIndex.objects.get(framework=framework, government=cast.gov_a)
    assert FrozenRegionBreakdown.objects.filter(framework=framework, government=cast.gov_a).exists()
    page.goto(f"{base}/indeks/{year}/wilayah/{cast.gov_a.region.code}/")
    expect(page.locator("#indeks-wilayah")).to_have_text(format_number(stored.iid, 2))
    expect(page.locator("#rumus-indeks")).to_contain_text(f"= {format_number(stored.iid, 2)}.")
    shoot("halaman-publik")
