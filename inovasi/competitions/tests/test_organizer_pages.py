"""The organizer's screens: create from preset, configure, check, shortlist, objections, exports."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from inovasi.competitions import administrative_check, shortlists
from inovasi.competitions.editions import create_edition_from_preset, save_config
from inovasi.competitions.enums import ProposalState as S
from inovasi.competitions.models import Criterion, Edition, FormSection, Objection

from .conftest import enter, make_innovation


def test_the_organizer_creates_kovablik_2025_from_the_preset_on_screen(client, cast, frozen):
    client.force_login(cast.organizer)
    response = client.post(
        reverse("organizer:edition_create"), {"preset": "kovablik-jatim", "body": cast.body.pk, "year": 2025}
    )
    edition = Edition.objects.get()
    assert response["Location"] == reverse("organizer:edition_settings", args=[edition.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Dibuat dari preset kovablik-jatim" in page
    assert "Strategi keberlanjutan" in page
    assert edition.competition.body == cast.body


def test_an_organizer_cannot_create_for_another_body(client, cast, frozen):
    client.force_login(cast.organizer)
    response = client.post(
        reverse("organizer:edition_create"), {"preset": "kipp", "body": cast.other_body.pk, "year": 2025}
    )
    assert response.status_code == 200
    assert "Masukkan pilihan yang valid" in response.content.decode()
    assert not Edition.objects.exists()


def test_a_word_limit_is_edited_as_data(client, cast, kovablik):
    client.force_login(cast.organizer)
    section = kovablik.sections.get(code="ringkasan")
    response = client.post(
        reverse("organizer:config_edit", args=[kovablik.pk, "bagian", section.pk]),
        {
            "code": "ringkasan",
            "title": "Ringkasan",
            "word_limit": 250,
            "char_limit": 2000,
            "prefill_from": "summary",
            "required": "on",
            "order": 1,
        },
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.word_limit, section.char_limit) == (250, 2000)


def test_rubric_weights_not_summing_to_100_are_explained_on_the_page(client, cast, kovablik):
    stage = kovablik.stages.get(label="Top 90")
    client.force_login(cast.organizer)
    data = {"kriteria-TOTAL_FORMS": 2, "kriteria-INITIAL_FORMS": 0}
    for i, (code, weight) in enumerate((("kebaruan", 50), ("efektivitas", 40))):
        data.update(
            {
                f"kriteria-{i}-code": code,
                f"kriteria-{i}-name": code.title(),
                f"kriteria-{i}-weight": weight,
                f"kriteria-{i}-scale_min": 0,
                f"kriteria-{i}-scale_max": 100,
            }
        )
    response = client.post(reverse("organizer:rubric_edit", args=[stage.pk]), data)
    assert "Jumlah bobot kriteria harus 100; sekarang 90." in response.content.decode()
    assert Criterion.objects.filter(stage=stage).count() == 5
    data["kriteria-1-weight"] = 50
    assert client.post(reverse("organizer:rubric_edit", args=[stage.pk]), data).status_code == 302
    assert list(stage.criteria.values_list("code", "weight")) == [("kebaruan", 50), ("efektivitas", 50)]


def test_the_checklist_screen_returns_a_proposal_with_the_reason(client, cast, kovablik):
    proposal = enter(kovablik, make_innovation(cast.agency_a, "Among Tani Crop"), cast.operator_a, cast.admin_a)
    items = list(administrative_check.admin_stage(kovablik).checklist_items.all())
    client.force_login(cast.organizer)
    data = {f"item-{i.pk}": "1" for i in items}
    data[f"item-{items[0].pk}"] = "0"
    data[f"reason-{items[0].pk}"] = "Formulir e-government tidak dilampirkan."
    response = client.post(reverse("organizer:proposal_review", args=[proposal.pk]), data)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == S.RETURNED_BY_CHECK
    client.force_login(cast.operator_a)
    page = client.get(reverse("workspace:proposal_detail", args=[proposal.pk])).content.decode()
    assert "Yang harus diperbaiki" in page
    assert "Formulir e-government tidak dilampirkan." in page


def test_shortlist_objection_and_resolution_through_the_screens(client, cast, kovablik):
    kovablik.is_published = True
    kovablik.save()
    proposal = enter(kovablik, make_innovation(cast.agency_a, "Among Tani Crop"), cast.operator_a, cast.admin_a)
    items = administrative_check.admin_stage(kovablik).checklist_items.all()
    administrative_check.decide_admin_check(
        proposal=proposal, verdicts={i.pk: (True, "") for i in items}, actor=cast.organizer
    )
    stage = kovablik.stages.get(label="Top 90")
    client.force_login(cast.organizer)
    assert (
        client.post(reverse("organizer:stage_shortlist", args=[stage.pk]), {"proposals": [proposal.pk]}).status_code
        == 302
    )
    client.logout()
    public = reverse("public:edition_detail", args=[kovablik.pk])
    page = client.get(public).content.decode()
    assert "Top 90" in page and "Among Tani Crop" in page and "Ajukan sanggahan" in page
    response = client.post(
        public,
        {
            "proposal": proposal.pk,
            "reason": "Aplikasi ini belum dipakai petani sejak setahun lalu, baru diluncurkan.",
            "contact_name": "Warga",
            "contact_email": "warga@contoh.id",
        },
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    client.force_login(cast.organizer)
    page = client.get(reverse("organizer:edition_objections", args=[kovablik.pk])).content.decode()
    assert "warga@contoh.id" in page
    assert "Simpan keputusan" not in page  # the Pemda may still reply
    client.force_login(cast.admin_a)
    reply = "Aplikasi dipakai petani sejak Maret 2021, laporan terlampir."
    client.post(reverse("workspace:objection_reply", args=[objection.pk]), {"reply": reply})
    client.force_login(cast.organizer)
    page = client.get(reverse("organizer:edition_objections", args=[kovablik.pk])).content.decode()
    assert reply in page and "Simpan keputusan" in page
    client.post(
        reverse("organizer:objection_resolve", args=[objection.pk]),
        {"outcome": "rejected", "resolution": "Penerapan sejak 2021 terbukti dari laporan."},
    )
    client.logout()
    page = client.get(public).content.decode()
    assert "Penerapan sejak 2021 terbukti dari laporan." in page
    assert "warga@contoh.id" not in page


def test_exports_list_the_received_proposals_in_csv_and_xlsx(client, cast, kovablik):
    enter(kovablik, make_innovation(cast.agency_a, "Among Tani Crop"), cast.operator_a, cast.admin_a)
    client.force_login(cast.organizer)
    csv_text = client.get(reverse("organizer:edition_export", args=[kovablik.pk, "csv"])).getvalue().decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("ID,Judul,Pemerintah daerah,Kode wilayah")
    assert "Among Tani Crop,Pemerintah Kota Batu,35.79,Dinas Pertanian Kota Batu,Umum,,Diterima panitia" in lines[1]
    response = client.get(reverse("organizer:edition_export", args=[kovablik.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert [c.value for c in sheet[2]][1:4] == ["Among Tani Crop", "Pemerintah Kota Batu", "35.79"]


@pytest.mark.parametrize("who", ["admin_a", "operator_a", "juror", "verifier"])
def test_non_organizers_and_another_bodys_organizer_cannot_manage_the_edition(client, cast, kovablik, who):
    client.force_login(getattr(cast, who))
    for url in (
        reverse("organizer:edition_dashboard", args=[kovablik.pk]),
        reverse("organizer:edition_settings", args=[kovablik.pk]),
        reverse("organizer:edition_proposals", args=[kovablik.pk]),
        reverse("organizer:edition_export", args=[kovablik.pk, "csv"]),
        reverse("organizer:edition_objections", args=[kovablik.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_an_organizer_of_another_body_is_refused_on_every_edition_url(client, cast, kovablik):
    from inovasi.accounts.enums import Role
    from inovasi.accounts.models import Membership, User

    other = User.objects.create_user("panitia.pan@uji.test", "x" * 12, full_name="Panitia PANRB")
    Membership.objects.create(user=other, role=Role.ORGANIZER, organizer_body=cast.other_body)
    section = kovablik.sections.first()
    stage = kovablik.stages.first()
    client.force_login(other)
    for method, url in (
        ("get", reverse("organizer:edition_dashboard", args=[kovablik.pk])),
        ("post", reverse("organizer:edition_settings", args=[kovablik.pk])),
        ("post", reverse("organizer:config_edit", args=[kovablik.pk, "bagian", section.pk])),
        ("post", reverse("organizer:config_delete", args=[kovablik.pk, "bagian", section.pk])),
        ("post", reverse("organizer:rubric_edit", args=[stage.pk])),
        ("post", reverse("organizer:edition_run_checks", args=[kovablik.pk])),
        ("post", reverse("organizer:stage_shortlist", args=[stage.pk])),
    ):
        assert getattr(client, method)(url, {"word_limit": 1}).status_code == 403, url
    assert FormSection.objects.filter(pk=section.pk).exists()


def test_a_config_row_of_another_edition_is_a_404_even_for_its_own_organizer(client, cast, kovablik):
    other = create_edition_from_preset(preset="kipp", body=cast.body, year=2025, actor=cast.organizer)
    foreign = other.sections.first()
    client.force_login(cast.organizer)
    assert client.get(reverse("organizer:config_edit", args=[kovablik.pk, "bagian", foreign.pk])).status_code == 404


def _count(client, user, url):
    client.force_login(user)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def test_the_organizer_proposal_list_costs_the_same_for_1_and_3(client, cast, kovablik):
    enter(kovablik, make_innovation(cast.agency_a, "Inovasi A"), cast.operator_a, cast.admin_a)
    url = reverse("organizer:edition_proposals", args=[kovablik.pk])
    one, page = _count(client, cast.organizer, url)
    assert page.count("Diterima panitia</span>") == 1
    enter(kovablik, make_innovation(cast.unit_a, "Inovasi B"), cast.operator_a, cast.admin_a)
    enter(kovablik, make_innovation(cast.agency_b, "Inovasi C"), cast.operator_b, cast.admin_b)
    three, page = _count(client, cast.organizer, url)
    assert page.count("Diterima panitia</span>") == 3
    assert one == three


def test_the_competition_list_costs_the_same_for_1_and_3_editions(client, cast, kovablik):
    url = reverse("organizer:competition_list")
    one, page = _count(client, cast.organizer, url)
    assert page.count("KOVABLIK Jawa Timur 20") == 1
    for year in (2023, 2024):
        create_edition_from_preset(preset="kovablik-jatim", body=cast.body, year=year, actor=cast.organizer)
    three, page = _count(client, cast.organizer, url)
    assert page.count("KOVABLIK Jawa Timur 20") == 3
    assert one == three


def test_the_objection_list_costs_the_same_for_1_and_3(client, cast, kovablik):
    proposal = enter(kovablik, make_innovation(cast.agency_a, "Among Tani Crop"), cast.operator_a, cast.admin_a)
    items = administrative_check.admin_stage(kovablik).checklist_items.all()
    administrative_check.decide_admin_check(
        proposal=proposal, verdicts={i.pk: (True, "") for i in items}, actor=cast.organizer
    )
    shortlists.publish_shortlist(stage=kovablik.stages.get(label="Top 90"), proposals=[proposal], actor=cast.organizer)
    window = kovablik.stages.get(kind="objection_window")

    def objection(n):
        shortlists.file_objection(
            stage=window,
            proposal=proposal,
            reason="Alasan sanggahan yang cukup panjang " * 2,
            contact_name=f"Warga {n}",
            contact_email=f"w{n}@contoh.id",
        )

    objection(0)
    url = reverse("organizer:edition_objections", args=[kovablik.pk])
    one, page = _count(client, cast.organizer, url)
    assert page.count("Menunggu tanggapan Pemda sampai") == 1
    objection(1)
    objection(2)
    three, page = _count(client, cast.organizer, url)
    assert page.count("Menunggu tanggapan Pemda sampai") == 3
    assert one == three


def test_every_setup_screen_renders_for_the_organizer(client, cast, kovablik):
    client.force_login(cast.organizer)
    stage = kovablik.stages.get(label="Top 90")
    pages = {
        reverse("organizer:competition_list"): "KOVABLIK Jawa Timur 2025",
        reverse("organizer:edition_create"): "KIPP — Kompetisi Inovasi Pelayanan Publik (KemenPAN-RB)",
        reverse("organizer:competition_create"): "Kompetisi baru",
        reverse("organizer:edition_dashboard", args=[kovablik.pk]): "Presentasi dan wawancara Top 90",
        reverse("organizer:edition_settings", args=[kovablik.pk]): "per pemerintah kabupaten/kota",
        reverse("organizer:rubric_edit", args=[stage.pk]): "Kemudahan replikasi",
        reverse(
            "organizer:stage_shortlist", args=[stage.pk]
        ): "Tidak ada proposal yang masih bertahan untuk tahap ini.",
        reverse("organizer:edition_objections", args=[kovablik.pk]): "Belum ada sanggahan.",
    }
    for kind in ("kelompok", "kategori", "kuota", "bagian", "lampiran", "tahap", "butir", "undangan"):
        pages[reverse("organizer:config_create", args=[kovablik.pk, kind])] = "Simpan"
    for url, expected in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert expected in response.content.decode(), url


def test_a_stage_with_an_invalid_window_or_quota_is_refused_on_the_form(client, cast, kovablik):
    client.force_login(cast.organizer)
    response = client.post(
        reverse("organizer:config_create", args=[kovablik.pk, "tahap"]),
        {
            "order": 10,
            "kind": "presentation",
            "name": "Presentasi tambahan",
            "opens_at": "2025-08-10T09:00",
            "closes_at": "2025-08-01T09:00",
            "quotas_target": ["group:umum"],
            "quotas_count": [""],
        },
    )
    page = response.content.decode()
    assert "Waktu ditutup harus sesudah waktu dibuka." in page
    assert "Baris 1: isi jumlah proposal untuk “Umum”." in page
    assert not kovablik.stages.filter(name="Presentasi tambahan").exists()


def test_the_organizer_edits_scope_and_timeline_on_the_settings_form(client, cast, kovablik):
    from inovasi.audit.models import AuditEvent
    from inovasi.organisations.models import Government
    from inovasi.regions.models import Region

    client.force_login(cast.organizer)
    semarang = Government.objects.get(region__code="33.74")
    response = client.post(
        reverse("organizer:edition_settings", args=[kovablik.pk]),
        {
            "name": "KOVABLIK Jawa Timur 2025",
            "year": 2025,
            "scope_region": Region.objects.get(code="35").pk,
            "extra_governments": [semarang.pk],
            "agency_kinds": ["dinas", "bumd"],
            "min_years_implemented": 2,
            "registration_opens_at": "2025-05-01T00:00",
            "registration_closes_at": "2025-07-15T12:00",
            "is_published": "on",  # no longer on this form: announcing is its own checked step
        },
    )
    assert response.status_code == 302
    kovablik.refresh_from_db()
    assert kovablik.agency_kinds == ["dinas", "bumd"]
    assert list(kovablik.extra_governments.all()) == [semarang]
    assert (kovablik.min_years_implemented, kovablik.is_published) == (2, False)
    assert kovablik.registration_closes_at.isoformat() == "2025-07-15T05:00:00+00:00"
    event = AuditEvent.objects.filter(action="edition.update").get()
    assert event.before["min_years_implemented"] == 1 and event.after["min_years_implemented"] == 2
    assert (event.before["extra_governments"], event.after["extra_governments"]) == ([], [semarang.pk])
    assert "year" not in event.after  # only the changed fields are recorded


def test_a_deadline_before_the_opening_is_refused_on_the_settings_form(client, cast, kovablik):
    client.force_login(cast.organizer)
    response = client.post(
        reverse("organizer:edition_settings", args=[kovablik.pk]),
        {
            "name": "KOVABLIK Jawa Timur 2025",
            "year": 2025,
            "min_years_implemented": 1,
            "registration_opens_at": "2025-05-01T00:00",
            "registration_closes_at": "2025-04-01T00:00",
        },
    )
    assert "Batas akhir harus sesudah pendaftaran dibuka." in response.content.decode()
    kovablik.refresh_from_db()
    assert kovablik.scope_region.code == "35"


def test_the_settings_page_costs_the_same_for_1_and_3_categories(client, cast, kovablik):
    from inovasi.competitions.models import EditionCategory

    EditionCategory.objects.create(edition=kovablik, code="k0", name="Kategori 0")
    url = reverse("organizer:edition_settings", args=[kovablik.pk])
    one, page = _count(client, cast.organizer, url)
    assert page.count("Kategori ") >= 1
    for n in (1, 2):
        EditionCategory.objects.create(edition=kovablik, code=f"k{n}", name=f"Kategori {n}")
    three, page = _count(client, cast.organizer, url)
    assert all(f"Kategori {n}" in page for n in range(3))
    assert one == three


def _passed(kovablik, cast, agency, name, op, admin):
    proposal = enter(kovablik, make_innovation(agency, name), op, admin)
    items = administrative_check.admin_stage(kovablik).checklist_items.all()
    administrative_check.decide_admin_check(
        proposal=proposal, verdicts={i.pk: (True, "") for i in items}, actor=cast.organizer
    )
    return proposal


def test_the_shortlist_and_dashboard_pages_cost_the_same_for_1_and_3_proposals(client, cast, kovablik):
    _passed(kovablik, cast, cast.agency_a, "Inovasi A", cast.operator_a, cast.admin_a)
    shortlist_url = reverse("organizer:stage_shortlist", args=[kovablik.stages.get(label="Top 90").pk])
    dashboard_url = reverse("organizer:edition_dashboard", args=[kovablik.pk])
    one_list, page = _count(client, cast.organizer, shortlist_url)
    assert page.count('name="proposals"') == 1
    one_dash, page = _count(client, cast.organizer, dashboard_url)
    assert "Pemerintah Kota Batu" in page
    _passed(kovablik, cast, cast.unit_a, "Inovasi B", cast.operator_a, cast.admin_a)
    _passed(kovablik, cast, cast.agency_b, "Inovasi C", cast.operator_b, cast.admin_b)
    three_list, page = _count(client, cast.organizer, shortlist_url)
    assert page.count('name="proposals"') == 3
    three_dash, page = _count(client, cast.organizer, dashboard_url)
    assert "Pemerintah Kota Malang" in page
    assert (one_list, one_dash) == (three_list, three_dash)


def test_the_bulk_automatic_check_button_returns_failing_proposals(client, cast, kovablik):
    first = enter(kovablik, make_innovation(cast.agency_a, "Kantin Sehat"), cast.operator_a, cast.admin_a)
    enter(kovablik, make_innovation(cast.agency_b, "Kantin Sehat"), cast.operator_b, cast.admin_b)
    client.force_login(cast.organizer)
    response = client.post(reverse("organizer:edition_run_checks", args=[kovablik.pk]), follow=True)
    assert "Pemeriksaan otomatis dijalankan." in response.content.decode()
    first.refresh_from_db()
    assert first.state == S.RETURNED_BY_CHECK
    assert first.check_failures[0]["rule"] == "duplicate_title"


def test_the_stage_window_rule_is_the_models_so_the_service_refuses_it_too(cast, kovablik):
    stage = kovablik.stages.order_by("order").first()
    stage.opens_at = datetime(2025, 8, 10, 2, 0, tzinfo=UTC)
    stage.closes_at = stage.opens_at - timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        save_config(instance=stage, actor=cast.organizer)
    assert caught.value.message_dict == {"closes_at": ["Waktu ditutup harus sesudah waktu dibuka."]}
