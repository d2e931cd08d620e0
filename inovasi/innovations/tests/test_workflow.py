import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inovasi.accounts.enums import Role
from inovasi.audit.models import AuditEvent
from inovasi.innovations import services
from inovasi.innovations.enums import InnovationStatus as S
from inovasi.innovations.models import GovernmentAffair, Innovation
from inovasi.innovations.tests.builders import COMPLETE, make_innovation
from tests_support.personas import make_user

ALL_STATUSES = list(S)
LEGAL = {(a, b) for a, targets in services.ALLOWED_TRANSITIONS.items() for b in targets}


def test_the_transition_table_is_exactly_the_documented_workflow():
    assert {
        (S.DRAFT, S.SUBMITTED),
        (S.RETURNED, S.SUBMITTED),
        (S.SUBMITTED, S.PUBLISHED),
        (S.SUBMITTED, S.RETURNED),
        (S.PUBLISHED, S.ARCHIVED),
        (S.PUBLISHED, S.RETURNED),
        (S.ARCHIVED, S.PUBLISHED),
    } == LEGAL


def _at(cast, status) -> Innovation:
    return make_innovation(cast, status=status)


@pytest.mark.parametrize(("current", "target"), sorted(LEGAL))
def test_every_allowed_transition_moves_the_status_and_is_audited(cast, current, target):
    innovation = _at(cast, current)
    events_before = AuditEvent.objects.count()
    services.transition(innovation=innovation, to=target, actor=cast.admin_a, reason="Alasan yang jelas.")
    innovation.refresh_from_db()
    assert innovation.status == target
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == events_before + 1
    assert (event.action, event.before, event.after) == (
        "innovation.transition",
        {"status": current},
        {"status": target, "reason": "Alasan yang jelas."},
    )


@pytest.mark.parametrize(
    ("current", "target"),
    sorted((a, b) for a in ALL_STATUSES for b in ALL_STATUSES if (a, b) not in LEGAL),
)
def test_every_other_move_is_refused_with_a_clear_error_and_writes_nothing(cast, current, target):
    innovation = _at(cast, current)
    events_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.transition(innovation=innovation, to=target, actor=cast.admin_a, reason="x")
    assert caught.value.messages == [
        f"Inovasi berstatus “{S(current).label}” tidak dapat diubah menjadi “{S(target).label}”."
    ]
    innovation.refresh_from_db()
    assert innovation.status == current
    assert AuditEvent.objects.count() == events_before


@pytest.mark.parametrize("status", [S.SUBMITTED, S.PUBLISHED])
def test_returning_and_archiving_need_a_reason(cast, status):
    innovation = _at(cast, status)
    verb = services.return_innovation if status == S.SUBMITTED else services.archive_innovation
    with pytest.raises(ValidationError) as caught:
        verb(innovation=innovation, actor=cast.admin_a, reason="   ")
    assert caught.value.message_dict == {"reason": ["Alasan wajib diisi."]}
    innovation.refresh_from_db()
    assert innovation.status == status


def test_a_returned_innovation_keeps_the_reason_and_can_be_submitted_again(cast):
    innovation = _at(cast, S.RETURNED)
    assert (innovation.status, innovation.status_reason) == (S.RETURNED, "Lengkapi data hasil.")
    services.submit_innovation(innovation=innovation, actor=cast.operator_a)
    innovation.refresh_from_db()
    assert (innovation.status, innovation.status_reason) == (S.SUBMITTED, "")


def test_publishing_stamps_the_time_and_restoring_keeps_it(cast):
    innovation = _at(cast, S.ARCHIVED)
    published_at = innovation.published_at
    assert published_at is not None
    services.restore_innovation(innovation=innovation, actor=cast.admin_a)
    innovation.refresh_from_db()
    assert (innovation.status, innovation.published_at) == (S.PUBLISHED, published_at)


def test_restore_refuses_anything_but_an_archived_innovation(cast):
    innovation = _at(cast, S.SUBMITTED)
    with pytest.raises(ValidationError) as caught:
        services.restore_innovation(innovation=innovation, actor=cast.admin_a)
    assert caught.value.messages == ["Inovasi berstatus “Diajukan ke Admin Pemda” tidak dapat diubah menjadi “Terbit”."]
    innovation.refresh_from_db()
    assert innovation.status == S.SUBMITTED


def test_an_incomplete_draft_lists_every_missing_item_in_indonesian(cast):
    innovation = services.create_innovation(agency=cast.agency_a, actor=cast.operator_a, name="Bangga E-Lokal")
    with pytest.raises(ValidationError) as caught:
        services.submit_innovation(innovation=innovation, actor=cast.operator_a)
    assert caught.value.messages == [
        "Inisiator belum dipilih.",
        "Bentuk inovasi belum dipilih.",
        "Jenis inovasi (digital/non-digital) belum dipilih.",
        "Tahapan inovasi belum dipilih.",
        "Pilih sedikitnya satu urusan pemerintahan.",
        "Tanggal mulai diterapkan belum diisi.",
        "Ringkasan belum diisi.",
    ]
    innovation.refresh_from_db()
    assert innovation.status == S.DRAFT


def test_a_running_innovation_needs_evidence_an_initiative_does_not(cast):
    running = make_innovation(cast)
    with pytest.raises(ValidationError) as caught:
        services.submit_innovation(innovation=running, actor=cast.operator_a)
    assert caught.value.messages == ["Belum ada bukti."]
    initiative = make_innovation(cast, name="Gagasan Baru", stage="inisiatif")
    services.submit_innovation(innovation=initiative, actor=cast.operator_a)
    initiative.refresh_from_db()
    assert initiative.status == S.SUBMITTED


def test_evidence_can_be_added_while_the_record_waits_but_not_after_publication(cast):
    innovation = _at(cast, S.SUBMITTED)
    services.add_evidence_link(innovation=innovation, actor=cast.operator_a, title="Foto", url="https://youtu.be/x")
    assert innovation.evidence.count() == 2
    services.publish_innovation(innovation=innovation, actor=cast.admin_a)
    with pytest.raises(ValidationError):
        services.add_evidence_link(innovation=innovation, actor=cast.operator_a, title="Lagi", url="https://youtu.be/y")


def test_a_blank_summary_counts_as_missing(cast):
    innovation = make_innovation(cast, summary="   \n ", evidence=True)
    with pytest.raises(ValidationError) as caught:
        services.submit_innovation(innovation=innovation, actor=cast.operator_a)
    assert caught.value.messages == ["Ringkasan belum diisi."]


def test_submitting_mails_the_admin_pemda_of_that_government_only(cast, mailoutbox, django_capture_on_commit_callbacks):
    innovation = make_innovation(cast, evidence=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_innovation(innovation=innovation, actor=cast.operator_a)
    assert [m.to for m in mailoutbox] == [["admin.a@uji.test"]]
    assert mailoutbox[0].subject == "Inovasi diajukan: Among Tani Crop"
    assert f"/ruang-kerja/inovasi/{innovation.pk}/" in mailoutbox[0].body
    assert "Dinas Pertanian Kota Batu" in mailoutbox[0].body


def test_publishing_mails_the_agency_operators_and_the_creator(cast, mailoutbox, django_capture_on_commit_callbacks):
    colleague = make_user("op.a2@uji.test", Role.OPERATOR, "agency", cast.agency_a)
    innovation = services.create_innovation(
        agency=cast.agency_a,
        actor=cast.admin_a,
        name="Bangga E-Lokal",
        **COMPLETE,
        affairs=[GovernmentAffair.objects.get(code="2.09")],
    )
    services.add_evidence_link(innovation=innovation, actor=colleague, title="Video", url="https://youtu.be/abc")
    services.submit_innovation(innovation=innovation, actor=colleague)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_innovation(innovation=innovation, actor=cast.admin_a)
    assert sorted(m.to[0] for m in mailoutbox) == ["admin.a@uji.test", "op.a2@uji.test", "op.a@uji.test"]
    assert {m.subject for m in mailoutbox} == {"Inovasi diterbitkan: Bangga E-Lokal"}


def test_returning_mails_the_operators_with_the_reason(cast, mailoutbox, django_capture_on_commit_callbacks):
    innovation = _at(cast, S.SUBMITTED)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.return_innovation(innovation=innovation, actor=cast.admin_a, reason="Tambahkan data petani.")
    assert [m.to for m in mailoutbox] == [["op.a@uji.test"]]
    assert mailoutbox[0].subject == "Inovasi dikembalikan: Among Tani Crop"
    assert "Tambahkan data petani." in mailoutbox[0].body


def test_no_mail_leaves_when_the_transition_is_refused(cast, mailoutbox, django_capture_on_commit_callbacks):
    innovation = _at(cast, S.DRAFT)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.return_innovation(innovation=innovation, actor=cast.admin_a, reason="x")
    assert mailoutbox == []


def test_admin_pemda_reopens_a_published_innovation_for_revision_with_a_reason(client, cast):
    innovation = make_innovation(cast, status=S.PUBLISHED)
    url = reverse("workspace:innovation_reopen", args=[innovation.pk])
    client.force_login(cast.operator_a)
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(cast.admin_b)
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(cast.admin_a)
    response = client.post(url, {"reason": ""})
    assert Innovation.objects.get(pk=innovation.pk).status == S.PUBLISHED
    response = client.post(url, {"reason": "Angka hasil 2024 keliru"})
    assert response.status_code == 302
    innovation.refresh_from_db()
    assert (innovation.status, innovation.status_reason) == (S.RETURNED, "Angka hasil 2024 keliru")
    assert AuditEvent.objects.filter(action="innovation.transition").last().after["status"] == "returned"
