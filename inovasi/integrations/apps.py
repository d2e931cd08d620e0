from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "inovasi.integrations"
    verbose_name = _("Integrasi")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # inline: app registry not ready at import; importing it connects the audit-event receiver
        from inovasi.integrations import events  # noqa: F401
