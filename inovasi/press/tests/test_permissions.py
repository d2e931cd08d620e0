"""Who may write about what: organizers about their own body's editions, a Pemda's year by its
Admin Pemda or an organizer whose body covers it; drafts stay hidden from everyone else."""

import pytest
from django.urls import reverse

from inovasi.accounts.enums import Role
from inovasi.organisations.models import Government, OrganizerBody
from inovasi.press import services
from inovasi.press.models import PressKind
from tests_support.personas import make_user


@pytest.fixture
def stranger(cast):
    """An organizer of another (national) body."""
    return make_user("panitia.panrb@uji.test", Role.ORGANIZER, "organizer_body", cast.other_body)


@pytest.fixture
def edition_release(cast, kovablik):
    return services.generate_release(kind=PressKind.EDITION_RESULTS, edition=kovablik.edition, actor=cast.organizer)


@pytest.fixture
def award_release(cast, kovablik):
    return services.generate_release(kind=PressKind.AWARD, award=kovablik.award30, actor=cast.organizer)


@pytest.fixture
def batu_release(cast, batu):
    return services.generate_release(kind=PressKind.REGION_YEAR, government=cast.gov_a, year=2024, actor=cast.admin_a)


def edit_status(client, user, release):
    client.force_login(user)
    return client.get(reverse("organizer:press_edit", args=[release.pk])).status_code


def test_an_organizer_of_another_body_is_refused_on_edition_and_award_releases(
    client, cast, stranger, edition_release, award_release
):
    for release in (edition_release, award_release):
        assert cast.organizer.has_perm("press.manage_release", release)
        assert not stranger.has_perm("press.manage_release", release)
        assert edit_status(client, cast.organizer, release) == 200
        assert edit_status(client, stranger, release) == 403
    client.force_login(stranger)
    response = client.post(
        reverse("organizer:press_create"), {"kind": PressKind.EDITION_RESULTS, "edition": edition_release.edition_id}
    )
    assert response.status_code == 200
    assert "edition" in response.context["form"].errors
    response = client.post(reverse("organizer:press_publish", args=[edition_release.pk]), {"version": 1})
    assert response.status_code == 403
    edition_release.refresh_from_db()
    assert edition_release.state == "draft"


def test_the_admin_pemda_of_another_region_is_refused_for_a_region_year(client, cast, batu_release):
    assert cast.admin_a.has_perm("press.manage_release", batu_release)
    assert not cast.admin_b.has_perm("press.manage_release", batu_release)
    assert edit_status(client, cast.admin_a, batu_release) == 200
    assert edit_status(client, cast.admin_b, batu_release) == 403
    client.force_login(cast.admin_b)
    response = client.post(
        reverse("organizer:press_create"),
        {"kind": PressKind.REGION_YEAR, "government": cast.gov_a.pk, "year": 2024},
    )
    assert "government" in response.context["form"].errors
    assert batu_release.__class__.objects.count() == 1


def test_an_admin_pemda_may_not_touch_competition_releases(client, cast, edition_release):
    admin_malang = cast.admin_b  # Kota Malang won both awards, but the release is the organizer's
    assert not admin_malang.has_perm("press.manage_release", edition_release)
    assert edit_status(client, admin_malang, edition_release) == 403
    client.force_login(admin_malang)
    form = client.get(reverse("organizer:press_create")).context["form"]
    assert [value for value, _label in form.fields["kind"].choices] == [PressKind.REGION_YEAR]
    assert "edition" not in form.fields


def test_a_regional_body_covers_its_province_and_a_national_body_covers_every_pemda(cast, stranger):
    bandung = Government.objects.get(region__code="32.73")
    assert cast.organizer.has_perm("press.write_about_government", cast.gov_a)  # Kota Batu, Jawa Timur
    assert cast.organizer.has_perm("press.write_about_government", Government.objects.get(region__code="35"))
    assert not cast.organizer.has_perm("press.write_about_government", bandung)
    assert stranger.has_perm("press.write_about_government", bandung)
    inactive = OrganizerBody.objects.create(name="Biro Lama", short_name="Lama", is_active=False)
    retired = make_user("panitia.lama@uji.test", Role.ORGANIZER, "organizer_body", inactive)
    assert not retired.has_perm("press.write_about_government", bandung)


def test_operators_jurors_and_visitors_have_no_press_desk(client, cast):
    for user in (cast.operator_a, cast.juror, cast.verifier, cast.no_role):
        client.force_login(user)
        assert client.get(reverse("organizer:press_list")).status_code == 403
    client.logout()
    assert client.get(reverse("organizer:press_list")).status_code == 302


def test_a_draft_is_hidden_from_the_public_but_previewable_by_its_managers(client, cast, batu_release):
    url = reverse("public:press_detail", args=[batu_release.pk])
    assert client.get(url).status_code == 404
    client.force_login(cast.admin_b)
    assert client.get(url).status_code == 404
    client.force_login(cast.admin_a)
    assert client.get(url).status_code == 200


def test_each_desk_lists_only_the_releases_it_manages(client, cast, stranger, edition_release, batu_release):
    def listed(user):
        client.force_login(user)
        return {r.pk for r in client.get(reverse("organizer:press_list")).context["releases"]}

    assert listed(cast.organizer) == {edition_release.pk, batu_release.pk}
    assert listed(cast.admin_a) == {batu_release.pk}
    assert listed(cast.admin_b) == set()
    assert listed(stranger) == {batu_release.pk}  # a national body covers Kota Batu's year
    assert listed(cast.system_admin) == {edition_release.pk, batu_release.pk}
