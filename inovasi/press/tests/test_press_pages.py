"""The press desk end to end: draft from the data, edit, preview, publish on the news page, withdraw."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inovasi.press import services
from inovasi.press.models import PressKind, PressRelease, PressState


def test_an_admin_pemda_drafts_edits_previews_and_publishes_the_year_of_kota_batu(client, cast, batu):
    client.force_login(cast.admin_a)
    response = client.post(
        reverse("organizer:press_create"), {"kind": PressKind.REGION_YEAR, "government": cast.gov_a.pk, "year": 2024}
    )
    release = PressRelease.objects.get()
    assert response["Location"] == reverse("organizer:press_edit", args=[release.pk])
    assert release.created_by == cast.admin_a

    page = client.get(reverse("organizer:press_edit", args=[release.pk])).content.decode()
    assert "Kota Batu Catat 63 Inovasi pada 2024, Naik 687,5 % dari 2021" in page
    assert "(63 − 8) / 8 × 100" in page  # the figures table shows how the growth was computed

    response = client.post(
        reverse("organizer:press_edit", args=[release.pk]),
        {"title": "Inovasi Kota Batu Naik 687,5 %", "lead": release.lead, "body": release.body, "version": 1},
    )
    assert response.status_code == 302
    preview = client.get(reverse("organizer:press_preview", args=[release.pk])).content.decode()
    assert "Inovasi Kota Batu Naik 687,5 %" in preview
    assert "Terbitkan versi ini" in preview

    client.post(reverse("organizer:press_publish", args=[release.pk]), {"version": 2})
    release.refresh_from_db()
    assert release.state == PressState.PUBLISHED

    client.logout()
    news = client.get(reverse("public:press_list")).content.decode()
    assert "Inovasi Kota Batu Naik 687,5 %" in news
    article = client.get(reverse("public:press_detail", args=[release.pk]))
    html = article.content.decode()
    assert article.status_code == 200
    assert '<meta property="og:title" content="Inovasi Kota Batu Naik 687,5 %">' in html
    assert f'<link rel="canonical" href="https://inovasi.contoh.id/berita/{release.pk}/">' in html
    assert "Sumber angka" in html


def test_a_stale_edit_shows_a_clear_message_and_keeps_the_other_persons_text(client, cast, batu):
    release = services.generate_release(
        kind=PressKind.REGION_YEAR, government=cast.gov_a, year=2024, actor=cast.admin_a
    )
    services.update_release(release=release, actor=cast.organizer, title="Versi panitia", lead="T.", body="", version=1)
    client.force_login(cast.admin_a)
    response = client.post(
        reverse("organizer:press_edit", args=[release.pk]),
        {"title": "Versi admin", "lead": "T.", "body": "", "version": 1},
    )
    assert response.status_code == 200
    assert "sudah diubah orang lain" in response.content.decode()
    release.refresh_from_db()
    assert release.title == "Versi panitia"


def test_a_published_release_cannot_be_edited_until_it_is_withdrawn(client, cast, kovablik):
    release = services.generate_release(kind=PressKind.AWARD, award=kovablik.award30, actor=cast.organizer)
    services.publish_release(release=release, actor=cast.organizer)
    client.force_login(cast.organizer)
    edit = reverse("organizer:press_edit", args=[release.pk])
    assert "tidak dapat disunting" in client.get(edit).content.decode()
    assert client.post(edit, {"title": "x", "lead": "y", "body": "", "version": 2}).status_code == 403
    client.post(reverse("organizer:press_unpublish", args=[release.pk]), {"version": 2})
    release.refresh_from_db()
    assert release.state == PressState.DRAFT
    client.logout()
    assert client.get(reverse("public:press_detail", args=[release.pk])).status_code == 404


def test_the_form_is_prefilled_from_the_results_page_link(client, cast, kovablik):
    client.force_login(cast.organizer)
    results = client.get(reverse("public:edition_results", args=[kovablik.edition.pk])).content.decode()
    link = f"{reverse('organizer:press_create')}?kind=edition_results&amp;edition={kovablik.edition.pk}"
    assert link in results
    form = client.get(link.replace("&amp;", "&")).context["form"]
    assert (form["kind"].value(), str(form["edition"].value())) == ("edition_results", str(kovablik.edition.pk))


def test_a_draft_about_nothing_announced_is_refused_with_a_message(client, cast, kovablik):
    client.force_login(cast.organizer)
    response = client.post(
        reverse("organizer:press_create"),
        {"kind": PressKind.EDITION_RESULTS, "edition": kovablik.edition.pk, "government": cast.gov_a.pk + 10_000},
    )
    assert "government" in response.context["form"].errors  # not a Pemda at all
    pasuruan = cast.gov_a.__class__.objects.get(region__code="35.14")
    response = client.post(
        reverse("organizer:press_create"),
        {"kind": PressKind.EDITION_RESULTS, "edition": kovablik.edition.pk, "government": pasuruan.pk},
    )
    assert "belum memiliki hasil yang diumumkan" in response.content.decode()
    assert PressRelease.objects.count() == 0


@pytest.mark.parametrize("extra", [0, 2])
def test_the_news_list_costs_the_same_queries_for_one_or_three_releases(client, cast, kovablik, extra):
    for label_award in [kovablik.award30, kovablik.award45][: 1 + min(extra, 1)]:
        release = services.generate_release(kind=PressKind.AWARD, award=label_award, actor=cast.organizer)
        services.publish_release(release=release, actor=cast.organizer)
    if extra:
        release = services.generate_release(
            kind=PressKind.EDITION_RESULTS, edition=kovablik.edition, actor=cast.organizer
        )
        services.publish_release(release=release, actor=cast.organizer)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("public:press_list"))
    assert len(response.context["page"].object_list) == 1 + extra
    assert len(captured) == 2  # the count and the page
