"""The menu each persona sees: only the desks they may use."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool = False


def _items_for(user) -> list[tuple[str, str]]:
    items = [
        (_("Beranda"), reverse("public:home")),
        (_("Katalog inovasi"), reverse("public:catalog")),
        (_("Kompetisi"), reverse("public:edition_list")),
        (_("Indeks Inovasi Daerah"), reverse("public:index_dashboard")),
        (_("Berita"), reverse("public:press_list")),
    ]
    if not getattr(user, "is_authenticated", False):
        return items
    if user.has_perm("accounts.use_workspace"):
        items.append((_("Ruang kerja"), reverse("workspace:dashboard")))
    if user.has_perm("accounts.use_organizer_desk"):
        items.append((_("Panitia"), reverse("organizer:dashboard")))
    if user.has_perm("accounts.use_jury_desk"):
        items.append((_("Juri & verifikasi"), reverse("jury:dashboard")))
    if user.has_perm("accounts.administer_system"):
        items.append((_("Admin sistem"), reverse("workspace:system_home")))
    if user.has_perm("accounts.use_django_admin"):
        items.append((_("Admin Django"), reverse("admin:index")))
    return items


def navigation_for(user, path: str = "/") -> list[NavItem]:
    """Menu items, the one whose URL is the longest prefix of `path` marked active."""
    items = _items_for(user)
    matches = [url for _label, url in items if path == url or (url != "/" and path.startswith(url))]
    current = max(matches, key=len, default=None)
    return [NavItem(label, url, url == current) for label, url in items]
