from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "inovasi.audit"
    label = "audit"
    verbose_name = _("Jejak audit")

    def ready(self):
        from inovasi.audit.seal import check_seal_configuration  # inline: app registry not ready at import

        checks.register(check_seal_configuration, checks.Tags.security, deploy=True)
