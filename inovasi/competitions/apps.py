from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "inovasi.competitions"
    label = "competitions"
    verbose_name = _("Kompetisi")

    def ready(self):
        from inovasi.competitions import corrections  # inline: app registry not ready at import; connects receivers

        corrections.connect()
