"""The system admin's verbs: roles, account status, lost two-factor devices — audited, with guards."""

import pytest
from django.core.exceptions import ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice

from inovasi.accounts import administration
from inovasi.accounts.enums import Role
from inovasi.accounts.models import Membership
from inovasi.audit.models import AuditEvent
from inovasi.organisations import services as organisation_services
from tests_support.personas import make_user


def test_granting_a_role_is_audited_and_takes_effect(cast):
    membership = administration.grant_role(
        user=cast.no_role, role=Role.PEMDA_ADMIN, scope=cast.gov_a, actor=cast.system_admin
    )
    assert membership.government == cast.gov_a
    assert cast.no_role.has_perm("organisations.manage_agencies", cast.gov_a)
    event = AuditEvent.objects.get(action="membership.grant")
    assert (event.actor, event.after["role"]) == (cast.system_admin, Role.PEMDA_ADMIN)


def test_granting_a_role_twice_or_into_an_inactive_body_is_refused(cast):
    with pytest.raises(ValidationError, match="sudah memegang"):
        administration.grant_role(user=cast.organizer, role=Role.ORGANIZER, scope=cast.body, actor=cast.system_admin)
    organisation_services.set_body_active(body=cast.other_body, active=False, actor=cast.system_admin)
    cast.other_body.refresh_from_db()
    with pytest.raises(ValidationError, match="tidak aktif"):
        administration.grant_role(user=cast.juror, role=Role.JUROR, scope=cast.other_body, actor=cast.system_admin)


def test_a_system_admin_cannot_revoke_their_own_system_admin_role(cast):
    make_user("sys2@uji.test", Role.SYSTEM_ADMIN)
    own = cast.system_admin.memberships.get(role=Role.SYSTEM_ADMIN)
    with pytest.raises(ValidationError, match="sendiri"):
        administration.revoke_role(membership=own, actor=cast.system_admin)
    own.refresh_from_db()
    assert own.is_active
    assert not AuditEvent.objects.exists()


def test_the_last_system_admin_cannot_be_revoked_or_deactivated(cast):
    root = make_user("root@uji.test", is_superuser=True)
    own = cast.system_admin.memberships.get(role=Role.SYSTEM_ADMIN)
    with pytest.raises(ValidationError, match="terakhir"):
        administration.revoke_role(membership=own, actor=root)
    with pytest.raises(ValidationError, match="terakhir"):
        administration.set_user_active(user=cast.system_admin, active=False, actor=root)
    second = make_user("sys2@uji.test", Role.SYSTEM_ADMIN)
    administration.revoke_role(membership=own, actor=second)
    own.refresh_from_db()
    assert not own.is_active
    event = AuditEvent.objects.get(action="membership.revoke")
    assert (event.before, event.after) == ({"is_active": True}, {"is_active": False})


def test_revoking_another_role_takes_the_permission_away(cast):
    membership = cast.operator_a.memberships.get()
    administration.revoke_role(membership=membership, actor=cast.system_admin)
    cast.operator_a.refresh_from_db()
    assert not cast.operator_a.has_perm("accounts.use_workspace")


def test_deactivating_a_user_keeps_the_roles_and_is_audited_both_ways(cast):
    administration.set_user_active(user=cast.operator_a, active=False, actor=cast.system_admin)
    cast.operator_a.refresh_from_db()
    assert not cast.operator_a.is_active
    assert Membership.objects.filter(user=cast.operator_a, is_active=True).exists()
    administration.set_user_active(user=cast.operator_a, active=True, actor=cast.system_admin)
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "before", "after"))
    assert actions == [
        ("accounts.user_deactivate", {"is_active": True}, {"is_active": False}),
        ("accounts.user_activate", {"is_active": False}, {"is_active": True}),
    ]


def test_nobody_deactivates_their_own_account(cast):
    with pytest.raises(ValidationError, match="sendiri"):
        administration.set_user_active(user=cast.system_admin, active=False, actor=cast.system_admin)


def test_resetting_two_factor_removes_every_device_and_records_the_reason(cast):
    TOTPDevice.objects.create(user=cast.organizer, name="Ponsel lama", confirmed=True)
    TOTPDevice.objects.create(user=cast.organizer, name="Belum jadi", confirmed=False)
    TOTPDevice.objects.create(user=cast.juror, name="Milik juri", confirmed=True)
    removed = administration.reset_two_factor(
        user=cast.organizer, reason="  Ponsel hilang,\n dilaporkan lewat telepon ", actor=cast.system_admin
    )
    assert removed == 2
    assert list(TOTPDevice.objects.values_list("name", flat=True)) == ["Milik juri"]
    event = AuditEvent.objects.get(action="accounts.two_factor_reset")
    assert event.after == {"devices": [], "reason": "Ponsel hilang, dilaporkan lewat telepon"}
    assert [d["name"] for d in event.before["devices"]] == ["Ponsel lama", "Belum jadi"]


def test_a_two_factor_reset_needs_a_reason_and_a_device(cast):
    TOTPDevice.objects.create(user=cast.organizer, name="Ponsel", confirmed=True)
    with pytest.raises(ValidationError, match="alasan"):
        administration.reset_two_factor(user=cast.organizer, reason="hilang", actor=cast.system_admin)
    with pytest.raises(ValidationError, match="tidak memiliki perangkat"):
        administration.reset_two_factor(user=cast.juror, reason="Ponsel hilang kemarin", actor=cast.system_admin)
    assert TOTPDevice.objects.filter(user=cast.organizer).exists()
    assert not AuditEvent.objects.exists()


def test_organizer_bodies_are_created_renamed_and_deactivated_with_before_and_after(cast):
    body = organisation_services.create_body(
        name=" Biro Organisasi Jateng ", short_name="Biro Jateng", actor=cast.system_admin
    )
    assert (body.name, body.government) == ("Biro Organisasi Jateng", None)
    organisation_services.update_body(body=body, name="Biro Organisasi Jawa Tengah", actor=cast.system_admin)
    organisation_services.set_body_active(body=body, active=False, actor=cast.system_admin)
    update = AuditEvent.objects.get(action="organizer_body.update")
    assert (update.before["name"], update.after["name"]) == ("Biro Organisasi Jateng", "Biro Organisasi Jawa Tengah")
    assert AuditEvent.objects.filter(action="organizer_body.deactivate").exists()


def test_a_duplicate_body_name_is_refused_in_indonesian(cast):
    with pytest.raises(ValidationError) as caught:
        organisation_services.create_body(name="biro organisasi jatim", actor=cast.system_admin)
    assert caught.value.message_dict == {"name": ["Nama penyelenggara ini sudah dipakai."]}
