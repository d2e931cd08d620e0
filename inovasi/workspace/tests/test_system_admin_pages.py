"""The system admin's screens: organizer bodies, users and roles, invitations, two-factor reset, outbox."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from inovasi.accounts import services
from inovasi.accounts.enums import Role
from inovasi.accounts.models import Invitation, Membership, User
from inovasi.audit.models import AuditEvent
from inovasi.organisations.models import OrganizerBody
from inovasi.outbox.enums import MailState
from inovasi.outbox.models import OutgoingMail
from tests_support.personas import make_user


@pytest.fixture
def sysadmin(client, cast):
    client.force_login(cast.system_admin)
    return client


def test_the_menu_leads_a_system_admin_to_the_system_screens(sysadmin):
    home = sysadmin.get("/").content.decode()
    assert 'href="/ruang-kerja/sistem/">Admin sistem</a>' in home
    page = sysadmin.get(reverse("workspace:system_home")).content.decode()
    for name in ("system_user_list", "system_invitation_list", "system_body_list", "system_outbox"):
        assert reverse(f"workspace:{name}") in page


def test_bodies_are_listed_searched_and_paged(sysadmin, cast):
    OrganizerBody.objects.bulk_create(OrganizerBody(name=f"Badan Uji {i:02}", short_name=f"BU{i}") for i in range(30))
    url = reverse("workspace:system_body_list")
    first = sysadmin.get(url, {"q": "badan uji"})
    assert first.context["page"].paginator.count == 30
    assert len(first.context["page"].object_list) == 25
    assert "q=badan+uji&amp;halaman=2" in first.content.decode()
    assert len(sysadmin.get(url, {"q": "badan uji", "halaman": "2"}).context["page"].object_list) == 5
    assert sysadmin.get(url, {"q": "KemenPAN"}).context["page"].paginator.count == 1
    assert sysadmin.get(url, {"q": "\x00", "halaman": "²"}).status_code == 200


def test_a_body_is_created_edited_and_deactivated_from_the_screens(sysadmin, cast):
    response = sysadmin.post(
        reverse("workspace:system_body_create"),
        {"name": "Biro Organisasi Kota Batu", "short_name": "Biro Batu", "government": cast.gov_a.pk},
    )
    assert response.status_code == 302
    body = OrganizerBody.objects.get(name="Biro Organisasi Kota Batu")
    assert body.government == cast.gov_a
    sysadmin.post(reverse("workspace:system_body_edit", args=[body.pk]), {"name": "Biro Org Batu", "government": ""})
    body.refresh_from_db()
    assert (body.name, body.government) == ("Biro Org Batu", None)
    sysadmin.post(reverse("workspace:system_body_set_active", args=[body.pk]), {"aktif": "0"})
    body.refresh_from_db()
    assert not body.is_active
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "organizer_body.create",
        "organizer_body.update",
        "organizer_body.deactivate",
    ]


def test_bad_body_input_is_explained_in_indonesian(sysadmin, cast):
    response = sysadmin.post(reverse("workspace:system_body_create"), {"name": "", "government": "abc"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Bidang ini tidak boleh kosong." in content
    assert "Masukkan pilihan yang valid" in content
    response = sysadmin.post(reverse("workspace:system_body_create"), {"name": "KEMENPAN-RB"})
    assert "Nama penyelenggara ini sudah dipakai." in response.content.decode()
    assert not AuditEvent.objects.exists()


def test_users_are_searched_by_name_or_email_and_filtered_by_role(sysadmin, cast):
    url = reverse("workspace:system_user_list")
    assert [u.email for u in sysadmin.get(url, {"q": "op."}).context["page"]] == ["op.a@uji.test", "op.b@uji.test"]
    jurors = sysadmin.get(url, {"peran": Role.JUROR}).context["page"]
    assert [u.email for u in jurors] == ["juri@uji.test"]
    assert sysadmin.get(url, {"peran": "raja"}).context["page"].paginator.count == User.objects.count()
    assert "Dinas Pertanian Kota Batu" in sysadmin.get(url, {"q": "op.a"}).content.decode()


def test_a_role_is_granted_from_the_user_page_choosing_the_pemda_first_for_an_operator(sysadmin, cast):
    url = reverse("workspace:system_user_role_grant", args=[cast.no_role.pk])
    first = sysadmin.post(url, {"role": Role.OPERATOR, "government": cast.gov_a.pk})
    assert first.status_code == 200
    assert "Pilih perangkat daerah tempat operator ini bekerja." in first.content.decode()
    assert cast.agency_a.name in first.content.decode() and cast.agency_b.name not in first.content.decode()
    wrong = sysadmin.post(url, {"role": Role.OPERATOR, "government": cast.gov_a.pk, "agency": cast.agency_b.pk})
    assert "Masukkan pilihan yang valid" in wrong.content.decode()
    done = sysadmin.post(url, {"role": Role.OPERATOR, "government": cast.gov_a.pk, "agency": cast.agency_a.pk})
    assert done.status_code == 302
    assert Membership.objects.get(user=cast.no_role).agency == cast.agency_a


def test_a_role_without_its_scope_is_refused_in_indonesian(sysadmin, cast):
    url = reverse("workspace:system_user_role_grant", args=[cast.no_role.pk])
    assert "Pilih penyelenggara" in sysadmin.post(url, {"role": Role.JUROR}).content.decode()
    assert "Pilih pemerintah daerah" in sysadmin.post(url, {"role": Role.PEMDA_ADMIN}).content.decode()
    assert "Pilih dulu pemerintah daerahnya" in sysadmin.post(url, {"role": Role.OPERATOR}).content.decode()
    assert sysadmin.post(url, {"role": "raja", "government": "²"}).status_code == 200
    assert not Membership.objects.filter(user=cast.no_role).exists()


def test_revoking_the_own_system_admin_role_is_refused_on_screen(sysadmin, cast):
    make_user("sys2@uji.test", Role.SYSTEM_ADMIN)
    own = cast.system_admin.memberships.get()
    response = sysadmin.post(reverse("workspace:system_membership_revoke", args=[own.pk]), follow=True)
    assert "Anda tidak dapat mencabut peran Admin sistem Anda sendiri." in response.content.decode()
    own.refresh_from_db()
    assert own.is_active


def test_revoking_and_deactivating_from_the_user_page(sysadmin, cast):
    membership = cast.juror.memberships.get()
    sysadmin.post(reverse("workspace:system_membership_revoke", args=[membership.pk]))
    membership.refresh_from_db()
    assert not membership.is_active
    sysadmin.post(reverse("workspace:system_user_set_active", args=[cast.juror.pk]), {"aktif": "0"})
    cast.juror.refresh_from_db()
    assert not cast.juror.is_active
    page = sysadmin.get(reverse("workspace:system_user_detail", args=[cast.juror.pk])).content.decode()
    assert "Aktifkan kembali akun" in page and "dicabut" in page


def test_a_lost_device_is_reset_after_a_reason_and_a_check_your_answers_page(sysadmin, cast):
    TOTPDevice.objects.create(user=cast.organizer, name="Aplikasi autentikator", confirmed=True)
    url = reverse("workspace:system_two_factor_reset", args=[cast.organizer.pk])
    assert "Tuliskan alasannya" in sysadmin.post(url, {"reason": "hilang"}).content.decode()
    check = sysadmin.post(url, {"reason": "Ponsel hilang di perjalanan dinas"})
    content = check.content.decode()
    assert "Periksa sebelum mengatur ulang" in content and 'name="konfirmasi"' in content
    assert TOTPDevice.objects.filter(user=cast.organizer).exists()
    done = sysadmin.post(url, {"reason": "Ponsel hilang di perjalanan dinas", "konfirmasi": "1"})
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=cast.organizer).exists()
    assert AuditEvent.objects.get(action="accounts.two_factor_reset").after["reason"] == (
        "Ponsel hilang di perjalanan dinas"
    )


def test_a_system_admin_invites_anyone_to_any_role_through_the_outbox(sysadmin, cast):
    url = reverse("workspace:system_invitation_list")
    response = sysadmin.post(
        url,
        {
            "email": "Juri.Baru@Uji.test",
            "full_name": "Juri Baru",
            "role": Role.JUROR,
            "organizer_body": cast.other_body.pk,
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.organizer_body) == ("juri.baru@uji.test", cast.other_body)
    assert OutgoingMail.objects.filter(to="juri.baru@uji.test").exists()
    assert "juri.baru@uji.test" in sysadmin.get(url).content.decode()
    bad = sysadmin.post(url, {"email": "bukan-email", "full_name": "", "role": Role.SYSTEM_ADMIN})
    assert "Masukkan alamat email yang valid." in bad.content.decode()
    assert Invitation.objects.count() == 1


def test_a_failed_mail_is_listed_and_resent(sysadmin, cast):
    mail = OutgoingMail.objects.create(to="x@uji.test", subject="Uji", body="-", state=MailState.FAILED, attempts=6)
    url = reverse("workspace:system_outbox")
    assert "x@uji.test" in sysadmin.get(url).content.decode()
    assert sysadmin.get(url, {"status": "entah"}).context["state"] == MailState.FAILED
    sysadmin.post(reverse("workspace:system_outbox_retry", args=[mail.pk]))
    mail.refresh_from_db()
    assert (mail.state, mail.attempts) == (MailState.QUEUED, 0)
    assert AuditEvent.objects.filter(action="outbox.retry").exists()


@pytest.mark.parametrize("who", ["admin_a", "organizer", "operator_a"])
def test_other_personas_are_refused_every_system_screen_and_write(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("workspace:system_user_list")).status_code == 403
    response = client.post(reverse("workspace:system_user_set_active", args=[cast.no_role.pk]), {"aktif": "0"})
    assert response.status_code == 403
    cast.no_role.refresh_from_db()
    assert cast.no_role.is_active


def test_a_deactivated_user_is_signed_out_at_the_next_request(client, cast):
    victim = Client()
    victim.force_login(cast.operator_a)
    assert victim.get(reverse("workspace:dashboard")).status_code == 200
    client.force_login(cast.system_admin)
    client.post(reverse("workspace:system_user_set_active", args=[cast.operator_a.pk]), {"aktif": "0"})
    assert victim.get(reverse("workspace:dashboard"))["Location"].startswith(reverse("accounts:login"))


def test_the_user_page_offers_the_two_factor_reset_only_when_a_device_exists(sysadmin, cast):
    url = reverse("workspace:system_user_detail", args=[cast.organizer.pk])
    reset = reverse("workspace:system_two_factor_reset", args=[cast.organizer.pk])
    assert reset not in sysadmin.get(url).content.decode()
    TOTPDevice.objects.create(user=cast.organizer, name="Aplikasi autentikator", confirmed=True)
    assert reset in sysadmin.get(url).content.decode()


def test_an_open_invitation_is_resent_with_a_new_link_or_cancelled(sysadmin, cast):
    invitation = services.invite_user(
        email="calon@uji.test", full_name="Calon", role=Role.VERIFIER, scope=cast.body, actor=cast.organizer
    )
    sysadmin.post(reverse("workspace:system_invitation_resend", args=[invitation.pk]))
    fresh = Invitation.objects.get()
    assert fresh.token != invitation.token and fresh.invited_by == cast.system_admin
    assert OutgoingMail.objects.filter(to="calon@uji.test").count() == 2
    sysadmin.post(reverse("workspace:system_invitation_cancel", args=[fresh.pk]))
    assert not Invitation.objects.exists()
    assert AuditEvent.objects.get(action="invitation.cancel").before["email"] == "calon@uji.test"
    assert sysadmin.post(reverse("workspace:system_invitation_cancel", args=[fresh.pk])).status_code == 404
