from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from inovasi.organisations.enums import AgencyKind
from inovasi.regions.enums import RegionLevel


class GovernmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_region(self):
        return self.select_related("region", "region__parent")


class Government(models.Model):
    """The autonomous government (Pemda) of one region: Pemprov, Pemkab or Pemkot."""

    region = models.OneToOneField(
        "regions.Region", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="government"
    )
    name = models.CharField(_("nama"), max_length=150)
    short_name = models.CharField(_("nama singkat"), max_length=80)
    is_active = models.BooleanField(_("aktif"), default=True)

    objects = GovernmentQuerySet.as_manager()

    class Meta:
        ordering = ["region__code"]
        verbose_name = _("pemerintah daerah")
        verbose_name_plural = _("pemerintah daerah")

    def __str__(self):
        return self.name

    @property
    def level(self) -> str:
        return self.region.level

    @property
    def is_province(self) -> bool:
        return self.region.level == RegionLevel.PROVINSI


class AgencyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def of_government(self, government):
        return self.filter(government=government)


class Agency(models.Model):
    """A regional agency (perangkat daerah / OPD) or one of its units, as a tree under a Pemda.

    Dinas Kesehatan → Puskesmas Polowijen; Dinas Pendidikan → SMPN 10. The parent always belongs to
    the same Government. Agencies are deactivated rather than deleted once anything refers to them.
    """

    government = models.ForeignKey(
        Government, verbose_name=_("pemerintah daerah"), on_delete=models.PROTECT, related_name="agencies"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("induk"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=40, blank=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=AgencyKind.choices)
    is_active = models.BooleanField(_("aktif"), default=True)
    # The public contact shown on its innovations ("Hubungi untuk replikasi"): an office address,
    # not a person's private number. Edited by the Admin Pemda.
    public_email = models.EmailField(_("surel publik"), blank=True)
    public_phone = models.CharField(_("telepon publik"), max_length=30, blank=True)
    public_address = models.CharField(_("alamat kantor"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")
        constraints = [
            models.UniqueConstraint(Lower("name"), "government", name="agency_unique_name_per_government"),
        ]

    def __str__(self):
        return self.name

    @property
    def has_public_contact(self) -> bool:
        return bool(self.public_email or self.public_phone or self.public_address)

    def ancestors(self) -> list["Agency"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def descendant_ids(self) -> set[int]:
        """IDs of every agency below this one (one query per level; trees are shallow)."""
        found, frontier = set(), {self.pk}
        while frontier:
            frontier = set(Agency.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
            found |= frontier
        return found


class OrganizerBody(models.Model):
    """A body that runs competitions or the index: Biro Organisasi Jatim, KemenPAN-RB, BSKDN.

    `government` is set for a regional body (Biro Organisasi belongs to Pemprov Jawa Timur) and empty
    for a ministry.
    """

    name = models.CharField(_("nama"), max_length=200, unique=True)
    short_name = models.CharField(_("nama singkat"), max_length=60)
    government = models.ForeignKey(
        Government,
        verbose_name=_("pemerintah daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizer_bodies",
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("penyelenggara")
        verbose_name_plural = _("penyelenggara")

    def __str__(self):
        return self.short_name or self.name
