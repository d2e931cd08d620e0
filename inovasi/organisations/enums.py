from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    SEKRETARIAT = "sekretariat", _("Sekretariat")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    DINAS = "dinas", _("Dinas")
    BADAN = "badan", _("Badan")
    BIRO_BAGIAN = "biro_bagian", _("Biro / Bagian")
    KANTOR = "kantor", _("Kantor")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan / Desa")
    UPT = "upt", _("UPT / Cabang Dinas")
    PUSKESMAS = "puskesmas", _("Puskesmas")
    SEKOLAH = "sekolah", _("Sekolah")
    RSUD = "rsud", _("RSUD")
    BUMD = "bumd", _("BUMD")
    LAINNYA = "lainnya", _("Lainnya")
