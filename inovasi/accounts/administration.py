"""Business verbs of the system admin's screens: roles, account status and lost two-factor devices.

Each runs in one transaction and writes an audit event with before/after values. Two guards keep
the system administrable: nobody removes their own last system-admin role, and the last active
system admin can be neither revoked nor deactivated.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from inovasi.accounts import services
from inovasi.accounts.enums import Role
from inovasi.accounts.models import Invitation, Membership, User
from inovasi.accounts.rules import forget_memberships
from inovasi.audit.services import record_event

REASON_MIN_LENGTH = 10


def _other_active_system_admins(user: User) -> bool:
    return Membership.objects.active().filter(role=Role.SYSTEM_ADMIN, user__is_active=True).exclude(user=user).exists()


def _lock_system_admin_roles():
    """Serialise the last-system-admin checks (two admins revoking each other at once)."""
    list(Membership.objects.select_for_update().filter(role=Role.SYSTEM_ADMIN).values_list("pk", flat=True))


@transaction.atomic
def grant_role(*, user: User, role: str, scope, actor) -> Membership:
    """Give `user` a role in `scope` (a Pemda, an agency, a body, or nothing for a system admin)."""
    if role not in Role.values:
        raise ValidationError(_("Peran tidak dikenal."))
    if scope is not None and hasattr(scope, "is_active") and not scope.is_active:
        raise ValidationError(_("Cakupan ini tidak aktif; aktifkan dulu atau pilih yang lain."))
    if Membership.objects.active().filter(user=user, role=role, **services._scope_kwargs(role, scope)).exists():
        raise ValidationError(_("Pengguna ini sudah memegang peran tersebut."))
    membership = services.grant_membership(user=user, role=role, scope=scope, actor=actor)
    forget_memberships(user)
    return membership


@transaction.atomic
def revoke_role(*, membership: Membership, actor) -> Membership:
    """Take a role away. Refused for one's own last system-admin role and for the last system admin."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_active:
        return membership
    if membership.role == Role.SYSTEM_ADMIN:
        _lock_system_admin_roles()
        if membership.user_id == actor.pk:
            raise ValidationError(_("Anda tidak dapat mencabut peran Admin sistem Anda sendiri."))
        if not _other_active_system_admins(membership.user):
            raise ValidationError(_("Ini Admin sistem aktif terakhir; tunjuk Admin sistem lain terlebih dahulu."))
    services.revoke_membership(membership=membership, actor=actor)
    forget_memberships(membership.user)
    return membership


@transaction.atomic
def set_user_active(*, user: User, active: bool, actor) -> User:
    """Deactivate (the account can no longer sign in) or reactivate a user; memberships are kept."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active == active:
        return user
    if not active:
        if user.pk == actor.pk:
            raise ValidationError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
        if Membership.objects.active().filter(user=user, role=Role.SYSTEM_ADMIN).exists():
            _lock_system_admin_roles()
            if not _other_active_system_admins(user):
                raise ValidationError(_("Ini Admin sistem aktif terakhir; tunjuk Admin sistem lain terlebih dahulu."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    record_event(
        actor=actor,
        action="accounts.user_activate" if active else "accounts.user_deactivate",
        obj=user,
        before={"is_active": not active},
        after={"is_active": active},
    )
    return user


def two_factor_devices(user: User) -> list[TOTPDevice]:
    return list(TOTPDevice.objects.filter(user=user).order_by("id"))


def clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if len(reason) < REASON_MIN_LENGTH:
        raise ValidationError(
            _("Tuliskan alasannya (minimal %(n)s karakter), misalnya ponsel hilang.") % {"n": REASON_MIN_LENGTH}
        )
    return reason[:500]


@transaction.atomic
def reset_two_factor(*, user: User, reason: str, actor) -> int:
    """Remove every authenticator device of `user` (a lost phone): the next login enrols a new one.

    Returns how many devices were removed. Audit: `accounts.two_factor_reset` with the reason."""
    reason = clean_reason(reason)
    devices = list(TOTPDevice.objects.select_for_update().filter(user=user).order_by("id"))
    if not devices:
        raise ValidationError(_("Pengguna ini tidak memiliki perangkat verifikasi dua langkah."))
    before = {"devices": [{"name": d.name, "confirmed": d.confirmed} for d in devices]}
    TOTPDevice.objects.filter(pk__in=[d.pk for d in devices]).delete()
    record_event(
        actor=actor,
        action="accounts.two_factor_reset",
        obj=user,
        before=before,
        after={"devices": [], "reason": reason},
    )
    return len(devices)


def _invitation_summary(invitation: Invitation) -> dict:
    return {
        "email": invitation.email,
        "role": invitation.role,
        "scope": str(invitation.scope) if invitation.scope else None,
        "expires_at": invitation.expires_at,
    }


@transaction.atomic
def cancel_invitation(*, invitation: Invitation, actor) -> None:
    """Withdraw an invitation not yet accepted: its link stops working. Audited with what it offered."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("Undangan ini sudah diterima; cabut perannya dari halaman pengguna."))
    record_event(actor=actor, action="invitation.cancel", obj=invitation, before=_invitation_summary(invitation))
    invitation.delete()


def resend_invitation(*, invitation: Invitation, actor) -> Invitation:
    """A fresh link (and validity) for an invitation not yet accepted; the old link stops working."""
    if invitation.accepted_at is not None:
        raise ValidationError(_("Undangan ini sudah diterima; tidak perlu dikirim ulang."))
    return services.invite_user(
        email=invitation.email,
        full_name=invitation.full_name,
        role=invitation.role,
        scope=invitation.scope,
        actor=actor,
    )
