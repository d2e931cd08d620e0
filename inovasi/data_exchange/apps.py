from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataExchangeConfig(AppConfig):
    name = "inovasi.data_exchange"
    label = "data_exchange"
    verbose_name = _("Impor & ekspor")
