"""The menu each persona sees: only the desks they may use."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    key: str


def navigation_for(user) -> list[NavItem]:
    items = [NavItem(_("Beranda"), reverse("public:home"), "public")]
    if not getattr(user, "is_authenticated", False):
        return items
    if user.has_perm("accounts.use_workspace"):
        items.append(NavItem(_("Ruang kerja"), reverse("workspace:dashboard"), "workspace"))
    if user.has_perm("accounts.use_organizer_desk"):
        items.append(NavItem(_("Panitia"), reverse("organizer:dashboard"), "organizer"))
    if user.has_perm("accounts.use_jury_desk"):
        items.append(NavItem(_("Juri & verifikasi"), reverse("jury:dashboard"), "jury"))
    if user.has_perm("accounts.use_django_admin"):
        items.append(NavItem(_("Admin sistem"), reverse("admin:index"), "admin"))
    return items
