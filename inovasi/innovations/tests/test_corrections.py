"""Corrections to a published record (issue #17): proposed, decided by the Admin Pemda, audited,
applied without leaving the catalog, shown on the record; every open one ends in a final state."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inovasi.accounts.enums import Role
from inovasi.accounts.models import Membership
from inovasi.audit.models import AuditEvent
from inovasi.innovations import corrections, services
from inovasi.innovations.enums import CorrectableField as F
from inovasi.innovations.enums import CorrectionState as C
from inovasi.innovations.enums import InnovationStatus as S
from inovasi.innovations.models import Innovation, InnovationCorrection
from inovasi.innovations.tests.builders import make_innovation
from inovasi.outbox.models import OutgoingMail
from inovasi.search.models import SearchDocument
from tests_support.personas import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(cast):
    """A published record with a typo in its name and no start date (as the demo and imported records)."""
    innovation = make_innovation(cast, status=S.PUBLISHED, name="Among Tani Corp")
    Innovation.objects.filter(pk=innovation.pk).update(started_on=None)
    innovation.refresh_from_db()
    return innovation


def _propose(cast, innovation, field=F.NAME, value="Among Tani Crop", actor=None):
    return corrections.propose_correction(
        innovation=innovation, field=field, new_value=value, reason="Salah ketik.", actor=actor or cast.operator_a
    )


def test_an_approved_correction_changes_the_published_record_audits_it_and_reindexes_it(cast, published):
    correction = _propose(cast, published)
    assert (correction.state, correction.old_value) == (C.PROPOSED, "Among Tani Corp")
    assert correction.new_value == "Among Tani Crop"
    corrections.approve_correction(correction=correction, actor=cast.admin_a)
    published.refresh_from_db()
    correction.refresh_from_db()
    assert published.name == "Among Tani Crop" and published.status == S.PUBLISHED
    assert (correction.state, correction.decided_by) == (C.APPROVED, cast.admin_a)
    assert correction.decided_at is not None
    applied = AuditEvent.objects.get(action="innovation.correct")
    assert (applied.before, applied.after["name"], applied.after["correction"]) == (
        {"name": "Among Tani Corp"},
        "Among Tani Crop",
        correction.pk,
    )
    assert AuditEvent.objects.filter(action="innovation_correction.approve").exists()
    assert SearchDocument.objects.get(innovation=published).sort_name.lower().startswith("among tani crop")
    asked = OutgoingMail.objects.get(to=cast.admin_a.email, subject__startswith="Koreksi")
    assert asked.subject == "Koreksi menunggu keputusan: Among Tani Corp" and "Among Tani Crop" in asked.body
    told = OutgoingMail.objects.get(to=cast.operator_a.email, subject__startswith="Koreksi disetujui")
    assert "Among Tani Crop" in told.body


def test_a_missing_start_date_is_filled_by_a_correction_and_a_year_alone_is_kept_as_a_year(cast, published):
    correction = _propose(cast, published, F.STARTED_ON, "01-03-2021")
    assert correction.new_value == "2021-03-01"
    corrections.approve_correction(correction=correction, actor=cast.admin_a)
    published.refresh_from_db()
    assert (published.started_on, published.started_year_only) == (date(2021, 3, 1), False)
    assert SearchDocument.objects.get(innovation=published).started_on == date(2021, 3, 1)
    again = _propose(cast, published, F.STARTED_ON, "2020")
    corrections.approve_correction(correction=again, actor=cast.admin_a)
    published.refresh_from_db()
    assert (published.started_on, published.started_year_only) == (date(2020, 1, 1), True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("status", "draft", "Pilih data yang dapat dikoreksi."),
        (F.NAME, "   ", "Nama inovasi wajib diisi."),
        (F.NAME, "Among Tani Corp", "Nilai baru sama dengan nilai saat ini."),
        (F.NAME, "x" * 201, "Paling banyak 200 karakter; isian ini 201."),
        (F.STARTED_ON, "", "Tanggal mulai penerapan wajib diisi."),
        (F.STARTED_ON, "kemarin", "Tulis tanggal sebagai HH-BB-TTTT (misalnya 01-03-2021), atau tahunnya saja (2021)."),
        (F.STARTED_ON, "31-02-2021", "Tanggal 31-02-2021 tidak ada di kalender."),
        (F.STARTED_ON, "01-01-2999", "Tanggal mulai tidak boleh sebelum 1900 atau setelah hari ini."),
        (F.STARTED_ON, "1850", "Tahun mulai harus antara 1900"),
    ],
)
def test_bad_values_are_refused_in_indonesian_and_nothing_is_saved(cast, published, field, value, message):
    with pytest.raises(ValidationError) as caught:
        _propose(cast, published, field, value)
    assert caught.value.messages[0].startswith(message)
    assert not InnovationCorrection.objects.exists()


def test_only_a_published_record_takes_corrections_and_one_open_per_field(cast, published):
    draft = make_innovation(cast, name="Draf")
    with pytest.raises(ValidationError, match="hanya untuk inovasi yang sudah terbit"):
        _propose(cast, draft)
    _propose(cast, published)
    with pytest.raises(ValidationError, match="sudah diajukan dan menunggu keputusan"):
        _propose(cast, published, value="Among Tani Crops")
    with pytest.raises(ValidationError, match="Alasan koreksi wajib diisi"):
        corrections.propose_correction(
            innovation=published, field=F.STARTED_ON, new_value="2021", reason=" ", actor=cast.operator_a
        )


def test_the_proposer_does_not_decide_unless_the_only_admin_pemda(cast, published):
    own = _propose(cast, published, actor=cast.admin_a)
    assert corrections.may_decide(cast.admin_a, own)  # the only Admin Pemda of Kota Batu
    second = make_user("admin.a2@uji.test", Role.PEMDA_ADMIN, "government", cast.gov_a)
    assert not corrections.may_decide(cast.admin_a, own)
    with pytest.raises(ValidationError, match="diputuskan oleh Admin Pemda lain"):
        corrections.approve_correction(correction=own, actor=cast.admin_a)
    assert not corrections.may_decide(cast.operator_a, own) and not corrections.may_decide(cast.admin_b, own)
    Membership.objects.filter(user=second).update(is_active=False)
    corrections.approve_correction(correction=own, actor=cast.admin_a)
    event = AuditEvent.objects.get(action="innovation_correction.approve")
    assert event.after["self_approved"] is True


def test_reject_needs_a_note_withdraw_is_the_proposers_and_both_are_final(cast, published):
    correction = _propose(cast, published)
    with pytest.raises(ValidationError, match="Alasan penolakan wajib diisi"):
        corrections.reject_correction(correction=correction, actor=cast.admin_a, note="")
    corrections.reject_correction(correction=correction, actor=cast.admin_a, note="Nama sudah benar menurut SK.")
    published.refresh_from_db()
    assert published.name == "Among Tani Corp"
    with pytest.raises(ValidationError) as caught:
        corrections.approve_correction(correction=correction, actor=cast.admin_a)
    assert caught.value.code == "illegal_transition"
    other = _propose(cast, published, F.STARTED_ON, "2021")
    with pytest.raises(ValidationError, match="Hanya pengusul"):
        corrections.withdraw_correction(correction=other, actor=cast.admin_a)
    corrections.withdraw_correction(correction=other, actor=cast.operator_a)
    other.refresh_from_db()
    assert other.state == C.WITHDRAWN


def test_a_correction_of_a_value_changed_since_is_refused_as_stale(cast, published):
    first = _propose(cast, published)
    corrections.approve_correction(correction=first, actor=cast.admin_a)
    second = InnovationCorrection.objects.create(  # proposed against the old value, before the first was decided
        innovation=published, field=F.NAME, old_value="Among Tani Corp", new_value="Among Tani", reason="x"
    )
    with pytest.raises(ValidationError) as caught:
        corrections.approve_correction(correction=second, actor=cast.admin_a)
    assert caught.value.code == "stale" and "sudah berubah sejak koreksi diajukan" in caught.value.messages[0]


def test_an_open_correction_ends_when_the_record_is_reopened_for_revision(cast, published):
    correction = _propose(cast, published)
    services.return_innovation(innovation=published, actor=cast.admin_a, reason="Narasi perlu ditulis ulang.")
    correction.refresh_from_db()
    assert correction.state == C.WITHDRAWN
    assert "Ditutup otomatis" in correction.decision_note
    assert "Dikembalikan untuk diperbaiki" in correction.decision_note


# --- Pages ---------------------------------------------------------------------------------------


def test_the_operator_proposes_through_a_check_page_and_the_admin_approves_from_the_list(client, cast, published):
    client.force_login(cast.operator_a)
    detail = client.get(reverse("workspace:innovation_detail", args=[published.pk])).content.decode()
    url = reverse("workspace:correction_propose", args=[published.pk])
    assert url in detail and "Ajukan koreksi" in detail
    data = {"field": "started_on", "new_value": "01-03-2021", "reason": "Tercantum di SK Wali Kota."}
    check = client.post(url, data).content.decode()
    assert "Periksa koreksi sebelum mengajukan" in check and "1 Maret 2021" in check
    assert "Data berubah setelah pengajuan" in check  # the start date is read by eligibility
    assert not InnovationCorrection.objects.exists()  # the check page saves nothing
    done = client.post(url, {**data, "konfirmasi": "1"})
    assert done.status_code == 302
    correction = InnovationCorrection.objects.get()
    bad = client.post(url, {"field": "started_on", "new_value": "31-02-2021", "reason": "x"})
    assert bad.status_code == 200 and "tidak ada di kalender" in bad.content.decode()

    client.force_login(cast.admin_a)
    home = client.get(reverse("workspace:dashboard")).content.decode()
    assert "1 koreksi menunggu keputusan" in home
    listing = client.get(reverse("workspace:correction_list")).content.decode()
    approve = reverse("workspace:correction_approve", args=[correction.pk])
    assert approve in listing
    assert "Setujui dan terapkan" in client.get(approve).content.decode()
    client.post(approve, {"konfirmasi": "1"})
    published.refresh_from_db()
    assert published.started_on == date(2021, 3, 1) and published.status == S.PUBLISHED
    again = client.get(approve).content.decode()
    assert "sudah berstatus" in again and "Setujui dan terapkan" not in again

    client.logout()
    public = client.get(reverse("public:innovation_detail", args=[published.pk])).content.decode()
    assert "Dikoreksi pada" in public and "Mulai diterapkan" in public


def test_the_admin_rejects_with_a_reason_and_other_regions_are_refused(client, cast, published):
    correction = _propose(cast, published)
    reject = reverse("workspace:correction_reject", args=[correction.pk])
    client.force_login(cast.admin_b)
    assert client.get(reject).status_code == 403
    assert client.get(reverse("workspace:correction_propose", args=[published.pk])).status_code == 403
    client.force_login(cast.operator_a)
    assert client.get(reject).status_code == 403  # an operator does not decide
    client.force_login(cast.admin_a)
    empty = client.post(reject, {"reason": ""})
    assert empty.status_code == 200 and empty.context["form"].errors["reason"]
    assert client.post(reject, {"reason": "Nama sudah sesuai SK."}).status_code == 302
    correction.refresh_from_db()
    assert correction.state == C.REJECTED and correction.decision_note == "Nama sudah sesuai SK."


def test_the_proposer_withdraws_from_the_record_page(client, cast, published):
    correction = _propose(cast, published)
    client.force_login(cast.operator_a)
    page = client.get(reverse("workspace:innovation_detail", args=[published.pk])).content.decode()
    withdraw = reverse("workspace:correction_withdraw", args=[correction.pk])
    assert withdraw in page
    client.post(withdraw)
    correction.refresh_from_db()
    assert correction.state == C.WITHDRAWN
    client.post(withdraw)  # twice: a clear message, no error page
    assert correction.state == C.WITHDRAWN
