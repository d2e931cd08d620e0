import re
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from inovasi.accounts import services
from inovasi.accounts.enums import Role
from inovasi.accounts.models import Invitation, Membership, User
from inovasi.audit.models import AuditEvent
from inovasi.audit.services import verify_chain
from inovasi.organisations.models import Agency
from tests_support import PASSWORD


def test_users_log_in_with_their_email_in_any_case(client, cast):
    response = client.post(reverse("accounts:login"), {"username": "ADMIN.A@uji.test", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")
    assert client.get(reverse("accounts:home"))["Location"] == reverse("workspace:dashboard")


def test_a_wrong_password_is_explained_in_indonesian(client, cast):
    response = client.post(reverse("accounts:login"), {"username": "admin.a@uji.test", "password": "salah"})
    assert response.status_code == 200
    assert "Email atau kata sandi salah." in response.content.decode()


@pytest.mark.parametrize(
    ("who", "desk"),
    [
        ("admin_a", "workspace:dashboard"),
        ("operator_a", "workspace:dashboard"),
        ("organizer", "organizer:dashboard"),
        ("juror", "jury:dashboard"),
        ("verifier", "jury:dashboard"),
        ("no_role", "accounts:profile"),
    ],
)
def test_each_persona_lands_on_its_own_desk(client, cast, who, desk):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("accounts:home"))["Location"] == reverse(desk)


def test_password_reset_mails_a_working_link(client, cast, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves the outbox after commit
        response = client.post(reverse("accounts:password_reset"), {"email": "op.a@uji.test"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    (mail,) = mailoutbox
    assert mail.to == ["op.a@uji.test"]
    assert mail.subject == "Atur ulang kata sandi Inovasi"
    link = re.search(r"http://\S+/akun/atur-sandi/\S+/", mail.body).group(0)
    path = link.split("testserver", 1)[1]
    form_url = client.get(path)["Location"]
    response = client.post(form_url, {"new_password1": "Sawah-Hijau-2026", "new_password2": "Sawah-Hijau-2026"})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert client.login(username="op.a@uji.test", password="Sawah-Hijau-2026")


def test_admin_pemda_invites_an_operator_who_accepts(client, cast, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(cast.admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workspace:member_list", args=[cast.gov_a.pk]),
            {"email": "Baru@Uji.test", "full_name": "Operator Baru", "role": Role.OPERATOR, "agency": cast.unit_a.pk},
        )
    assert response.status_code == 302
    (mail,) = mailoutbox
    assert mail.to == ["baru@uji.test"]
    link = re.search(r"/akun/undangan/\S+/", mail.body).group(0)
    client.logout()
    response = client.post(
        link, {"full_name": "Operator Baru", "password1": "Kebun-Apel-2026", "password2": "Kebun-Apel-2026"}
    )
    assert response["Location"] == reverse("accounts:home")
    user = User.objects.get(email="baru@uji.test")
    assert user.memberships.get().agency == cast.unit_a
    assert user.has_perm("accounts.use_workspace")
    assert [e.action for e in AuditEvent.objects.order_by("id")] == [
        "invitation.create",
        "membership.grant",
        "invitation.accept",
    ]
    assert verify_chain().ok


def test_an_operator_invitation_needs_an_agency_of_the_same_pemda(client, cast):
    client.force_login(cast.admin_a)
    response = client.post(
        reverse("workspace:member_list", args=[cast.gov_a.pk]),
        {"email": "x@uji.test", "full_name": "X", "role": Role.OPERATOR, "agency": cast.agency_b.pk},
    )
    assert "Masukkan pilihan yang valid" in response.content.decode()
    response = client.post(
        reverse("workspace:member_list", args=[cast.gov_a.pk]),
        {"email": "x@uji.test", "full_name": "X", "role": Role.OPERATOR},
    )
    assert "Pilih perangkat daerah tempat operator ini bekerja." in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_weak_password_is_refused_and_no_account_is_made(client, cast):
    invitation = services.invite_user(
        email="lemah@uji.test", full_name="Lemah", role=Role.OPERATOR, scope=cast.agency_a, actor=cast.admin_a
    )
    response = client.post(
        reverse("accounts:accept_invitation", args=[invitation.token]),
        {"full_name": "Lemah", "password1": "12345678", "password2": "12345678"},
    )
    content = response.content.decode()
    assert "Kata sandi terlalu pendek. Harus mengandung setidaknya 10 karakter." in content
    assert not User.objects.filter(email="lemah@uji.test").exists()


def test_an_expired_invitation_is_refused(client, cast):
    invitation = services.invite_user(
        email="telat@uji.test", full_name="Telat", role=Role.JUROR, scope=cast.body, actor=cast.organizer
    )
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = client.get(reverse("accounts:accept_invitation", args=[invitation.token]))
        assert response.status_code == 410
        assert "sudah dipakai atau kedaluwarsa" in response.content.decode()
        with pytest.raises(ValidationError):
            services.accept_invitation(invitation=invitation, password="Kebun-Apel-2026")
    assert not User.objects.filter(email="telat@uji.test").exists()


def test_an_existing_account_gets_the_new_role_without_touching_its_password(client, cast):
    invitation = services.invite_user(
        email="op.a@uji.test", full_name="Op A", role=Role.JUROR, scope=cast.body, actor=cast.organizer
    )
    response = client.post(reverse("accounts:accept_invitation", args=[invitation.token]))
    assert response["Location"] == reverse("accounts:login")
    assert set(cast.operator_a.memberships.values_list("role", flat=True)) == {Role.OPERATOR, Role.JUROR}
    assert client.login(username="op.a@uji.test", password=PASSWORD)


def test_an_unknown_invitation_token_is_a_404(client, db):
    assert client.get(reverse("accounts:accept_invitation", args=["tidak-ada"])).status_code == 404


def test_organizer_invites_a_juror_to_its_own_body_only(client, cast):
    client.force_login(cast.organizer)
    ok = client.post(
        reverse("organizer:body_members", args=[cast.body.pk]),
        {"email": "juri2@uji.test", "full_name": "Juri Dua", "role": Role.JUROR},
    )
    assert ok.status_code == 302
    refused = client.post(
        reverse("organizer:body_members", args=[cast.other_body.pk]),
        {"email": "juri3@uji.test", "full_name": "Juri Tiga", "role": Role.JUROR},
    )
    assert refused.status_code == 403
    assert list(Invitation.objects.values_list("email", "organizer_body")) == [("juri2@uji.test", cast.body.pk)]


def test_a_membership_scope_must_match_its_role(cast):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=cast.no_role, role=Role.OPERATOR, government=cast.gov_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=cast.no_role, role=Role.PEMDA_ADMIN, government=cast.gov_a, agency=Agency.objects.first()
        )


def test_revoking_a_membership_is_audited(cast):
    membership = cast.operator_a.memberships.get()
    services.revoke_membership(membership=membership, actor=cast.admin_a)
    event = AuditEvent.objects.get()
    assert (event.action, event.before, event.after) == ("membership.revoke", {"is_active": True}, {"is_active": False})
