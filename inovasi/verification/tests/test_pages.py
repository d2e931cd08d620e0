"""The organizer's and the verifier's screens: who gets in, what they show, what they refuse."""

import csv
import hashlib
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from inovasi.verification import reports, services
from inovasi.verification.enums import VisitState
from inovasi.verification.models import Visit, VisitMember
from inovasi.verification.tests.builders import PDF_BYTES, image_bytes, photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(world):
    """A visit of Among Tani Crop by the cast's verifier (lead) with one photo, and outsiders."""
    world.visit = world.plan()
    world.data = image_bytes(offset="+07:00")
    (world.photo,) = reports.add_photos(
        visit=world.visit, actor=world.verifier, files=[photo("lahan.jpg", world.data)], caption="Lahan"
    )
    world.visit.refresh_from_db()
    return world


def _user(desk, persona):
    return getattr(desk, persona) if hasattr(desk, persona) else getattr(desk.cast, persona)


def _organizer_urls(desk):
    stage, visit = desk.stage.pk, desk.visit.pk
    return [
        reverse("organizer:verification_home"),
        reverse("organizer:verification_stage", args=[stage]),
        reverse("organizer:verification_plan", args=[stage]),
        reverse("organizer:verification_policy", args=[stage]),
        reverse("organizer:verification_export", args=[stage]),
        reverse("organizer:verification_visit", args=[visit]),
        reverse("organizer:verification_visit_edit", args=[visit]),
        reverse("organizer:verification_photo", args=[desk.photo.pk]),
    ]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("organizer", [200] * 8),
        ("system_admin", [200] * 8),
        ("stranger_organizer", [200] + [403] * 7),  # the home page lists only its own stages
        ("verifier", [403] * 8),
        ("juror", [403] * 8),
        ("operator_a", [403] * 8),
        ("admin_a", [403] * 8),
    ],
)
def test_only_the_editions_organizer_reaches_the_verification_desk(client, desk, persona, expected):
    client.force_login(_user(desk, persona))
    assert [client.get(url).status_code for url in _organizer_urls(desk)] == expected


def test_the_home_page_of_another_bodys_organizer_lists_nothing_of_ours(client, desk):
    client.force_login(desk.stranger_organizer)
    page = client.get(reverse("organizer:verification_home")).content.decode()
    assert desk.edition.name not in page


def _jury_urls(desk):
    return [
        reverse("jury:visit_form", args=[desk.visit.pk]),
        reverse("jury:visit_photo", args=[desk.photo.pk]),
    ]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("verifier", [200, 200]),
        ("second_verifier", [200, 200]),
        ("stranger_verifier", [403, 403]),
        ("organizer", [403, 403]),
        ("juror", [403, 403]),
        ("operator_a", [403, 403]),
        ("system_admin", [403, 403]),
    ],
)
def test_only_team_members_open_the_visit_and_its_photos(client, desk, persona, expected):
    client.force_login(_user(desk, persona))
    assert [client.get(url).status_code for url in _jury_urls(desk)] == expected


def test_a_verifier_of_the_same_body_not_on_the_team_is_refused(client, desk):
    outsider = desk.second_verifier
    VisitMember.objects.filter(user=outsider).delete()
    client.force_login(outsider)
    assert [client.get(url).status_code for url in _jury_urls(desk)] == [403, 403]
    assert client.get(reverse("jury:visit_list")).status_code == 200
    assert "Among Tani Crop" not in client.get(reverse("jury:visit_list")).content.decode()


def test_posts_of_outsiders_change_nothing(client, desk):
    client.force_login(desk.cast.juror)
    url = reverse("jury:visit_form", args=[desk.visit.pk])
    assert client.post(url, {"version": 1, "reasons": "Menimpa"}).status_code == 403
    assert client.post(reverse("jury:visit_photo_add", args=[desk.visit.pk]), {}).status_code == 403
    client.force_login(desk.stranger_organizer)
    accept = reverse("organizer:verification_visit_accept", args=[desk.visit.pk])
    assert client.post(accept).status_code == 403
    desk.visit.refresh_from_db()
    assert (desk.visit.version, desk.visit.reasons, desk.visit.state) == (1, "", VisitState.PLANNED)


def test_my_visits_lists_the_verifiers_visits_and_refuses_jurors_and_pemda(client, desk):
    client.force_login(desk.verifier)
    page = client.get(reverse("jury:visit_list")).content.decode()
    assert reverse("jury:visit_form", args=[desk.visit.pk]) in page
    assert "Selasa, 10 Juni 2025" in page
    for persona in ("juror", "operator_a", "admin_b"):
        client.force_login(getattr(desk.cast, persona))
        assert client.get(reverse("jury:visit_list")).status_code == 403


def test_my_visits_costs_the_same_queries_for_one_or_three_visits(client, desk):
    client.force_login(desk.verifier)
    url = reverse("jury:visit_list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    desk.plan(desk.proposal("Dua"))
    desk.plan(desk.proposal("Tiga"))
    with CaptureQueriesContext(connection) as three:
        page = client.get(url).content.decode()
    assert page.count('class="list-group-item list-group-item-action py-3"') == 3
    assert len(one) == len(three)
    assert len(one) <= 7  # an absolute ceiling (measured), not only "does not grow"


def test_the_stage_desk_costs_the_same_queries_for_one_or_three_visits(client, desk):
    client.force_login(desk.cast.organizer)
    url = reverse("organizer:verification_stage", args=[desk.stage.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    desk.plan(desk.proposal("Dua"))
    desk.plan(desk.proposal("Tiga"))
    with CaptureQueriesContext(connection) as three:
        page = client.get(url).content.decode()
    assert page.count("/panitia/verifikasi/kunjungan/") == 3
    assert len(one) == len(three)
    assert len(one) <= 15  # an absolute ceiling (measured), not only "does not grow"


# --- The phone form -----------------------------------------------------------------------------


def test_the_visit_form_is_mobile_first_loads_the_draft_script_and_has_no_inline_script(client, desk):
    client.force_login(desk.verifier)
    page = client.get(reverse("jury:visit_form", args=[desk.visit.pk])).content.decode()
    assert 'name="viewport"' in page
    assert f'data-visit-id="{desk.visit.pk}" data-version="1"' in page
    assert "/static/inovasi/visit-draft.js" in page
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
    assert re.findall(r"\son[a-z]+=", page) == []
    for item in desk.items:
        assert item.text in page
    assert "CV Rose Asterina, Kota Batu" in page
    assert 'href="tel:+62812-0000-0000"' in page


def _report_post(desk, **extra):
    data = {"version": desk.visit.version, "beneficiaries_met": "2", "reasons": "", "action": "draft"}
    for item in desk.items:
        data[f"met_{item.pk}"] = "yes"
        data[f"note_{item.pk}"] = ""
    data.update(extra)
    return data


def test_saving_a_draft_redirects_and_tells_the_script_to_clear_the_local_copy(client, desk):
    client.force_login(desk.verifier)
    url = reverse("jury:visit_form", args=[desk.visit.pk])
    response = client.post(url, _report_post(desk, reasons="Dua petani ditemui."))
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'data-version="2" data-saved="true"' in page
    assert "Draf laporan disimpan." in page
    assert 'data-saved="true"' not in client.get(url).content.decode()


def test_a_stale_save_keeps_the_colleagues_report_and_offers_the_local_copy(client, desk):
    reports.save_report(
        visit=Visit.objects.get(pk=desk.visit.pk),
        actor=desk.second_verifier,
        version=1,
        findings=desk.findings(),
        reasons="Versi anggota kedua.",
    )
    client.force_login(desk.verifier)
    response = client.post(reverse("jury:visit_form", args=[desk.visit.pk]), _report_post(desk, reasons="Versi saya."))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Laporan ini sudah diubah oleh verif.dua" in page
    assert "Versi anggota kedua." in page
    assert 'data-version="2"' in page
    assert 'id="draft-older"' in page
    desk.visit.refresh_from_db()
    assert desk.visit.reasons == "Versi anggota kedua."


def test_submitting_an_incomplete_report_shows_every_reason_and_keeps_the_input(client, desk):
    client.force_login(desk.verifier)
    url = reverse("jury:visit_form", args=[desk.visit.pk])
    data = _report_post(desk, action="submit", reasons="Baik", beneficiaries_met="dua")
    page = client.post(url, data).content.decode()
    assert "Jumlah penerima manfaat harus bilangan bulat 0 atau lebih." in page
    assert 'value="dua"' in page
    desk.visit.refresh_from_db()
    assert (desk.visit.state, desk.visit.version) == (VisitState.PLANNED, 1)


def test_a_full_report_is_submitted_from_the_phone_form(client, desk):
    client.force_login(desk.verifier)
    url = reverse("jury:visit_form", args=[desk.visit.pk])
    data = _report_post(desk, action="submit", recommendation="confirm", reasons="Aplikasi dipakai petani setempat.")
    assert client.post(url, data).status_code == 302
    desk.visit.refresh_from_db()
    assert desk.visit.state == VisitState.SUBMITTED
    page = client.get(url).content.decode()
    assert "Laporan sudah dikirim" in page
    assert 'id="visit-report"' not in page


def test_uploading_a_pdf_renamed_jpg_is_refused_on_the_page_and_nothing_is_stored(client, desk):
    client.force_login(desk.verifier)
    url = reverse("jury:visit_photo_add", args=[desk.visit.pk])
    response = client.post(url, {"photos": [photo("bukti.jpg", PDF_BYTES)]}, follow=True)
    assert "“bukti.jpg” bukan foto JPEG, PNG atau WebP." in response.content.decode()
    assert desk.visit.photos.count() == 1


def test_uploading_several_photos_at_once(client, desk):
    client.force_login(desk.verifier)
    url = reverse("jury:visit_photo_add", args=[desk.visit.pk])
    files = [photo("a.jpg"), photo("b.png", image_bytes("PNG"), "image/png")]
    response = client.post(url, {"photos": files, "caption": "Petani"}, follow=True)
    assert "2 foto diunggah." in response.content.decode()
    assert sorted(desk.visit.photos.values_list("content_type", flat=True)) == ["image/jpeg"] * 2 + ["image/png"]


def test_a_team_member_deletes_a_photo(client, desk):
    client.force_login(desk.verifier)
    url = reverse("jury:visit_photo_delete", args=[desk.visit.pk, desk.photo.pk])
    assert client.post(url).status_code == 302
    assert desk.visit.photos.count() == 0


# --- Photos and the organizer's report ----------------------------------------------------------


def test_photos_are_served_with_safe_headers_small_inline_and_original_as_attachment(client, desk):
    client.force_login(desk.verifier)
    small = client.get(reverse("jury:visit_photo", args=[desk.photo.pk]))
    assert small["Content-Type"] == "image/jpeg"
    assert small["X-Content-Type-Options"] == "nosniff"
    assert small["Content-Security-Policy"] == "default-src 'none'; sandbox; frame-ancestors 'self'"
    assert small["Cache-Control"] == "private, no-store"
    assert "attachment" not in small.get("Content-Disposition", "")
    with Image.open(io.BytesIO(b"".join(small.streaming_content))) as image:
        assert dict(image.getexif()) == {}
    client.force_login(desk.cast.organizer)
    original = client.get(reverse("organizer:verification_photo", args=[desk.photo.pk]) + "?asli=1")
    assert original["Content-Disposition"] == 'attachment; filename="lahan.jpg"'
    body = b"".join(original.streaming_content)
    assert hashlib.sha256(body).hexdigest() == desk.photo.sha256 == hashlib.sha256(desk.data).hexdigest()


def test_the_organizers_report_shows_exif_time_place_and_hash(client, desk):
    client.force_login(desk.cast.organizer)
    page = client.get(reverse("organizer:verification_visit", args=[desk.visit.pk])).content.decode()
    assert "10 Juni 2025 09:30 WIB" in page
    assert "-7,8671, 112,5239" in page
    assert desk.photo.sha256 in page
    assert "samsung Galaxy A54" in page
    assert "Ubah rencana" in page


def test_the_organizer_accepts_a_submitted_report_from_its_page(client, desk):
    visit = reports.save_report(
        visit=desk.visit,
        actor=desk.verifier,
        version=1,
        findings=desk.findings(),
        beneficiaries_met=2,
        recommendation="confirm",
        reasons="Dua petani ditemui di lahan.",
        submit=True,
    )
    client.force_login(desk.cast.organizer)
    page = client.get(reverse("organizer:verification_visit", args=[visit.pk])).content.decode()
    assert "Terima laporan" in page
    response = client.post(reverse("organizer:verification_visit_accept", args=[visit.pk]), follow=True)
    assert "Laporan diterima dan dihitung dalam hasil tahap." in response.content.decode()
    stage_page = client.get(reverse("organizer:verification_stage", args=[desk.stage.pk])).content.decode()
    assert "Lolos verifikasi (final): 1" in stage_page


def test_planning_from_the_page_refuses_a_second_lead_and_stores_nothing(client, desk):
    proposal = desk.proposal("Bangga E-Lokal")
    client.force_login(desk.cast.organizer)
    url = reverse("organizer:verification_plan", args=[desk.stage.pk])
    data = {
        "proposal": proposal.pk,
        "visit_date": "2025-06-11",
        "address": "Kaliwatu Rafting, Kota Batu",
        f"role_{desk.verifier.pk}": "ketua",
        f"role_{desk.second_verifier.pk}": "ketua",
    }
    page = client.post(url, data).content.decode()
    assert "Tim hanya boleh punya satu ketua; dipilih 2: verif, verif.dua." in page
    assert Visit.objects.filter(proposal=proposal).count() == 0
    data[f"role_{desk.second_verifier.pk}"] = "anggota"
    assert client.post(url, data).status_code == 302
    assert Visit.objects.get(proposal=proposal).members.get(is_lead=True).user == desk.verifier


def test_the_plan_form_refuses_a_date_outside_the_window(client, desk):
    proposal = desk.proposal("Bangga E-Lokal")
    client.force_login(desk.cast.organizer)
    data = {
        "proposal": proposal.pk,
        "visit_date": "2025-08-17",
        "address": "Kaliwatu Rafting",
        f"role_{desk.verifier.pk}": "ketua",
    }
    page = client.post(reverse("organizer:verification_plan", args=[desk.stage.pk]), data).content.decode()
    assert "Tanggal kunjungan 17 Agustus 2025 di luar jadwal tahap (1 Juni 2025 – 30 Juni 2025)." in page


def test_the_policy_page_saves_a_weighted_policy(client, desk):
    client.force_login(desk.cast.organizer)
    url = reverse("organizer:verification_policy", args=[desk.stage.pk])
    assert client.post(url, {"policy": "weighted", "weight": "0"}).status_code == 200
    assert client.post(url, {"policy": "weighted", "weight": "15,5"}).status_code == 302
    plan = services.plan_for(desk.stage)
    assert (plan.policy, str(plan.weight)) == ("weighted", "15.50")


def test_the_csv_export_lists_visits_and_outcomes_and_neutralises_formulas(client, desk):
    services.update_plan(
        visit=desk.visit,
        actor=desk.cast.organizer,
        visit_date=desk.visit.visit_date,
        address='=HYPERLINK("http://contoh")',
        latitude="",
        longitude="",
        contact_name="",
        contact_phone="",
        team=[(desk.verifier, True)],
    )
    desk.proposal("Belum Dikunjungi")
    client.force_login(desk.cast.organizer)
    response = client.get(reverse("organizer:verification_export", args=[desk.stage.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    header = rows[0]
    assert header[:6] == [
        "ID proposal",
        "Proposal",
        "Pemerintah daerah",
        "Perangkat daerah",
        "ID kunjungan",
        "Status kunjungan",
    ]
    by_title = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(by_title) == {"Among Tani Crop", "Belum Dikunjungi"}
    visited = by_title["Among Tani Crop"]
    assert visited["Alamat"] == '\'=HYPERLINK("http://contoh")'
    assert (visited["Ketua tim"], visited["Jumlah foto"], visited["Status hasil"]) == (
        "verif",
        "1",
        "Kunjungan belum dilaporkan",
    )
    assert by_title["Belum Dikunjungi"]["Status kunjungan"] == "Belum direncanakan"


def test_the_edit_form_shows_the_saved_plan_and_the_team_roles(client, desk):
    client.force_login(desk.cast.organizer)
    page = client.get(reverse("organizer:verification_visit_edit", args=[desk.visit.pk])).content.decode()
    assert 'value="2025-06-10"' in page
    assert 'value="-7,867100"' in page
    assert '<option value="ketua" selected>Ketua</option>' in page.split(f'name="role_{desk.verifier.pk}"')[1]
    desk.proposal("Bangga E-Lokal")
    plan_page = client.get(reverse("organizer:verification_plan", args=[desk.stage.pk])).content.decode()
    assert "Bangga E-Lokal — Pemerintah Kota Batu" in plan_page
    assert "Among Tani Crop —" not in plan_page


def test_the_verifiers_home_lists_waiting_visits_with_a_fixed_query_count(client, desk):
    client.force_login(desk.verifier)
    url = reverse("jury:dashboard")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        page = client.get(url).content.decode()
    assert "Perlu tindakan Anda: 1 kunjungan menunggu" in page
    assert reverse("jury:visit_form", args=[desk.visit.pk]) in page
    assert "Belum ada proposal yang ditugaskan" not in page
    desk.plan(desk.proposal("Dua"))
    desk.plan(desk.proposal("Tiga"))
    with CaptureQueriesContext(connection) as three:
        page = client.get(url).content.decode()
    assert "Perlu tindakan Anda: 3 kunjungan menunggu" in page
    assert len(one) == len(three) <= 25
