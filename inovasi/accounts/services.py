"""Business verbs for accounts: invitations and memberships. Each is audited."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.accounts.enums import ROLE_SCOPE, SCOPE_FIELDS, Role
from inovasi.accounts.models import Invitation, Membership, User
from inovasi.audit.services import record_event
from inovasi.outbox.services import queue_mail


def _scope_kwargs(role: str, scope) -> dict:
    field = ROLE_SCOPE[Role(role)]
    kwargs = dict.fromkeys(SCOPE_FIELDS)
    if field is None:
        if scope is not None:
            raise ValueError(f"role {role} takes no scope")
    else:
        if scope is None:
            raise ValidationError(
                _("Peran ini memerlukan cakupan (pemerintah daerah, perangkat daerah atau penyelenggara).")
            )
        kwargs[field] = scope
    return kwargs


@transaction.atomic
def invite_user(*, email: str, full_name: str, role: str, scope, actor) -> Invitation:
    """Create an invitation and e-mail its link after commit.

    An address that already has an account gets the membership straight away instead (and is told
    by mail); an open invitation for the same address and role is replaced.
    """
    email = User.objects.normalize_email(email).strip().lower()
    scope_kwargs = _scope_kwargs(role, scope)
    Invitation.objects.filter(email=email, role=role, accepted_at__isnull=True, **scope_kwargs).delete()
    invitation = Invitation.objects.create(
        email=email,
        full_name=full_name.strip(),
        role=role,
        token=secrets.token_urlsafe(32),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        **scope_kwargs,
    )
    record_event(
        actor=actor,
        action="invitation.create",
        obj=invitation,
        after={"email": email, "role": role, "scope": str(scope) if scope else None},
    )
    link = settings.SITE_URL + reverse("accounts:accept_invitation", args=[invitation.token])
    body = render_to_string("accounts/email/invitation.txt", {"invitation": invitation, "link": link})
    queue_mail(to=email, subject=_("Undangan bergabung di Inovasi"), body=body)
    return invitation


@transaction.atomic
def accept_invitation(*, invitation: Invitation, password: str, full_name: str | None = None) -> User:
    """Turn a usable invitation into an account (or a new role for an existing account)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError(_("Undangan ini sudah dipakai atau kedaluwarsa. Mintalah undangan baru."))
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        user = User(email=invitation.email, full_name=(full_name or invitation.full_name).strip())
        password_validation.validate_password(password, user)
        user.set_password(password)
        user.save()
    membership = grant_membership(user=user, role=invitation.role, scope=invitation.scope, actor=user)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record_event(actor=user, action="invitation.accept", obj=invitation, after={"membership": membership.pk})
    return user


@transaction.atomic
def grant_membership(*, user: User, role: str, scope, actor) -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, role=role, **_scope_kwargs(role, scope))
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
        created = True
    if created:
        record_event(
            actor=actor,
            action="membership.grant",
            obj=membership,
            after={"user": user.email, "role": role, "scope": str(scope) if scope else None},
        )
    return membership


@transaction.atomic
def revoke_membership(*, membership: Membership, actor) -> Membership:
    if membership.is_active:
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        record_event(
            actor=actor,
            action="membership.revoke",
            obj=membership,
            before={"is_active": True},
            after={"is_active": False},
        )
    return membership


def confirm_two_factor_device(*, device, actor):
    """Activate an enrolled TOTP device after its first correct code. Audit: `accounts.two_factor_enrolled`."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record_event(actor=actor, action="accounts.two_factor_enrolled", obj=actor, after={"device": device.name})
    return device
