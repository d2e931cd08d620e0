"""The exhibition gallery: its own dark page without the site's chrome, an interval from the URL,
no inline script or style, and a JSON list that the screen re-reads (awards first, photos only
from public images of published innovations)."""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from inovasi.competitions.editions import create_edition_from_preset
from inovasi.innovations.enums import EvidenceKind
from inovasi.innovations.models import Evidence
from inovasi.innovations.tests.builders import PDF_BYTES, PNG_BYTES
from inovasi.press.tests.builders import award, build_kovablik, enter
from inovasi.search.tests.factories import make_innovation


@pytest.fixture
def kovablik(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_kovablik(cast)


def page(client, kovablik, **params):
    return client.get(reverse("public:edition_gallery", args=[kovablik.edition.pk]), params)


def data(client, kovablik):
    response = client.get(reverse("public:edition_gallery_data", args=[kovablik.edition.pk]))
    assert response.status_code == 200
    return response


def attach(innovation, name, content, content_type, *, public=True):
    evidence = Evidence.objects.create(
        innovation=innovation,
        kind=EvidenceKind.FILE,
        title=name,
        content_type=content_type,
        is_public=public,
    )
    evidence.file.save(name, ContentFile(content))
    return evidence


def test_the_gallery_is_its_own_page_without_inline_script_or_style(client, kovablik):
    html = page(client, kovablik).content.decode()
    assert "navbar" not in html  # no site navigation on the exhibition screen
    assert 'src="/static/inovasi/gallery.js"' in html
    assert "/static/inovasi/gallery.css" in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert " style=" not in html and "<style" not in html
    assert re.search(r"\son[a-z]+=", html) is None  # no inline event handlers
    assert f'data-source="/kompetisi/{kovablik.edition.pk}/galeri/data.json"' in html
    assert len(re.findall(r'<article class="slide', html)) == 3
    assert html.index("Segar Kagemi") < html.index("Rumah Diapers") < html.index("Among Tani Crop")


@pytest.mark.parametrize(("given", "used"), [(None, "10"), ("5", "5"), ("1", "3"), ("9999", "300"), ("abc", "10")])
def test_the_interval_comes_from_the_url_within_limits(client, kovablik, given, used):
    params = {} if given is None else {"interval": given}
    assert f'data-interval="{used}"' in page(client, kovablik, **params).content.decode()


def test_the_json_list_puts_award_recipients_first_then_the_furthest_shortlist_reached(client, kovablik):
    response = data(client, kovablik)
    assert "no-cache" in response["Cache-Control"]
    payload = response.json()
    assert payload["edition"] == {"id": kovablik.edition.pk, "name": "KOVABLIK Jawa Timur 2020"}
    assert payload["slides"] == [
        {
            "key": f"award-{kovablik.award30.pk}",
            "name": "Segar Kagemi",
            "expansion": "Semua Bugar dengan Kantin Gemar Makan Ikan",
            "region": "Kota Malang",
            "agency": "SMP Negeri Sepuluh Malang",
            "summary": "Kantin sekolah yang mengajak murid gemar makan ikan.",
            "label": "Top 30",
            "photo": None,
            "initials": "SK",
        },
        {
            "key": f"award-{kovablik.award45.pk}",
            "name": "Rumah Diapers",
            "expansion": "",
            "region": "Kota Malang",
            "agency": "Puskesmas Polowijen",
            "summary": "Mengolah dan mendaur ulang popok bayi sekali pakai.",
            "label": "Top 45",
            "photo": None,
            "initials": "RD",
        },
        {
            "key": f"proposal-{kovablik.tani.proposals.get().pk}",
            "name": "Among Tani Crop",
            "expansion": "",
            "region": "Kota Batu",
            "agency": "Dinas Pertanian Kota Batu",
            "summary": "Petani bertanya kepada ahli.",
            "label": "Top 90",
            "photo": None,
            "initials": "AT",
        },
    ]


def test_the_photo_is_the_first_public_image_and_anyone_can_load_it(client, kovablik):
    attach(kovablik.segar, "surat.pdf", PDF_BYTES, "application/pdf")  # public but not an image
    attach(kovablik.segar, "rahasia.png", PNG_BYTES, "image/png", public=False)
    shown = attach(kovablik.segar, "kantin.png", PNG_BYTES, "image/png")
    attach(kovablik.segar, "kedua.png", PNG_BYTES, "image/png")
    slides = data(client, kovablik).json()["slides"]
    photo = reverse("workspace:evidence_download", args=[shown.pk])
    assert [s["photo"] for s in slides] == [photo, None, None]
    assert client.get(photo).status_code == 200
    assert f'src="{photo}"' in page(client, kovablik).content.decode()


def test_a_new_award_appears_in_the_list_the_screen_re_reads(client, cast, kovablik):
    before = [s["name"] for s in data(client, kovablik).json()["slides"]]
    newcomer = make_innovation(cast.agency_a, "Bangga E-Lokal", year=2020)
    award(kovablik.label45, enter(kovablik.edition, newcomer))
    after = [s["name"] for s in data(client, kovablik).json()["slides"]]
    assert before == ["Segar Kagemi", "Rumah Diapers", "Among Tani Crop"]
    assert after == ["Segar Kagemi", "Bangga E-Lokal", "Rumah Diapers", "Among Tani Crop"]


def test_an_unpublished_edition_has_no_gallery_for_the_public(client, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    kovablik = build_kovablik(cast, published=False)
    assert page(client, kovablik).status_code == 404
    assert client.get(reverse("public:edition_gallery_data", args=[kovablik.edition.pk])).status_code == 404
    client.force_login(cast.organizer)
    assert page(client, kovablik).status_code == 200


def test_an_edition_without_results_shows_a_waiting_message(client, cast, kovablik):
    empty = create_edition_from_preset(preset="kovablik-jatim", body=cast.body, year=2026, actor=cast.organizer)
    empty.is_published = True
    empty.save()
    response = client.get(reverse("public:edition_gallery", args=[empty.pk]))
    assert "Hasil belum diumumkan." in response.content.decode()
    assert client.get(reverse("public:edition_gallery_data", args=[empty.pk])).json()["slides"] == []
