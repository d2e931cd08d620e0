"""Generating, editing (with optimistic locking), recomputing, publishing and withdrawing releases."""

import pytest
from django.core.exceptions import ValidationError

from inovasi.audit.models import AuditEvent
from inovasi.press import services
from inovasi.press.models import PressKind, PressRelease, PressState
from inovasi.search.tests.factories import make_innovation


@pytest.fixture
def release(cast, batu):
    return services.generate_release(kind=PressKind.REGION_YEAR, government=cast.gov_a, year=2024, actor=cast.admin_a)


def actions(release):
    return list(
        AuditEvent.objects.filter(object_type="press.pressrelease", object_id=str(release.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_a_generated_draft_keeps_its_targets_figures_and_author_and_is_audited(cast, release):
    assert (release.kind, release.government, release.year, release.compare_year) == (
        PressKind.REGION_YEAR,
        cast.gov_a,
        2024,
        None,
    )
    assert (release.state, release.version, release.created_by, release.published_at) == (
        PressState.DRAFT,
        1,
        cast.admin_a,
        None,
    )
    assert release.figure("region.growth")["value"] == 687.5
    event = AuditEvent.objects.get(action="press.generate")
    assert event.after["figures"]["region.innovations.2024"] == 63


def test_bad_targets_are_refused_field_by_field_and_nothing_is_stored(cast):
    with pytest.raises(ValidationError) as refused:
        services.generate_release(kind=PressKind.REGION_YEAR, actor=cast.admin_a, year=1999)
    assert refused.value.message_dict == {
        "government": ["Pilih pemerintah daerah."],
        "year": ["Isi tahun antara 2000 dan 2100."],
    }
    with pytest.raises(ValidationError) as refused:
        services.generate_release(kind=PressKind.AWARD, actor=cast.organizer)
    assert refused.value.message_dict == {"award": ["Pilih penghargaan."]}
    with pytest.raises(ValidationError):  # no innovation of Kota Batu in 2024 yet
        services.generate_release(kind=PressKind.REGION_YEAR, government=cast.gov_a, year=2024, actor=cast.admin_a)
    assert PressRelease.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="press.").exists()


def test_an_edit_saves_the_text_bumps_the_version_and_is_audited(cast, release):
    edited = services.update_release(
        release=release, actor=cast.organizer, title="Judul baru", lead="Teras baru.", body="Isi.", version=1
    )
    assert (edited.title, edited.lead, edited.body, edited.version, edited.updated_by) == (
        "Judul baru",
        "Teras baru.",
        "Isi.",
        2,
        cast.organizer,
    )
    event = AuditEvent.objects.get(action="press.edit")
    assert (event.before["title"], event.after["title"]) == (release.title, "Judul baru")


def test_an_edit_from_a_stale_version_is_refused_and_changes_nothing(cast, release):
    services.update_release(release=release, actor=cast.admin_a, title="Satu", lead="Teras.", body="", version=1)
    with pytest.raises(ValidationError) as refused:
        services.update_release(release=release, actor=cast.organizer, title="Dua", lead="Teras.", body="", version=1)
    assert refused.value.code == "stale"
    release.refresh_from_db()
    assert (release.title, release.version) == ("Satu", 2)


def test_an_empty_title_or_lead_is_refused(cast, release):
    with pytest.raises(ValidationError) as refused:
        services.update_release(release=release, actor=cast.admin_a, title=" ", lead="", body="x", version=1)
    assert refused.value.message_dict == {"title": ["Judul wajib diisi."], "lead": ["Teras berita wajib diisi."]}


def test_publishing_and_withdrawing_follow_the_table_and_are_audited(cast, release):
    published = services.publish_release(release=release, actor=cast.organizer, version=1)
    assert (published.state, published.version) == (PressState.PUBLISHED, 2)
    assert published.published_at is not None
    assert list(PressRelease.objects.published()) == [published]
    with pytest.raises(ValidationError) as refused:
        services.publish_release(release=published, actor=cast.organizer)
    assert refused.value.code == "illegal_transition"
    with pytest.raises(ValidationError) as refused:
        services.update_release(release=published, actor=cast.organizer, title="x", lead="y", body="", version=2)
    assert refused.value.code == "published"
    withdrawn = services.unpublish_release(release=published, actor=cast.organizer, version=2)
    assert (withdrawn.state, withdrawn.published_at, withdrawn.version) == (PressState.DRAFT, None, 3)
    assert actions(release) == ["press.generate", "press.publish", "press.unpublish"]


def test_publishing_what_was_not_previewed_is_refused(cast, release):
    services.update_release(release=release, actor=cast.admin_a, title="Diubah", lead="Teras.", body="", version=1)
    with pytest.raises(ValidationError) as refused:
        services.publish_release(release=release, actor=cast.organizer, version=1)
    assert refused.value.code == "stale"
    release.refresh_from_db()
    assert release.state == PressState.DRAFT


def test_recomputing_a_draft_takes_todays_data(cast, release):
    make_innovation(cast.agency_a, "Inovasi Baru", year=2024)
    services.update_release(release=release, actor=cast.admin_a, title="Diubah", lead="Teras.", body="", version=1)
    fresh = services.regenerate_release(release=release, actor=cast.admin_a, version=2)
    assert fresh.title == "Kota Batu Catat 64 Inovasi pada 2024, Naik 700 % dari 2021"
    assert (fresh.figure("region.innovations.2024")["value"], fresh.version) == (64, 3)
    event = AuditEvent.objects.get(action="press.regenerate")
    assert (event.before["figures"]["region.innovations.2024"], event.after["figures"]["region.innovations.2024"]) == (
        63,
        64,
    )
    services.publish_release(release=fresh, actor=cast.admin_a, version=3)
    with pytest.raises(ValidationError):
        services.regenerate_release(release=fresh, actor=cast.admin_a, version=4)
