"""Named queries of the press desk: which releases, editions, awards and Pemda a user may write about."""

from django.db.models import Q

from inovasi.accounts.enums import Role
from inovasi.accounts.rules import active_memberships, governments_administered, is_system_admin
from inovasi.awards.models import Award
from inovasi.competitions.models import Edition
from inovasi.organisations.models import Government
from inovasi.press.models import PressKind, PressRelease


def _organizer_bodies(user) -> list:
    return [m.organizer_body for m in active_memberships(user) if m.role == Role.ORGANIZER and m.organizer_body]


def covered_governments_filter(user, prefix: str = "") -> Q | None:
    """A filter for the Pemda the user's organizer bodies cover (see `press.rules`); None = none."""
    condition, any_body = Q(), False
    for body in _organizer_bodies(user):
        if not body.is_active:
            continue
        if body.government_id is None:
            return Q(**{f"{prefix}pk__isnull": False})  # a national body covers every Pemda
        any_body = True
        condition |= Q(**{f"{prefix}pk": body.government_id}) | Q(
            **{f"{prefix}region__parent_id": body.government.region_id}
        )
    return condition if any_body else None


def releases_managed_by(user):
    qs = PressRelease.objects.with_targets().order_by("-updated_at", "-pk")
    if is_system_admin(user):
        return qs
    bodies = [b.pk for b in _organizer_bodies(user)]
    condition = Q(kind__in=[PressKind.EDITION_RESULTS, PressKind.AWARD], edition__competition__body_id__in=bodies)
    condition |= Q(kind=PressKind.REGION_YEAR, government_id__in=governments_administered(user))
    covered = covered_governments_filter(user, "government__")
    if covered is not None:
        condition |= Q(kind=PressKind.REGION_YEAR) & covered
    return qs.filter(condition)


def editions_for(user):
    qs = Edition.objects.with_competition().order_by("-year", "name")
    if is_system_admin(user):
        return qs
    return qs.filter(competition__body_id__in=[b.pk for b in _organizer_bodies(user)])


def awards_for(user):
    return (
        Award.objects.filter(label__edition__in=editions_for(user))
        .select_related("label", "label__edition", "government")
        .order_by("-label__edition__year", "label__order", "recipient_name", "pk")
    )


def governments_for(user):
    """Pemda the user may write a region-year release about."""
    qs = Government.objects.active().select_related("region").order_by("region__code")
    if is_system_admin(user):
        return qs
    condition = Q(pk__in=governments_administered(user))
    covered = covered_governments_filter(user)
    if covered is not None:
        condition |= covered
    return qs.filter(condition)
