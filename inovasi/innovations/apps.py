from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationsConfig(AppConfig):
    name = "inovasi.innovations"
    label = "innovations"
    verbose_name = _("Inovasi")
