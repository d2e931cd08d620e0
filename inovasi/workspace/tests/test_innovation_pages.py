import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inovasi.audit.models import AuditEvent
from inovasi.innovations.enums import InnovationStatus as S
from inovasi.innovations.models import GovernmentAffair, Innovation, InnovationPerson, Result
from inovasi.innovations.tests.builders import make_innovation


def test_an_operator_saves_a_draft_with_only_a_name(client, cast):
    client.force_login(cast.operator_a)
    response = client.post(
        reverse("workspace:innovation_create"), {"agency": cast.agency_a.pk, "name": "Bangga E-Lokal"}
    )
    innovation = Innovation.objects.get()
    assert response.status_code == 302
    # After saving, the task list (the record's page), not the form again.
    assert response["Location"] == reverse("workspace:innovation_detail", args=[innovation.pk])
    assert (innovation.name, innovation.agency, innovation.status, innovation.created_by) == (
        "Bangga E-Lokal",
        cast.agency_a,
        S.DRAFT,
        cast.operator_a,
    )


def test_a_draft_without_name_is_explained_in_indonesian_and_nothing_is_written(client, cast):
    client.force_login(cast.operator_a)
    response = client.post(reverse("workspace:innovation_create"), {"agency": cast.agency_a.pk, "name": ""})
    assert response.status_code == 200
    assert "Bidang ini tidak boleh kosong." in response.content.decode()
    assert not Innovation.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_operator_cannot_create_under_another_regions_agency(client, cast):
    client.force_login(cast.operator_a)
    response = client.post(reverse("workspace:innovation_create"), {"agency": cast.agency_b.pk, "name": "Titipan"})
    assert response.status_code == 200
    assert "Masukkan pilihan yang valid. Pilihan tersebut bukan salah satu" in response.content.decode()
    assert not Innovation.objects.exists()


def test_the_edit_form_shows_word_counts_and_guides_and_loads_the_word_count_script(client, cast):
    innovation = make_innovation(cast, summary="Petani memesan benih lewat aplikasi")
    client.force_login(cast.operator_a)
    content = client.get(reverse("workspace:innovation_edit", args=[innovation.pk])).content.decode()
    assert 'data-word-limit="200"' in content
    assert 'data-word-limit="600"' in content
    assert content.count("data-word-count-output=") == 8
    assert "5 / 200 kata" in content
    assert "inovasi/word-count.js" in content
    assert "<script>" not in content.split("inovasi/word-count.js")[0].split("</main>")[-1]


def test_the_edit_form_saves_narrative_and_affairs(client, cast):
    innovation = make_innovation(cast)
    client.force_login(cast.operator_a)
    health = GovernmentAffair.objects.get(code="1.02")
    response = client.post(
        reverse("workspace:innovation_edit", args=[innovation.pk]),
        {
            "agency": cast.agency_a.pk,
            "name": "Among Tani Crop",
            "affairs": [health.pk],
            "sdgs": [],
            "background": "Harga benih tidak menentu.",
            "initiator_kind": "asn",
        },
    )
    assert response.status_code == 302
    innovation.refresh_from_db()
    assert (innovation.background, innovation.initiator_kind, list(innovation.affairs.all())) == (
        "Harga benih tidak menentu.",
        "asn",
        [health],
    )
    assert AuditEvent.objects.order_by("-id").first().after["background"] == "Harga benih tidak menentu."


def test_the_similar_innovations_placeholder_is_guarded(client, cast):
    from django.urls import NoReverseMatch

    innovation = make_innovation(cast)
    client.force_login(cast.operator_a)
    content = client.get(reverse("workspace:innovation_edit", args=[innovation.pk])).content.decode()
    try:
        url = reverse("public:similar_innovations")
    except NoReverseMatch:
        assert "hx-get" not in content
        assert "inovasi serupa dari daerah lain akan tampil" in content
    else:
        assert f'hx-get="{url}?innovation={innovation.pk}"' in content


def test_submit_from_the_detail_page_lists_what_is_missing(client, cast):
    client.force_login(cast.operator_a)
    innovation = Innovation.objects.create(agency=cast.agency_a, name="Setengah jadi", year=2025)
    response = client.post(reverse("workspace:innovation_submit", args=[innovation.pk]), follow=True)
    content = response.content.decode()
    assert "Belum dapat diajukan:" in content
    assert "Ringkasan belum diisi." in content
    assert "Pilih sedikitnya satu urusan pemerintahan." in content
    innovation.refresh_from_db()
    assert innovation.status == S.DRAFT


def test_the_whole_workflow_through_the_pages(client, cast, django_capture_on_commit_callbacks):
    innovation = make_innovation(cast, evidence=True)
    client.force_login(cast.operator_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workspace:innovation_submit", args=[innovation.pk]))
    assert [m.to for m in mail.outbox] == [["admin.a@uji.test"]]
    client.force_login(cast.admin_a)
    queue = client.get(reverse("workspace:innovation_review_queue")).content.decode()
    assert "Among Tani Crop" in queue
    response = client.post(reverse("workspace:innovation_return", args=[innovation.pk]), {"reason": ""})
    assert "Bidang ini tidak boleh kosong." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workspace:innovation_return", args=[innovation.pk]), {"reason": "Tambah data hasil."})
    innovation.refresh_from_db()
    assert (innovation.status, innovation.status_reason) == (S.RETURNED, "Tambah data hasil.")
    assert mail.outbox[-1].to == ["op.a@uji.test"]
    client.force_login(cast.operator_a)
    detail = client.get(reverse("workspace:innovation_detail", args=[innovation.pk])).content.decode()
    assert "Tambah data hasil." in detail
    client.post(reverse("workspace:innovation_submit", args=[innovation.pk]))
    client.force_login(cast.admin_a)
    client.post(reverse("workspace:innovation_publish", args=[innovation.pk]))
    innovation.refresh_from_db()
    assert innovation.status == S.PUBLISHED
    client.post(reverse("workspace:innovation_archive", args=[innovation.pk]), {"reason": "Sudah tidak berjalan."})
    innovation.refresh_from_db()
    assert (innovation.status, innovation.status_reason) == (S.ARCHIVED, "Sudah tidak berjalan.")
    client.post(reverse("workspace:innovation_restore", args=[innovation.pk]))
    innovation.refresh_from_db()
    assert innovation.status == S.PUBLISHED
    history = client.get(reverse("workspace:innovation_detail", args=[innovation.pk])).content.decode()
    assert history.index("Sudah tidak berjalan.") < history.index("Tambah data hasil.")  # newest first


def test_a_new_year_from_the_page_keeps_last_years_version(client, cast):
    innovation = make_innovation(cast, year=2024)
    client.force_login(cast.operator_a)
    response = client.post(reverse("workspace:innovation_new_year", args=[innovation.pk]), {"year": 2024})
    assert "Tahun baru harus setelah tahun data saat ini (2024)." in response.content.decode()
    client.post(reverse("workspace:innovation_new_year", args=[innovation.pk]), {"year": 2025})
    innovation.refresh_from_db()
    assert innovation.year == 2025
    assert list(innovation.versions.values_list("year", flat=True)) == [2024]
    detail = client.get(reverse("workspace:innovation_detail", args=[innovation.pk])).content.decode()
    assert "Tahun 2024 (disimpan" in detail


def test_people_and_results_through_the_small_forms(client, cast):
    innovation = make_innovation(cast)
    client.force_login(cast.operator_a)
    client.post(
        reverse("workspace:part_add", args=[innovation.pk, "orang"]),
        {"name": "Anita Resky DS", "role": "Pelaksana Sanitarian", "is_initiator": "on"},
    )
    person = InnovationPerson.objects.get()
    assert (person.name, person.is_initiator) == ("Anita Resky DS", True)
    response = client.post(
        reverse("workspace:part_add", args=[innovation.pk, "hasil"]),
        {"metric": "Nilai transaksi", "value": "109,6", "unit": "miliar Rp", "year": "2024"},
    )
    assert response.status_code == 302
    assert str(Result.objects.get().value) == "109.60"
    response = client.post(
        reverse("workspace:part_add", args=[innovation.pk, "hasil"]),
        {"metric": "", "value": "banyak", "unit": "", "year": ""},
    )
    assert response.status_code == 200
    assert "Bidang ini tidak boleh kosong." in response.content.decode()
    assert Result.objects.count() == 1
    client.post(reverse("workspace:part_edit", args=["orang", person.pk]), {"name": "Anita Resky", "role": ""})
    person.refresh_from_db()
    assert (person.name, person.is_initiator) == ("Anita Resky", False)
    client.post(reverse("workspace:part_delete", args=["orang", person.pk]))
    assert not InnovationPerson.objects.exists()
    assert client.get(reverse("workspace:part_add", args=[innovation.pk, "rahasia"])).status_code == 404


def test_a_replication_by_another_pemda_through_the_form(client, cast):
    innovation = make_innovation(cast, status=S.PUBLISHED)
    client.force_login(cast.operator_a)
    response = client.post(
        reverse("workspace:replication_add", args=[innovation.pk]),
        {"adopter_kind": "government", "adopter_government": cast.gov_a.name, "evidence_kind": "pks"},
    )
    assert response.status_code == 200
    assert "Pemda tidak dapat mereplikasi inovasinya sendiri." in response.content.decode()
    response = client.post(
        reverse("workspace:replication_add", args=[innovation.pk]),
        {"adopter_kind": "government", "adopter_government": "Kota Atlantis", "evidence_kind": "pks"},
    )
    assert response.status_code == 200
    assert "“Kota Atlantis” bukan nama pemerintah daerah yang dikenal" in response.content.decode()
    # Typed as suggested, in any case and spacing, with the year.
    response = client.post(
        reverse("workspace:replication_add", args=[innovation.pk]),
        {
            "adopter_kind": "government",
            "adopter_government": "  pemerintah KOTA   malang ",
            "year": "2024",
            "evidence_kind": "pks",
        },
    )
    assert response.status_code == 302
    replication = innovation.replications.get()
    assert (replication.adopter_name, replication.adopter_region.code, replication.year) == (
        "Pemerintah Kota Malang",
        "35.73",
        2024,
    )


def test_the_replication_form_suggests_other_pemda_and_takes_a_named_partner(client, cast):
    innovation = make_innovation(cast, status=S.PUBLISHED)
    client.force_login(cast.operator_a)
    url = reverse("workspace:replication_add", args=[innovation.pk])
    page = client.get(url).content.decode()
    assert 'list="id_adopter_government_pilihan"' in page
    suggestions = page[page.index('<datalist id="id_adopter_government_pilihan">') :]
    suggestions = suggestions[: suggestions.index("</datalist>")]
    assert '<option value="Pemerintah Kota Malang">' in suggestions
    assert "Pemerintah Kota Batu" not in suggestions
    # A partner without kind or region is refused with both messages.
    response = client.post(
        url, {"adopter_kind": "non_government", "adopter_name": "Kantin RSUD Bangil", "evidence_kind": "pks"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Pilih jenis mitra." in body and "Tulis kabupaten/kota tempat mitra berada." in body
    response = client.post(
        url,
        {
            "adopter_kind": "non_government",
            "adopter_name": "Kantin RSUD Bangil",
            "partner_kind": "health",
            "adopter_region": "Kabupaten Pasuruan",
            "adopted_on": "2023-03-01",
            "evidence_kind": "pks",
        },
    )
    assert response.status_code == 302
    replication = innovation.replications.get()
    assert (replication.adopter_kind, replication.partner_kind, replication.adopter_region.code, replication.year) == (
        "non_government",
        "health",
        "35.14",
        2023,
    )
    # Editing shows the names back in the text boxes, and a date in another year than the one given is refused.
    edit = reverse("workspace:replication_edit", args=[replication.pk])
    assert 'value="Kabupaten Pasuruan"' in client.get(edit).content.decode()
    response = client.post(
        edit,
        {
            "adopter_kind": "non_government",
            "adopter_name": "Kantin RSUD Bangil",
            "partner_kind": "health",
            "adopter_region": "Kabupaten Pasuruan",
            "year": "2022",
            "adopted_on": "2023-03-01",
            "evidence_kind": "pks",
        },
    )
    assert "Tahun replikasi berbeda dengan tahun pada tanggal replikasi." in response.content.decode()


def _list_queries(client, user, url):
    client.force_login(user)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response.content.decode()


@pytest.mark.parametrize("who", ["operator_a", "admin_a"])
def test_the_innovation_list_costs_the_same_queries_for_1_and_3_innovations(client, cast, who):
    make_innovation(cast, name="Inovasi Satu")
    url = reverse("workspace:innovation_list")
    one, content = _list_queries(client, getattr(cast, who), url)
    assert content.count("/ruang-kerja/inovasi/") - content.count("/ruang-kerja/inovasi/baru/") >= 1
    assert "Inovasi Satu" in content
    make_innovation(cast, name="Inovasi Dua", agency=cast.unit_a)
    make_innovation(cast, name="Inovasi Tiga")
    make_innovation(cast, name="Inovasi Malang", agency=cast.agency_b)
    three, content = _list_queries(client, getattr(cast, who), url)
    assert ("Inovasi Tiga" in content, "Inovasi Dua" in content, "Inovasi Malang" in content) == (True, True, False)
    assert one == three


def test_the_review_queue_costs_the_same_queries_for_1_and_3_innovations(client, cast):
    make_innovation(cast, name="Inovasi Satu", status=S.SUBMITTED)
    url = reverse("workspace:innovation_review_queue")
    one, content = _list_queries(client, cast.admin_a, url)
    assert content.count(">Tinjau<") == 1
    make_innovation(cast, name="Inovasi Dua", status=S.SUBMITTED)
    make_innovation(cast, name="Inovasi Tiga", status=S.SUBMITTED)
    make_innovation(cast, name="Inovasi Malang", agency=cast.agency_b, status=S.SUBMITTED)
    three, content = _list_queries(client, cast.admin_a, url)
    assert content.count(">Tinjau<") == 3
    assert one == three


def test_the_list_filters_by_status_and_name(client, cast):
    make_innovation(cast, name="Among Tani Crop", status=S.PUBLISHED)
    make_innovation(cast, name="Bangga E-Lokal")
    client.force_login(cast.admin_a)
    content = client.get(reverse("workspace:innovation_list"), {"status": "published"}).content.decode()
    assert ("Among Tani Crop" in content, "Bangga E-Lokal" in content) == (True, False)
    content = client.get(reverse("workspace:innovation_list"), {"q": "bangga"}).content.decode()
    assert ("Among Tani Crop" in content, "Bangga E-Lokal" in content) == (False, True)
    content = client.get(reverse("workspace:innovation_list"), {"q": "tidak-ada"}).content.decode()
    assert "Tidak ada inovasi yang cocok" in content


def test_the_detail_page_costs_the_same_queries_with_1_and_3_children(client, cast):
    from inovasi.innovations import services

    innovation = make_innovation(cast)
    services.add_part(innovation=innovation, model=InnovationPerson, actor=cast.operator_a, name="Orang 1")
    url = reverse("workspace:innovation_detail", args=[innovation.pk])
    one, _content = _list_queries(client, cast.operator_a, url)
    for n in (2, 3):
        services.add_part(innovation=innovation, model=InnovationPerson, actor=cast.operator_a, name=f"Orang {n}")
    three, content = _list_queries(client, cast.operator_a, url)
    assert "Orang 3" in content
    assert one == three


def test_the_admin_pemda_edits_a_returned_innovation_and_may_move_it_to_a_unit(client, cast):
    innovation = make_innovation(cast, status=S.RETURNED)
    client.force_login(cast.admin_a)
    response = client.post(
        reverse("workspace:innovation_edit", args=[innovation.pk]),
        {"agency": cast.unit_a.pk, "name": "Among Tani Crop 2"},
    )
    assert response.status_code == 302
    innovation.refresh_from_db()
    assert (innovation.name, innovation.agency, innovation.status) == ("Among Tani Crop 2", cast.unit_a, S.RETURNED)


def test_an_outside_award_can_be_added_to_a_published_innovation_but_people_cannot(client, cast):
    innovation = make_innovation(cast, status=S.PUBLISHED)
    client.force_login(cast.operator_a)
    response = client.post(
        reverse("workspace:part_add", args=[innovation.pk, "penghargaan"]),
        {"name": "GATRA Awards", "giver": "Majalah GATRA", "year": "2022"},
    )
    assert response.status_code == 302
    assert list(innovation.recognitions.values_list("name", "year")) == [("GATRA Awards", 2022)]
    response = client.post(reverse("workspace:part_add", args=[innovation.pk, "orang"]), {"name": "Orang"})
    assert response.status_code == 403
    assert not innovation.people.exists()


def test_saving_and_submitting_from_the_edit_form_goes_through_the_check_page(
    client, cast, django_capture_on_commit_callbacks
):
    innovation = make_innovation(cast, evidence=True)
    client.force_login(cast.operator_a)
    data = {
        "agency": cast.agency_a.pk,
        "name": "Among Tani Crop",
        "initiator_kind": "perangkat_daerah",
        "form": "pelayanan_publik",
        "type": "digital",
        "stage": "penerapan",
        "started_on": "2021-03-01",
        "affairs": [GovernmentAffair.objects.get(code="2.09").pk],
        "summary": "Ringkasan baru.",
        "ajukan": "1",
    }
    response = client.post(reverse("workspace:innovation_edit", args=[innovation.pk]), data)
    check_url = reverse("workspace:innovation_submit", args=[innovation.pk])
    assert response["Location"] == check_url
    innovation.refresh_from_db()
    assert (innovation.summary, innovation.status) == ("Ringkasan baru.", S.DRAFT)  # saved, not yet sent
    page = client.get(check_url).content.decode()
    assert "Periksa sebelum mengajukan" in page
    assert "Ringkasan baru." in page and "Yang tidak dapat diubah lagi" in page
    assert 'name="konfirmasi"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(check_url, {"konfirmasi": "1"})
    assert response["Location"] == reverse("workspace:innovation_detail", args=[innovation.pk])
    innovation.refresh_from_db()
    assert innovation.status == S.SUBMITTED
    assert [m.to for m in mail.outbox] == [["admin.a@uji.test"]]


def test_the_check_page_lists_what_is_missing_and_offers_no_submit_button(client, cast):
    innovation = make_innovation(cast, summary="")
    client.force_login(cast.operator_a)
    page = client.get(reverse("workspace:innovation_submit", args=[innovation.pk])).content.decode()
    assert "Ringkasan belum diisi." in page and "Belum ada bukti." in page
    assert "Ajukan ke Admin Pemda</button>" not in page
    response = client.post(reverse("workspace:innovation_submit", args=[innovation.pk]), {"konfirmasi": "1"})
    assert response.status_code == 302
    innovation.refresh_from_db()
    assert innovation.status == S.DRAFT


def test_publishing_shows_the_public_page_first_then_publishes(client, cast):
    innovation = make_innovation(cast, status=S.SUBMITTED)
    client.force_login(cast.admin_a)
    url = reverse("workspace:innovation_publish", args=[innovation.pk])
    page = client.get(url).content.decode()
    assert "Pratinjau halaman publik" in page and "Petani memesan benih dan pupuk lewat aplikasi." in page
    assert "1 bukti bertanda privat dan tidak tampil di halaman publik." in page
    innovation.refresh_from_db()
    assert innovation.status == S.SUBMITTED  # looking publishes nothing
    client.post(url, {"konfirmasi": "1"})
    innovation.refresh_from_db()
    assert innovation.status == S.PUBLISHED
    preview = client.get(reverse("workspace:innovation_preview", args=[innovation.pk]))
    assert preview.status_code == 200


def test_the_create_page_can_offer_just_one_agency(client, cast):
    client.force_login(cast.system_admin)
    content = client.get(reverse("workspace:innovation_create"), {"perangkat": cast.unit_a.pk}).content.decode()
    assert f'<option value="{cast.unit_a.pk}" selected>UPT Benih Kota Batu</option>' in content
    assert "Dinas Kesehatan Kota Malang" not in content
