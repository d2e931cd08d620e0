from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationIndexConfig(AppConfig):
    name = "inovasi.innovation_index"
    label = "innovation_index"
    verbose_name = _("Indeks Inovasi Daerah")
