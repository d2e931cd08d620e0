from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "inovasi.verification"
    label = "verification"
    verbose_name = _("Verifikasi lapangan")

    def ready(self):
        # Field verification feeds the final decision as the edition configured it (gate or weight);
        # judging asks its registered adjusters, so the arrow points from verification to judging.
        from inovasi.judging.closing import FINAL_DECISION_ADJUSTERS  # inline: app registry not ready at import
        from inovasi.verification.outcomes import apply_to_scores  # inline: app registry not ready at import

        if apply_to_scores not in FINAL_DECISION_ADJUSTERS:
            FINAL_DECISION_ADJUSTERS.append(apply_to_scores)
