"""An assessment in the national IID indicator layout: one row per claim, region indicators first
(1–15), then each reported innovation with its indicators (16–35), as the national reporting system
lists them, with the chosen parameter, the points it gives, the evidence link and the validation.

Evidence links are absolute: files through the one download rule (`/berkas/bukti-indeks/<id>/`, so
only the Pemda and its validators open them), links as given.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from inovasi.innovation_index.models import IndexClaim

HEADER = (
    _("No. indikator"),
    _("Indikator"),
    _("Lingkup"),
    _("Inovasi"),
    _("Parameter dipilih"),
    _("Nilai parameter"),
    _("Bobot"),
    _("Poin (bobot × nilai)"),
    _("Bukti yang diperlukan"),
    _("Tautan bukti"),
    _("SHA-256 bukti"),
    _("Status validasi"),
    _("Nilai tervalidasi"),
    _("Alasan validator"),
)


def evidence_link(claim: IndexClaim) -> str:
    if claim.evidence_file:
        return settings.SITE_URL + reverse("files:claim_evidence", args=[claim.pk])
    return claim.evidence_url or ""


def rows(assessment):
    claims = (
        IndexClaim.objects.filter(assessment=assessment)
        .select_related("indicator", "option", "validated_option", "innovation")
        .order_by("innovation__name", "innovation_id", "indicator__number", "pk")
    )
    region = [c for c in claims if c.innovation_id is None]
    per_innovation = [c for c in claims if c.innovation_id is not None]
    for claim in sorted(region, key=lambda c: c.indicator.number) + per_innovation:
        indicator, option = claim.indicator, claim.option
        yield (
            indicator.number,
            indicator.name,
            indicator.get_scope_display(),
            claim.innovation.name if claim.innovation_id else "",
            option.label,
            claim.claimed_value,
            indicator.weight,
            indicator.weight * claim.claimed_value,
            option.evidence_required,
            evidence_link(claim),
            claim.evidence_sha256,
            claim.get_validation_display(),
            claim.validated_value if claim.validated_value is not None else "",
            claim.validation_reason,
        )
