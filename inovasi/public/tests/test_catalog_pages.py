"""The public catalog page and the innovation page."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from inovasi.innovations.enums import EvidenceKind, InnovationStatus
from inovasi.innovations.models import Evidence, InnovationPerson, Partner, Result
from inovasi.search.tests.factories import make_innovation
from inovasi.search.tests.scenario import build_catalog


@pytest.fixture
def catalog(cast):
    return build_catalog(cast)


def test_the_catalog_page_lists_matches_with_counts_and_export_links(client, catalog):
    response = client.get(reverse("public:catalog"), {"q": "pengolahan sampah", "province": "35"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "1 inovasi" in content
    assert "Bank Sampah Sekolah" in content
    assert "Layanan Kang Pisman" not in content
    assert "Sampah Rahasia" not in content
    assert "/inovasi/ekspor/?format=csv&amp;q=pengolahan+sampah&amp;province=35&amp;sort=relevance" in content
    assert "Saringan aktif:" in content


def test_the_catalog_page_explains_an_empty_result(client, catalog):
    content = client.get(reverse("public:catalog"), {"q": "kapal selam"}).content.decode()
    assert "Tidak ada inovasi terbit yang cocok dengan “kapal selam”." in content


def _catalog_queries(client):
    url = reverse("public:catalog")
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"province": "35"})
    return len(ctx), response.content.decode().count('class="border rounded p-3 mb-2 catalog-item"')


def test_the_catalog_page_costs_the_same_queries_for_1_and_3_innovations(client, cast):
    make_innovation(cast.agency_a, "Satu")
    one, shown = _catalog_queries(client)
    assert shown == 1
    make_innovation(cast.unit_a, "Dua")
    make_innovation(cast.agency_b, "Tiga")
    three, shown = _catalog_queries(client)
    assert shown == 3
    assert one == three


def test_the_innovation_page_shows_all_public_content(client, cast, catalog):
    innovation = catalog.rumah_diapers
    InnovationPerson.objects.create(innovation=innovation, name="Anita Resky DS", role="Pelaksana Sanitarian")
    Partner.objects.create(innovation=innovation, name="Bank Sampah Malang", role="pengolah")
    Result.objects.create(
        innovation=innovation, metric="Nilai transaksi", value=Decimal("109600000000"), unit="Rp", year=2024
    )
    Result.objects.create(innovation=innovation, metric="Popok diolah", value=Decimal("12500"), unit="kg", year=2023)
    Evidence.objects.create(
        innovation=innovation, kind=EvidenceKind.VIDEO, title="Video profil", url="https://video.test/a", is_public=True
    )
    Evidence.objects.create(
        innovation=innovation, kind=EvidenceKind.LINK, title="Catatan internal", url="https://x.test", is_public=False
    )
    from inovasi.innovations.models import Recognition

    Recognition.objects.create(innovation=innovation, name="Penghargaan STBM", giver="Kementerian Kesehatan", year=2020)
    content = client.get(reverse("public:innovation_detail", args=[innovation.pk])).content.decode()
    assert "Anita Resky DS, Pelaksana Sanitarian" in content
    assert "Bank Sampah Malang — pengolah" in content
    assert "Rp109,6 miliar" in content
    assert "12.500 kg" in content
    assert "penghargaan luar</span> Penghargaan STBM — Kementerian Kesehatan (2020)" in content
    assert "Pemerintah Kota Batu" in content and "2 Mei 2023" in content
    assert '<a href="https://video.test/a" rel="noopener">Video profil</a>' in content
    assert "Catatan internal" not in content
    assert "Kesehatan; Lingkungan Hidup" in content
    assert "Mendaur ulang sampah popok bayi bersama warga." in content
    # Similar innovations come from other governments only.
    similar = content.split('id="judul-serupa"')[1]
    assert "Bank Sampah Sekolah" in similar and "Layanan Kang Pisman" in similar
    assert "Sampah Rahasia" not in similar


def test_an_unpublished_innovation_page_is_a_404(client, catalog):
    for status in (InnovationStatus.DRAFT, InnovationStatus.SUBMITTED, InnovationStatus.ARCHIVED):
        catalog.draft.status = status
        catalog.draft.save()
        response = client.get(reverse("public:innovation_detail", args=[catalog.draft.pk]))
        assert response.status_code == 404
        assert "Sampah Rahasia" not in response.content.decode()


def test_public_file_evidence_links_to_the_workspace_download_when_it_exists(client, cast, catalog, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    evidence = Evidence.objects.create(
        innovation=catalog.among_tani,
        kind=EvidenceKind.FILE,
        title="SK Inovasi",
        file="evidence/sk.pdf",
        is_public=True,
    )
    content = client.get(reverse("public:innovation_detail", args=[catalog.among_tani.pk])).content.decode()
    try:
        href = reverse("workspace:evidence_download", args=[evidence.pk])
    except NoReverseMatch:
        assert "<li>SK Inovasi <span" in content
    else:
        assert f'<a href="{href}" rel="noopener">SK Inovasi</a>' in content


def test_choosing_another_province_drops_the_chosen_kabupaten_kota(client, catalog):
    content = client.get(reverse("public:catalog"), {"province": "35", "region": "35.79"}).content.decode()
    assert '<a href="?province=32&amp;sort=name"' in content
    assert '<a href="?region=35.79&amp;sort=name"' not in content
    assert (
        '<a href="?province=35&amp;sort=name" class="d-flex justify-content-between text-decoration-none fw-bold"'
        in content
    )
