"""Forms of the index screens. They only shape input; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from inovasi.innovation_index.enums import ClaimValidation, RegistrySource
from inovasi.innovation_index.evidence import EVIDENCE_MAX_BYTES
from inovasi.inputs import validate_web_url


class RegionClaimForm(forms.Form):
    """One region indicator: the chosen option (by id) and its evidence (a file or a link)."""

    option = forms.IntegerField(label=_("Parameter"), widget=forms.RadioSelect)
    evidence_file = forms.FileField(
        label=_("Berkas bukti"),
        required=False,
        help_text=_("PDF, JPEG atau PNG, paling besar %(mb)s MB.") % {"mb": EVIDENCE_MAX_BYTES // 2**20},
    )
    evidence_url = forms.URLField(
        label=_("atau tautan bukti"), required=False, assume_scheme="https", validators=[validate_web_url]
    )
    # The claim version the form was opened at (0: no claim yet); see `services.set_claim`.
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["option"].widget.choices = [
            (o.pk, f"{o.value} — {o.label}" + (f" ({o.evidence_required})" if o.evidence_required else ""))
            for o in indicator.options.all()
        ]


class ValidationForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Putusan"),
        choices=[c for c in ClaimValidation.choices if c[0] != ClaimValidation.PENDING],
        widget=forms.RadioSelect,
    )
    option = forms.IntegerField(label=_("Parameter hasil penyesuaian"), required=False)
    reason = forms.CharField(label=_("Alasan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # The claim version the validator looked at; see `services.validate_claim`.
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class CopyFrameworkForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun baru"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("Nama"), max_length=200, required=False)


class FrameworkForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=200)
    reporting_year_from = forms.IntegerField(label=_("Inovasi dilaporkan dari tahun"))
    reporting_year_to = forms.IntegerField(label=_("sampai tahun"))
    submission_opens_at = forms.DateTimeField(label=_("Pengisian dibuka (WIB)"))
    submission_closes_at = forms.DateTimeField(label=_("Pengisian ditutup (WIB)"))
    parameter_min = forms.IntegerField(label=_("Nilai parameter terendah"), min_value=0)
    parameter_max = forms.IntegerField(label=_("Nilai parameter tertinggi"), min_value=1)
    max_score = forms.DecimalField(label=_("Skor maksimum"), max_digits=9, decimal_places=2)
    divisor_min = forms.IntegerField(label=_("Pembagi minimum d pada MAX(d, n)"), min_value=0)
    count_cap = forms.IntegerField(label=_("Batas jumlah inovasi yang dihitung"), min_value=0)
    count_factor = forms.DecimalField(label=_("Faktor skor jumlah inovasi"), max_digits=6, decimal_places=3)
    count_min_basic_affairs = forms.IntegerField(label=_("Minimal urusan pelayanan dasar tercakup"), min_value=0)
    threshold_sangat_inovatif = forms.DecimalField(
        label=_("Batas bawah Sangat Inovatif"), max_digits=9, decimal_places=2
    )
    threshold_inovatif = forms.DecimalField(label=_("Batas bawah Inovatif"), max_digits=9, decimal_places=2)
    threshold_kurang_inovatif = forms.DecimalField(
        label=_("Batas bawah Kurang Inovatif"), max_digits=9, decimal_places=2
    )
    nominees_per_cluster = forms.IntegerField(label=_("Jumlah nomine per klaster"), min_value=0)

    def __init__(self, *args, aspects=(), **kwargs):
        super().__init__(*args, **kwargs)
        for aspect in aspects:
            self.fields[f"aspect_{aspect.pk}"] = forms.DecimalField(
                label=_("Bobot aspek %(name)s (%%)") % {"name": aspect.name},
                max_digits=5,
                decimal_places=2,
                initial=aspect.weight_percent,
            )

    def aspect_weights(self) -> dict:
        return {
            int(name.removeprefix("aspect_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("aspect_")
        }


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=200)
    weight = forms.DecimalField(label=_("Bobot"), max_digits=6, decimal_places=2)
    is_mandatory = forms.BooleanField(label=_("Wajib"), required=False)
    registry_source = forms.ChoiceField(
        label=_("Diisi otomatis dari registri"), choices=RegistrySource.choices, required=False
    )
    max_score = forms.DecimalField(
        label=_("Skor maksimum metodologi"),
        max_digits=9,
        decimal_places=2,
        help_text=_("Ubah bersama bobot agar tetap sama dengan maksimum yang dapat dicapai."),
    )

    def __init__(self, *args, indicator, aspects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.options = list(indicator.options.all())
        for option in self.options:
            self.fields[f"value_{option.pk}"] = forms.IntegerField(label=_("Nilai"), initial=option.value)
            self.fields[f"label_{option.pk}"] = forms.CharField(
                label=_("Parameter"), max_length=255, initial=option.label
            )
            self.fields[f"evidence_{option.pk}"] = forms.CharField(
                label=_("Bukti yang diperlukan"), max_length=255, required=False, initial=option.evidence_required
            )
        for aspect in aspects:
            self.fields[f"aspect_{aspect.pk}"] = forms.DecimalField(
                label=_("Bobot aspek %(name)s (%%)") % {"name": aspect.name},
                max_digits=5,
                decimal_places=2,
                initial=aspect.weight_percent,
            )

    def option_changes(self) -> dict:
        return {
            o.pk: (
                self.cleaned_data[f"value_{o.pk}"],
                self.cleaned_data[f"label_{o.pk}"],
                self.cleaned_data[f"evidence_{o.pk}"],
            )
            for o in self.options
        }

    def aspect_weights(self) -> dict:
        return {
            int(name.removeprefix("aspect_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("aspect_")
        }
