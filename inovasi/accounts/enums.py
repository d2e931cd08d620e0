from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("Admin sistem")
    ORGANIZER = "organizer", _("Panitia")
    PEMDA_ADMIN = "pemda_admin", _("Admin Pemda")
    OPERATOR = "operator", _("Operator OPD")
    JUROR = "juror", _("Juri / Evaluator")
    VERIFIER = "verifier", _("Verifikator")


# Which scope each role is bound to: exactly that field is set on the membership.
ROLE_SCOPE = {
    Role.SYSTEM_ADMIN: None,
    Role.ORGANIZER: "organizer_body",
    Role.PEMDA_ADMIN: "government",
    Role.OPERATOR: "agency",
    Role.JUROR: "organizer_body",
    Role.VERIFIER: "organizer_body",
}
SCOPE_FIELDS = ("government", "agency", "organizer_body")
