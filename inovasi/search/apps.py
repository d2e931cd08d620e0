from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "inovasi.search"
    label = "search"
    verbose_name = _("Pencarian")

    def ready(self):
        from inovasi.search import signals  # inline: app registry not ready at import

        signals.connect()
