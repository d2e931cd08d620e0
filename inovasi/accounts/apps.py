from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "inovasi.accounts"
    label = "accounts"
    verbose_name = _("Akun")

    def ready(self):
        from inovasi.accounts.security import remember_opt_in  # inline: app registry not ready at import

        user_logged_in.connect(remember_opt_in, dispatch_uid="accounts.remember_opt_in")
