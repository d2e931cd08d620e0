"""Personas × actions: who may do what, including every refusal."""

import pytest
from django.contrib.auth.models import AnonymousUser

PERSONAS = [
    "anonymous",
    "no_role",
    "operator_a",
    "operator_b",
    "admin_a",
    "admin_b",
    "organizer",
    "juror",
    "verifier",
    "system_admin",
]

# action → (permission, object attribute on the cast or None) and the personas allowed.
MATRIX = {
    "manage agencies of Pemda A": ("organisations.manage_agencies", "gov_a", {"admin_a", "system_admin"}),
    "change an agency of Pemda A": ("organisations.change_agency", "agency_a", {"admin_a", "system_admin"}),
    "change an agency of Pemda B": ("organisations.change_agency", "agency_b", {"admin_b", "system_admin"}),
    "invite users to Pemda A": ("accounts.invite_to_government", "gov_a", {"admin_a", "system_admin"}),
    "invite jurors to the organizer body": ("accounts.invite_to_body", "body", {"organizer", "system_admin"}),
    "invite jurors to another body": ("accounts.invite_to_body", "other_body", {"system_admin"}),
    "use the workspace": (
        "accounts.use_workspace",
        None,
        {"operator_a", "operator_b", "admin_a", "admin_b", "system_admin"},
    ),
    "use the organizer desk": ("accounts.use_organizer_desk", None, {"organizer", "system_admin"}),
    "use the jury desk": ("accounts.use_jury_desk", None, {"juror", "verifier"}),
    "use the system admin's screens": ("accounts.administer_system", None, {"system_admin"}),
    # Django admin is for superusers; no persona is one (system admins use the system screens).
    "use Django admin": ("accounts.use_django_admin", None, set()),
    "read the audit trail": ("audit.view_events", None, {"system_admin"}),
}


def persona(cast, name):
    return AnonymousUser() if name == "anonymous" else getattr(cast, name)


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("who", PERSONAS)
def test_permission_matrix(cast, who, action):
    perm, attr, allowed = MATRIX[action]
    obj = getattr(cast, attr) if attr else None
    assert persona(cast, who).has_perm(perm, obj) is (who in allowed)


def test_a_revoked_membership_grants_nothing(cast):
    membership = cast.admin_a.memberships.get()
    membership.is_active = False
    membership.save()
    cast.admin_a.refresh_from_db()
    assert not cast.admin_a.has_perm("organisations.manage_agencies", cast.gov_a)


def test_an_inactive_user_is_refused_everything(cast):
    cast.system_admin.is_active = False
    cast.system_admin.save()
    assert not cast.system_admin.has_perm("accounts.administer_system")
