"""Claims, evidence, the window, validation and the stored computation."""

import hashlib
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from inovasi.audit.models import AuditEvent
from inovasi.innovation_index import reports, services
from inovasi.innovation_index.enums import ClaimValidation, Predicate, RegistrySource
from inovasi.innovation_index.models import IndexClaim, IndexIndicator, RegionIndex
from inovasi.innovation_index.tests.conftest import AFTER_WINDOW, BASIC, make_innovation
from inovasi.innovations.enums import EvidenceKind, InnovationStatus
from inovasi.innovations.models import Evidence, Replication

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def indicator(framework, number):
    return IndexIndicator.objects.get(framework=framework, number=number)


def option(framework, number, value):
    return indicator(framework, number).options.get(value=value)


@pytest.fixture
def assessment(framework, cast, in_window):
    return services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a)


def claim(assessment, framework, number, value, innovation=None, **kw):
    return services.set_claim(
        assessment=assessment,
        indicator=indicator(framework, number),
        option=option(framework, number, value),
        innovation=innovation,
        actor=kw.pop("actor", None),
        **kw,
    )


def test_starting_prefills_replication_video_and_digital_from_the_registry(framework, cast, in_window):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop", digital=True)
    for name in ("Kota Malang", "Kab. Malang", "Kab. Pasuruan"):
        Replication.objects.create(
            innovation=innovation, adopter_kind="government", adopter_name=name, evidence_kind="pks"
        )
    Evidence.objects.create(innovation=innovation, kind=EvidenceKind.VIDEO, title="Video", url="https://video.test/a")
    make_innovation(cast.agency_a, "Draf", status=InnovationStatus.DRAFT)
    make_innovation(cast.agency_a, "Lama", year=2020)
    assessment = services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a)
    prefilled = {
        (c.indicator.number, c.claimed_value, c.prefilled_from)
        for c in IndexClaim.objects.filter(assessment=assessment).select_related("indicator")
    }
    assert prefilled == {
        (19, 3, RegistrySource.DIGITAL),
        (31, 3, RegistrySource.REPLICATIONS),
        (35, 3, RegistrySource.VIDEO),
    }
    assert AuditEvent.objects.get(action="index_assessment.start").actor == cast.admin_a


def test_a_pdf_evidence_is_stored_with_its_sha256(assessment, framework, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    saved = claim(assessment, framework, 1, 3, evidence_file=SimpleUploadedFile("rpjmd.pdf", PDF), actor=cast.admin_a)
    assert (saved.evidence_content_type, saved.evidence_size) == ("application/pdf", len(PDF))
    assert saved.evidence_sha256 == hashlib.sha256(PDF).hexdigest()
    assert (tmp_path / saved.evidence_file.name).read_bytes() == PDF


def test_evidence_of_the_wrong_type_is_refused_by_its_content(assessment, framework, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("laporan.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError) as error:
        claim(assessment, framework, 1, 3, evidence_file=fake, actor=cast.admin_a)
    assert error.value.message_dict["evidence_file"] == [
        "Berkas bukti harus berupa PDF, JPEG atau PNG; isi berkas ini bukan salah satunya."
    ]
    assert not IndexClaim.objects.filter(assessment=assessment).exists()


def test_a_parameter_of_another_indicator_is_refused(assessment, framework, cast):
    with pytest.raises(ValidationError) as error:
        services.set_claim(
            assessment=assessment, indicator=indicator(framework, 1), option=option(framework, 2, 3), actor=cast.admin_a
        )
    assert error.value.message_dict["option"] == ["Parameter ini tidak tersedia untuk indikator 1."]


def test_a_claim_after_the_window_is_refused(assessment, framework, cast):
    with time_machine.travel(AFTER_WINDOW, tick=False), pytest.raises(ValidationError) as error:
        claim(assessment, framework, 1, 3, actor=cast.admin_a)
    assert error.value.messages == [
        "Masa pengisian Indeks Inovasi Daerah 2026 sudah ditutup pada 31 Agustus 2026 23.59 WIB; "
        "klaim tidak dapat diubah lagi."
    ]


def test_an_innovation_of_another_pemda_cannot_be_claimed(assessment, framework, cast):
    theirs = make_innovation(cast.agency_b, "Rumah Diapers")
    with pytest.raises(ValidationError) as error:
        claim(assessment, framework, 16, 3, innovation=theirs, actor=cast.admin_a)
    assert error.value.messages == ["Inovasi ini tidak termasuk inovasi yang dilaporkan pada periode penilaian."]


def test_validation_keeps_both_values_and_changing_evidence_resets_it(assessment, framework, cast):
    saved = claim(assessment, framework, 1, 3, evidence_url="https://bukti.test/rpjmd", actor=cast.admin_a)
    services.validate_claim(
        claim=saved,
        verdict=ClaimValidation.ADJUSTED,
        option=option(framework, 1, 2),
        reason="Hanya misi.",
        actor=cast.organizer,
    )
    saved.refresh_from_db()
    assert (saved.claimed_value, saved.validated_value, saved.validation) == (3, 2, ClaimValidation.ADJUSTED)
    claim(assessment, framework, 1, 3, evidence_url="https://bukti.test/rpjmd-baru", actor=cast.admin_a)
    saved.refresh_from_db()
    assert (saved.validation, saved.validated_value, saved.validation_reason) == (ClaimValidation.PENDING, None, "")
    actions = list(
        AuditEvent.objects.filter(object_type="innovation_index.indexclaim").values_list("action", flat=True)
    )
    assert actions == ["index_claim.set", "index_claim.validate", "index_claim.set"]


def test_rejecting_without_a_reason_is_refused(assessment, framework, cast):
    saved = claim(assessment, framework, 1, 3, actor=cast.admin_a)
    with pytest.raises(ValidationError) as error:
        services.validate_claim(claim=saved, verdict=ClaimValidation.REJECTED, actor=cast.organizer)
    assert error.value.message_dict["reason"] == ["Tuliskan alasan penyesuaian atau penolakan."]


def _full_innovation(assessment, framework, innovation, value, actor):
    for number in (16, 17, 32, 33, 35):
        claim(assessment, framework, number, value, innovation=innovation, actor=actor)


def test_the_stored_index_matches_the_hand_computation(assessment, framework, cast):
    # Region: indicator 1 (w1) at 3 and indicator 2 (w2) at 3 → 9 claimed; validated 1×3 + 2×2 = 7.
    a = claim(assessment, framework, 1, 3, actor=cast.admin_a)
    b = claim(assessment, framework, 2, 3, actor=cast.admin_a)
    services.validate_claim(claim=a, verdict=ClaimValidation.ACCEPTED, actor=cast.organizer)
    services.validate_claim(
        claim=b,
        verdict=ClaimValidation.ADJUSTED,
        option=option(framework, 2, 2),
        reason="Terlambat.",
        actor=cast.organizer,
    )
    # Two innovations with the five mandatory indicators (weights 3+2+2+3+4 = 14): at 3 → 42, at 2 → 28.
    one = make_innovation(cast.agency_a, "Among Tani Crop", affairs=BASIC)
    two = make_innovation(cast.agency_a, "Bangga E-Lokal", affairs=["3.27"])
    _full_innovation(assessment, framework, one, 3, cast.admin_a)
    _full_innovation(assessment, framework, two, 2, cast.admin_a)
    for c in IndexClaim.objects.filter(assessment=assessment, innovation__isnull=False):
        services.validate_claim(claim=c, verdict=ClaimValidation.ACCEPTED, actor=cast.organizer)
    services.compute_framework(framework=framework, actor=cast.organizer)
    row = RegionIndex.objects.get(framework=framework, government=cast.gov_a)
    # Claimed: (9 + 70/14 + 2×0.38) / 250 × 100 = (9 + 5 + 0.76) / 2.5 = 5.904 → 5.90
    # Validated: (7 + 5 + 0.76) / 2.5 = 5.104 → 5.10
    assert (row.spd_claimed, row.iid_claimed) == (D("9"), D("5.90"))
    assert (row.spd, row.sid, row.count_score, row.iid) == (D("7"), D("5"), D("0.76"), D("5.10"))
    assert (row.predicate, row.rank, row.is_nominee, row.cluster) == (Predicate.KURANG_INOVATIF, 1, True, "kota")
    assert (row.innovations_counted, row.basic_affairs_covered) == (2, 6)


def test_a_rejected_mandatory_claim_drops_the_innovation_from_the_validated_index(assessment, framework, cast):
    one = make_innovation(cast.agency_a, "Among Tani Crop", affairs=BASIC)
    _full_innovation(assessment, framework, one, 3, cast.admin_a)
    for c in IndexClaim.objects.filter(assessment=assessment).select_related("indicator"):
        verdict = ClaimValidation.REJECTED if c.indicator.number == 35 else ClaimValidation.ACCEPTED
        services.validate_claim(claim=c, verdict=verdict, reason="Video tidak dapat dibuka.", actor=cast.organizer)
    services.compute_framework(framework=framework, actor=cast.organizer)
    row = RegionIndex.objects.get(framework=framework, government=cast.gov_a)
    # Claimed: (42/14 + 0.38) / 2.5 = 1.352 → 1.35; validated: nothing counted → 0, Tidak Dapat Dinilai.
    assert (row.iid_claimed, row.iid, row.predicate) == (D("1.35"), D("0.00"), Predicate.TIDAK_DAPAT_DINILAI)
    assert (row.innovations_reported, row.innovations_counted, row.is_nominee) == (1, 0, False)


def test_recomputing_one_region_reranks_its_cluster(assessment, framework, cast, in_window):
    other = services.start_assessment(framework=framework, government=cast.gov_b, actor=cast.admin_b)
    services.validate_claim(
        claim=claim(other, framework, 2, 3, actor=cast.admin_b), verdict="accepted", actor=cast.organizer
    )
    services.validate_claim(
        claim=claim(assessment, framework, 1, 3, actor=cast.admin_a), verdict="accepted", actor=cast.organizer
    )
    services.compute_framework(framework=framework, actor=cast.organizer)
    ranks = dict(RegionIndex.objects.filter(framework=framework).values_list("government_id", "rank"))
    assert ranks == {cast.gov_b.pk: 1, cast.gov_a.pk: 2}
    services.validate_claim(
        claim=claim(assessment, framework, 12, 3, actor=cast.admin_a), verdict="accepted", actor=cast.organizer
    )
    services.recompute_government(framework=framework, government=cast.gov_a)
    ranks = dict(RegionIndex.objects.filter(framework=framework).values_list("government_id", "rank"))
    assert ranks == {cast.gov_a.pk: 1, cast.gov_b.pk: 2}


def test_the_number_of_nominees_per_cluster_is_data(assessment, framework, cast, in_window):
    other = services.start_assessment(framework=framework, government=cast.gov_b, actor=cast.admin_b)
    services.validate_claim(
        claim=claim(other, framework, 2, 3, actor=cast.admin_b), verdict="accepted", actor=cast.organizer
    )
    services.validate_claim(
        claim=claim(assessment, framework, 1, 3, actor=cast.admin_a), verdict="accepted", actor=cast.organizer
    )
    services.update_framework(framework=framework, actor=cast.organizer, nominees_per_cluster=1)
    framework.refresh_from_db()
    services.compute_framework(framework=framework, actor=cast.organizer)
    assert [r.government for r in reports.nominees(framework, "kota")] == [cast.gov_b]


def test_an_innovation_archived_after_its_claims_no_longer_counts(assessment, framework, cast):
    one = make_innovation(cast.agency_a, "Among Tani Crop", affairs=BASIC)
    _full_innovation(assessment, framework, one, 3, cast.admin_a)
    services.compute_framework(framework=framework, actor=cast.organizer)
    assert RegionIndex.objects.get(government=cast.gov_a).iid_claimed == D("1.35")
    one.status = InnovationStatus.ARCHIVED
    one.save()
    services.recompute_government(framework=framework, government=cast.gov_a)
    row = RegionIndex.objects.get(government=cast.gov_a)
    assert (row.iid_claimed, row.innovations_reported) == (D("0.00"), 0)
