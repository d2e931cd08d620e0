"""The organizer's award screens: who may use them, forms through the services, bulk certificates
with progress, export."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from inovasi.awards import issuance, services
from inovasi.awards.models import Award, AwardLabel, Ceremony, Certificate, CertificateBatch, CertificateBatchState
from inovasi.awards.tasks import generate_certificates_task


def _url(name, scene, *args):
    return reverse(f"organizer:{name}", args=[scene.edition.pk, *args])


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def desk(client, scene):
    client.force_login(scene.cast.organizer)
    return client


# --- Permissions -----------------------------------------------------------------------------


def test_an_organizer_of_another_body_is_refused_everywhere(client, scene, other_organizer):
    award = scene.award()
    certificate = issuance.issue_certificate(award=award, actor=None)
    client.force_login(other_organizer)
    for name, args in (
        ("award_list", ()),
        ("award_setup", ()),
        ("award_give", ()),
        ("award_import", ()),
        ("award_label_edit", (scene.label.pk,)),
        ("ceremony_edit", (scene.ceremony.pk,)),
        ("certificate_revoke", (certificate.pk,)),
        ("award_export", ("csv",)),
    ):
        assert client.get(_url(name, scene, *args)).status_code == 403, name
    for name, args in (("certificate_generate", (award.pk,)), ("certificate_generate_all", ())):
        assert client.post(_url(name, scene, *args)).status_code == 403, name
    response = client.post(_url("certificate_revoke", scene, certificate.pk), {"reason": "Dicabut oleh orang lain."})
    assert response.status_code == 403
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_an_operator_is_refused_and_an_anonymous_visitor_sent_to_login(client, scene):
    client.force_login(scene.cast.operator_a)
    assert client.get(_url("award_list", scene)).status_code == 403
    client.logout()
    response = client.get(_url("award_list", scene))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_a_system_admin_may_manage_awards(client, scene):
    client.force_login(scene.cast.system_admin)
    assert client.get(_url("award_list", scene)).status_code == 200


# --- Labels and ceremonies ------------------------------------------------------------------


def test_the_organizer_creates_a_label_and_a_ceremony_with_signatories(desk, scene):
    response = desk.post(
        _url("award_label_create", scene),
        {"name": "Top Inovasi Terpuji", "code": "", "kind": "winner", "description": "", "order": 5},
    )
    assert response.status_code == 302
    assert AwardLabel.objects.get(edition=scene.edition, name="Top Inovasi Terpuji").code == "TIT"
    response = desk.post(
        _url("ceremony_create", scene),
        {
            "name": "Pameran Inovasi 2025",
            "held_on": "2025-11-23",
            "place": "Jatim Park 3, Kota Batu",
            "presenter_name": "",
            "presenter_title": "",
            "signatories": "Pejabat Satu | Gubernur\n\nPejabat Dua | Sekretaris Daerah",
            "notes": "",
        },
    )
    assert response.status_code == 302
    ceremony = Ceremony.objects.get(name="Pameran Inovasi 2025")
    assert ceremony.signatories == [
        {"name": "Pejabat Satu", "title": "Gubernur"},
        {"name": "Pejabat Dua", "title": "Sekretaris Daerah"},
    ]
    page = desk.get(_url("award_setup", scene)).content.decode()
    assert "Pejabat Satu (Gubernur); Pejabat Dua (Sekretaris Daerah)" in page and "<code>TIT</code>" in page


def test_a_ceremony_dated_before_the_edition_shows_the_message_on_the_field(desk, scene):
    response = desk.post(
        _url("ceremony_create", scene),
        {"name": "Terlalu awal", "held_on": "2025-01-02", "place": "Surabaya", "signatories": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["held_on"] == ["Tanggal tidak boleh sebelum edisi dimulai (1 Mei 2025)."]
    assert not Ceremony.objects.filter(name="Terlalu awal").exists()


# --- Awards ----------------------------------------------------------------------------------


def test_the_organizer_gives_an_award_to_a_proposal(desk, scene):
    response = desk.post(
        _url("award_give", scene),
        {
            "label": scene.label.pk,
            "proposal": scene.segar.pk,
            "people": "Sutiaji | Wali Kota Malang",
            "awarded_on": "2025-11-15",
            "ceremony": scene.ceremony.pk,
            "rank": 1,
        },
    )
    assert response.status_code == 302
    award = Award.objects.get()
    assert (award.recipient_name, award.government, award.people) == (
        "Segar Kagemi",
        scene.cast.gov_b,
        [{"name": "Sutiaji", "title": "Wali Kota Malang"}],
    )


def test_giving_the_same_award_twice_shows_the_reason_on_the_form(desk, scene):
    scene.award()
    response = desk.post(
        _url("award_give", scene), {"label": scene.label.pk, "proposal": scene.segar.pk, "awarded_on": "2025-11-15"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["proposal"] == ["Segar Kagemi sudah menerima penghargaan “Top 30”."]


def test_the_organizer_imports_a_published_list_and_a_second_import_adds_nothing(desk, scene):
    data = {"stage": scene.stage.pk, "label": "", "ceremony": scene.ceremony.pk}
    response = desk.post(_url("award_import", scene), data, follow=True)
    assert "2 penghargaan “Top 30” dibuat dari Penetapan Top 30; 0 sudah ada." in _messages(response)
    response = desk.post(_url("award_import", scene), data, follow=True)
    assert "0 penghargaan “Top 30” dibuat dari Penetapan Top 30; 2 sudah ada." in _messages(response)
    assert Award.objects.filter(label=scene.label).count() == 2


def test_the_award_list_costs_the_same_queries_for_one_or_three_awards(desk, scene, cast, django_assert_num_queries):
    issuance.issue_certificate(award=scene.award(), actor=None)
    desk.get(_url("award_list", scene))

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert desk.get(_url("award_list", scene)).status_code == 200
        return len(ctx)

    one = count()
    issuance.issue_certificate(award=scene.award(scene.diapers), actor=None)
    special = services.create_label(edition=scene.edition, actor=None, name="Pemda Terinovatif")
    services.give_award(label=special, government=cast.gov_a, awarded_on=date(2025, 11, 15), actor=None)
    assert count() == one
    assert one <= 11  # an absolute ceiling (measured), not only "does not grow"


# --- Certificates ----------------------------------------------------------------------------


def test_one_certificate_is_generated_from_the_list(desk, scene):
    award = scene.award()
    response = desk.post(_url("certificate_generate", scene, award.pk), follow=True)
    assert "Sertifikat KOVABLIK-2025/T30/001 siap." in _messages(response)
    assert "<code>KOVABLIK-2025/T30/001</code>" in response.content.decode()


def test_all_missing_certificates_are_generated_in_the_background_and_again_is_refused(desk, scene):
    services.awards_from_stage_results(scene.stage, scene.label, scene.ceremony, None)
    no_ceremony = services.create_label(edition=scene.edition, actor=None, name="Pemda Terinovatif")
    services.give_award(label=no_ceremony, government=scene.cast.gov_a, awarded_on=date(2025, 11, 15), actor=None)
    response = desk.post(_url("certificate_generate_all", scene), follow=True)
    assert "Pembuatan 3 sertifikat dimulai; kemajuannya tampil di bawah." in _messages(response)
    batch = CertificateBatch.objects.get()
    assert (batch.state, batch.total, batch.done, batch.skipped, batch.issued) == ("done", 3, 3, 1, 2)
    assert batch.requested_by == scene.cast.organizer and batch.finished_at is not None
    assert "Pemerintah Kota Batu (Pemda Terinovatif): Penghargaan “Pemerintah Kota Batu” belum memiliki" in batch.error
    assert Certificate.objects.count() == 2
    content = response.content.decode()
    assert "3 dari 3 penghargaan diproses" in content and "Dibuat: 2; dilewati: 1." in content
    assert 'hx-trigger="every 2s"' not in content  # finished: no more polling

    services.update_award(award=Award.objects.get(label=no_ceremony), actor=None, ceremony=scene.ceremony)
    desk.post(_url("certificate_generate_all", scene))
    assert Certificate.objects.count() == 3
    response = desk.post(_url("certificate_generate_all", scene), follow=True)
    assert "Semua penghargaan edisi ini sudah bersertifikat." in _messages(response)
    assert CertificateBatch.objects.count() == 2


def test_the_task_counts_progress_and_a_running_batch_is_polled_every_two_seconds(desk, scene):
    services.awards_from_stage_results(scene.stage, scene.label, scene.ceremony, None)
    batch = CertificateBatch.objects.create(edition=scene.edition, total=2, requested_by=scene.cast.organizer)
    fragment = desk.get(_url("certificate_batch", scene, batch.pk), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in fragment and "0 dari 2 penghargaan diproses" in fragment
    result = generate_certificates_task.enqueue(batch.pk)
    assert result.return_value == {"state": "done", "done": 2, "skipped": 0, "total": 2}
    batch.refresh_from_db()
    assert [c.serial for c in Certificate.objects.order_by("serial")] == [
        "KOVABLIK-2025/T30/001",
        "KOVABLIK-2025/T30/002",
    ]
    fragment = desk.get(_url("certificate_batch", scene, batch.pk)).content.decode()
    assert 'hx-trigger="every 2s"' not in fragment and "2 dari 2 penghargaan diproses" in fragment
    # A finished batch is never run twice.
    assert generate_certificates_task.enqueue(batch.pk).return_value["done"] == 2
    assert Certificate.objects.count() == 2


def test_a_second_batch_while_one_runs_is_refused(desk, scene):
    scene.award()
    CertificateBatch.objects.create(edition=scene.edition, total=1, state=CertificateBatchState.RUNNING)
    response = desk.post(_url("certificate_generate_all", scene), follow=True)
    assert "Pembuatan sertifikat edisi ini sedang berjalan." in _messages(response)
    assert not Certificate.objects.exists()


def test_the_organizer_revokes_a_certificate_with_a_reason(desk, scene):
    certificate = issuance.issue_certificate(award=scene.award(), actor=None)
    url = _url("certificate_revoke", scene, certificate.pk)
    response = desk.post(url, {"reason": "pendek"})
    assert response.status_code == 200 and "minimal 10 karakter" in response.content.decode()
    # A valid reason first shows what will happen; nothing is revoked until it is confirmed.
    response = desk.post(url, {"reason": "Inovasi ternyata milik daerah lain."})
    page = response.content.decode()
    assert response.status_code == 200 and "Periksa sebelum mencabut sertifikat" in page
    assert "Inovasi ternyata milik daerah lain." in page and 'name="konfirmasi"' in page
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    response = desk.post(url, {"reason": "Inovasi ternyata milik daerah lain.", "konfirmasi": "1"}, follow=True)
    assert "Sertifikat KOVABLIK-2025/T30/001 dicabut." in _messages(response)
    certificate.refresh_from_db()
    assert certificate.revoke_reason == "Inovasi ternyata milik daerah lain."


# --- Export ----------------------------------------------------------------------------------


def test_the_export_lists_awards_with_certificates_and_neutralises_formulas(desk, scene):
    issuance.issue_certificate(award=scene.award(citation="x"), actor=None)
    special = services.create_label(edition=scene.edition, actor=None, name="Pemda Terinovatif")
    services.give_award(
        label=special,
        government=scene.cast.gov_a,
        recipient_name='=HYPERLINK("http://x")',
        awarded_on=date(2025, 11, 15),
        actor=None,
    )
    response = desk.get(_url("award_export", scene, "csv"))
    assert response["Content-Disposition"] == 'attachment; filename="penghargaan-kovablik-2025.csv"'
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][:4] == ["penghargaan", "jenis", "peringkat", "penerima"]
    segar = next(r for r in rows if r[3] == "Segar Kagemi")
    assert segar[6:8] == ["Pemerintah Kota Malang", "35.73"]
    assert segar[13:15] == ["KOVABLIK-2025/T30/001", "sah"]
    assert any(r[3] == '\'=HYPERLINK("http://x")' for r in rows)
    workbook = load_workbook(io.BytesIO(desk.get(_url("award_export", scene, "xlsx")).getvalue()))
    sheet = workbook["Penghargaan"]
    assert sheet.max_row == 3 and sheet["A1"].value == "penghargaan"
    assert desk.get(_url("award_export", scene, "pdf")).status_code == 404


def test_editing_an_award_with_a_certificate_regenerates_its_pdf(desk, scene):
    award = scene.award(people=[{"name": "Sutiaji", "title": "Wali Kota Malang"}])
    certificate = issuance.issue_certificate(award=award, actor=None)
    url = _url("award_edit", scene, award.pk)
    form = desk.get(url).content.decode()
    assert "Sutiaji | Wali Kota Malang</textarea>" in form
    response = desk.post(
        url,
        {
            "recipient_name": "Kantin Segar Kagemi",
            "people": "Sutiaji | Wali Kota Malang",
            "awarded_on": "2025-11-15",
            "ceremony": scene.ceremony.pk,
        },
    )
    assert response.status_code == 302
    old_sha = certificate.sha256
    certificate.refresh_from_db()
    assert certificate.award.recipient_name == "Kantin Segar Kagemi" and certificate.sha256 != old_sha
    assert certificate.serial == "KOVABLIK-2025/T30/001"


def test_deleting_an_award_asks_first_and_refuses_one_with_a_certificate(desk, scene):
    award = scene.award()
    assert "Ya, hapus" in desk.get(_url("award_delete", scene, award.pk)).content.decode()
    issuance.issue_certificate(award=award, actor=None)
    page = desk.get(_url("award_delete", scene, award.pk)).content.decode()
    assert "Ya, hapus" not in page and "Tidak dapat dihapus" in page
    response = desk.post(_url("award_delete", scene, award.pk), follow=True)
    assert "Penghargaan ini sudah bersertifikat; cabut sertifikatnya, jangan dihapus." in _messages(response)
    assert Award.objects.filter(pk=award.pk).exists()


def test_renaming_a_label_and_a_ceremony_goes_through_the_services(desk, scene):
    response = desk.get(_url("award_label_edit", scene, scene.label.pk))
    assert "Ubah penghargaan" in response.content.decode()
    data = {field: getattr(scene.label, field) for field in services.LABEL_FIELDS} | {"name": "Top 30 Inovasi"}
    response = desk.post(_url("award_label_edit", scene, scene.label.pk), data, follow=True)
    assert "Penghargaan “Top 30 Inovasi” disimpan." in _messages(response)
    scene.label.refresh_from_db()
    assert scene.label.name == "Top 30 Inovasi"


def test_a_label_or_ceremony_in_use_is_not_deleted_and_an_unused_one_is(desk, scene):
    scene.award()
    for name, instance in (("award_label_delete", scene.label), ("ceremony_delete", scene.ceremony)):
        page = desk.get(_url(name, scene, instance.pk)).content.decode()
        assert "Tidak dapat dihapus" in page
        desk.post(_url(name, scene, instance.pk))
        assert type(instance).objects.filter(pk=instance.pk).exists()
    spare = services.create_label(edition=scene.edition, actor=scene.cast.organizer, name="Replikasi Terbaik")
    response = desk.post(_url("award_label_delete", scene, spare.pk), follow=True)
    assert "Penghargaan “Replikasi Terbaik” dihapus." in _messages(response)
    assert not AwardLabel.objects.filter(pk=spare.pk).exists()
