from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "inovasi.judging"
    label = "judging"
    verbose_name = _("Penjurian")
