"""Role predicates: who holds which membership. Other apps compose these into their permissions.

Memberships are read once per request and cached on the user object, so a page that checks many
permissions costs one query.
"""

import rules

from inovasi.accounts.enums import Role


def active_memberships(user) -> list:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_active_memberships", None)
    if cached is None:
        cached = list(
            user.memberships.active().select_related("government", "agency", "agency__government", "organizer_body")
        )
        user._active_memberships = cached
    return cached


def forget_memberships(user) -> None:
    user.__dict__.pop("_active_memberships", None)


def _has_role(user, role) -> bool:
    return any(m.role == role for m in active_memberships(user))


@rules.predicate
def is_system_admin(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active) or _has_role(user, Role.SYSTEM_ADMIN)


@rules.predicate
def is_superuser(user) -> bool:
    """A technical operator (`createsuperuser`), not a role: the only user of Django admin."""
    return bool(getattr(user, "is_superuser", False) and user.is_active)


@rules.predicate
def is_pemda_admin(user) -> bool:
    return _has_role(user, Role.PEMDA_ADMIN)


@rules.predicate
def is_operator(user) -> bool:
    return _has_role(user, Role.OPERATOR)


@rules.predicate
def is_organizer(user) -> bool:
    return _has_role(user, Role.ORGANIZER)


@rules.predicate
def is_juror(user) -> bool:
    return _has_role(user, Role.JUROR)


@rules.predicate
def is_verifier(user) -> bool:
    return _has_role(user, Role.VERIFIER)


def governments_administered(user) -> set[int]:
    return {m.government_id for m in active_memberships(user) if m.role == Role.PEMDA_ADMIN}


def agencies_operated(user) -> set[int]:
    return {m.agency_id for m in active_memberships(user) if m.role == Role.OPERATOR}


def bodies_organized(user) -> set[int]:
    return {m.organizer_body_id for m in active_memberships(user) if m.role == Role.ORGANIZER}


@rules.predicate
def is_admin_of_government(user, government) -> bool:
    return government is not None and government.pk in governments_administered(user)


@rules.predicate
def is_operator_of_agency(user, agency) -> bool:
    """The operator's own agency or a unit below it (Dinas Kesehatan's operator covers its Puskesmas)."""
    if agency is None:
        return False
    mine = agencies_operated(user)
    if not mine:
        return False
    return agency.pk in mine or any(a.pk in mine for a in agency.ancestors())


@rules.predicate
def is_organizer_of(user, body) -> bool:
    return body is not None and body.pk in bodies_organized(user)


rules.add_perm("accounts.use_workspace", is_system_admin | is_pemda_admin | is_operator)
rules.add_perm("accounts.use_organizer_desk", is_system_admin | is_organizer)
rules.add_perm("accounts.use_jury_desk", is_juror | is_verifier)
rules.add_perm("accounts.invite_to_government", is_system_admin | is_admin_of_government)
rules.add_perm("accounts.invite_to_body", is_system_admin | is_organizer_of)
# System admins work from the workspace's system screens (bodies, users, roles, invitations, lost
# two-factor devices, the outbox), whose writes go through audited services. Django admin edits rows
# directly, so it stays with superusers.
rules.add_perm("accounts.administer_system", is_system_admin)
rules.add_perm("accounts.use_django_admin", is_superuser)
rules.add_perm("audit.view_events", is_system_admin)
