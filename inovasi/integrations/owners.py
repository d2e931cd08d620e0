"""Who owns tokens and endpoints: a Pemda or an organizer body, and who may manage them.

The one rule: an active Admin Pemda membership of that government, or an active organizer
membership of that body. Tokens act for their creator only while this holds.
"""

from dataclasses import dataclass

from inovasi.accounts.enums import Role
from inovasi.accounts.models import Membership
from inovasi.integrations.enums import SCOPES_FOR_OWNER, OwnerKind
from inovasi.organisations.models import Government, OrganizerBody


@dataclass(frozen=True)
class Owner:
    kind: str
    obj: object

    @property
    def pk(self) -> int:
        return self.obj.pk

    @property
    def name(self) -> str:
        return str(getattr(self.obj, "name", self.obj))

    @property
    def slug(self) -> str:
        return f"{'pemda' if self.kind == OwnerKind.GOVERNMENT else 'penyelenggara'}-{self.pk}"

    @property
    def allowed_scopes(self):
        return SCOPES_FOR_OWNER[self.kind]

    def fields(self) -> dict:
        if self.kind == OwnerKind.GOVERNMENT:
            return {"government": self.obj, "organizer_body": None}
        return {"government": None, "organizer_body": self.obj}


def owner_of(record) -> Owner:
    if record.government_id:
        return Owner(OwnerKind.GOVERNMENT, record.government)
    return Owner(OwnerKind.ORGANIZER_BODY, record.organizer_body)


def owner_from_slug(slug: str) -> Owner | None:
    """`pemda-12` or `penyelenggara-3` → the owner, or None for anything else."""
    kind, _, number = (slug or "").rpartition("-")
    if not number.isdigit() or len(number) > 12:
        return None
    if kind == "pemda":
        obj = Government.objects.filter(pk=int(number)).first()
        return Owner(OwnerKind.GOVERNMENT, obj) if obj else None
    if kind == "penyelenggara":
        obj = OrganizerBody.objects.filter(pk=int(number)).first()
        return Owner(OwnerKind.ORGANIZER_BODY, obj) if obj else None
    return None


def may_manage(user, owner: Owner) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    memberships = Membership.objects.active().filter(user=user)
    if owner.kind == OwnerKind.GOVERNMENT:
        return memberships.filter(role=Role.PEMDA_ADMIN, government_id=owner.pk).exists()
    return memberships.filter(role=Role.ORGANIZER, organizer_body_id=owner.pk).exists()


def managed_by(user) -> list[Owner]:
    """Every owner whose tokens and endpoints this user may manage, Pemda first."""
    if not getattr(user, "is_authenticated", False):
        return []
    memberships = (
        Membership.objects.active()
        .filter(user=user, role__in=[Role.PEMDA_ADMIN, Role.ORGANIZER])
        .select_related("government", "organizer_body")
        .order_by("role", "pk")
    )
    owners = []
    for m in memberships:
        if m.role == Role.PEMDA_ADMIN and m.government_id:
            owners.append(Owner(OwnerKind.GOVERNMENT, m.government))
        elif m.role == Role.ORGANIZER and m.organizer_body_id:
            owners.append(Owner(OwnerKind.ORGANIZER_BODY, m.organizer_body))
    return owners
