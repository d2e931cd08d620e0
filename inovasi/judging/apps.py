from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "inovasi.judging"
    label = "judging"
    verbose_name = _("Penjurian")

    def ready(self):
        # The ranking cache hears every change to its inputs (see judging.versions).
        from inovasi.judging import signals  # inline: app registry not ready at import

        signals.connect()
