"""The innovation record as a task list: statuses, the form's marks and guides, dates in words."""

import pytest
from django.urls import reverse

from inovasi.innovations.enums import InnovationStatus as S
from inovasi.innovations.models import NarrativeGuide
from inovasi.innovations.tests.builders import make_innovation
from inovasi.public.templatetags.site_forms import tanggal_kata

pytestmark = pytest.mark.django_db


def test_the_record_page_is_a_task_list_with_a_meter(client, cast):
    innovation = make_innovation(cast)
    client.force_login(cast.operator_a)
    page = client.get(reverse("workspace:innovation_detail", args=[innovation.pk])).content.decode()
    assert "Daftar tugas" in page
    assert "2 dari 4 bagian selesai" in page
    assert 'aria-valuenow="50"' in page
    assert "Belum ada bukti." in page
    for label in ("Data inovasi", "Narasi", "Orang &amp; hasil", "Bukti", "Periksa dan ajukan"):
        assert label in page
    assert "Belum dapat dimulai" in page


def test_the_form_marks_every_field_the_submit_rule_needs_and_asks_the_guiding_questions(client, cast):
    NarrativeGuide.objects.filter(field="novelty").update(question="Apa yang baru dari inovasi ini?")
    client.force_login(cast.operator_a)
    page = client.get(reverse("workspace:innovation_create")).content.decode()
    assert page.count('required-mark">wajib saat diajukan') == 9
    assert "Apa yang baru dari inovasi ini?" in page  # edited data, not a hard-coded text
    assert "Tahun yang datanya Anda isi" in page
    assert page.index("Wajib, pelayanan dasar") < page.index("Pendidikan") < page.index("Penunjang")
    assert 'data-filter-choices="id_affairs_choices"' in page
    assert page.index("1. Tanpa Kemiskinan") < page.index("17. ")


def test_a_new_record_takes_its_data_year_and_an_existing_one_keeps_it(client, cast):
    client.force_login(cast.operator_a)
    client.post(
        reverse("workspace:innovation_create"), {"agency": cast.agency_a.pk, "name": "Tahun Lalu", "year": "2025"}
    )
    innovation = cast.agency_a.innovations.get(name="Tahun Lalu")
    assert innovation.year == 2025
    client.post(
        reverse("workspace:innovation_edit", args=[innovation.pk]),
        {"agency": cast.agency_a.pk, "name": "Tahun Lalu", "year": "2030"},
    )
    innovation.refresh_from_db()
    assert innovation.year == 2025 and innovation.status == S.DRAFT


def test_the_date_field_shows_its_value_in_indonesian_words(client, cast):
    innovation = make_innovation(cast)
    client.force_login(cast.operator_a)
    page = client.get(reverse("workspace:innovation_edit", args=[innovation.pk])).content.decode()
    assert "Senin, 1 Maret 2021" in page  # started_on of the builder, whatever the browser says
    assert "inovasi/date-words.js" in page and "data-unsaved-warning" in page


@pytest.mark.parametrize(
    "value, words",
    [
        ("2026-05-01", "Jumat, 1 Mei 2026"),
        ("2026-05-01T00:00", "Jumat, 1 Mei 2026 pukul 00.00 WIB"),
        ("bukan tanggal", ""),
        ("", ""),
    ],
)
def test_dates_in_words(value, words):
    assert tanggal_kata(value) == words


def test_evidence_can_be_added_while_waiting_for_the_admin(client, cast):
    innovation = make_innovation(cast, status=S.SUBMITTED)
    client.force_login(cast.operator_a)
    page = client.get(reverse("workspace:innovation_detail", args=[innovation.pk])).content.decode()
    assert reverse("workspace:evidence_add", args=[innovation.pk]) in page
    client.post(
        reverse("workspace:evidence_add", args=[innovation.pk]),
        {"mode": "tautan", "tautan-title": "Foto", "tautan-url": "https://youtu.be/b", "tautan-kind": "video"},
    )
    assert innovation.evidence.count() == 2


def test_people_results_and_links_are_added_inline_from_the_task_list(client, cast):
    innovation = make_innovation(cast)
    client.force_login(cast.operator_a)
    detail = reverse("workspace:innovation_detail", args=[innovation.pk])
    page = client.get(detail).content.decode()
    assert page.count('hx-target="#record-live"') == 3
    hx = {"HTTP_HX_REQUEST": "true"}
    client.post(reverse("workspace:part_add", args=[innovation.pk, "orang"]), {"name": "Anita"}, **hx)
    client.post(
        reverse("workspace:part_add", args=[innovation.pk, "hasil"]),
        {"metric": "Petani terlayani", "value": "1250", "unit": "orang", "year": "2025"},
        **hx,
    )
    client.post(
        reverse("workspace:evidence_add", args=[innovation.pk]),
        {"mode": "tautan", "tautan-title": "Video", "tautan-url": "https://youtu.be/c", "tautan-kind": "video"},
        **hx,
    )
    assert (innovation.people.count(), innovation.results.get().value, innovation.evidence.count()) == (1, 1250, 1)
    assert "4 dari 4 bagian selesai" in client.get(detail).content.decode()
    refused = client.post(reverse("workspace:part_add", args=[innovation.pk, "hasil"]), {"metric": "X"}, **hx)
    assert refused["HX-Retarget"] == "main"
    assert 'value="X"' in refused.content.decode()
