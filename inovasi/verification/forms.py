"""Forms of field verification. They only parse input; `services` decides and explains refusals."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from inovasi.formats.numbers import IndonesianNumberField, IndonesianNumberInput, NumberKind
from inovasi.verification.enums import Met, Policy, Recommendation

ROLE_NONE, ROLE_MEMBER, ROLE_LEAD = "", "anggota", "ketua"
ROLE_CHOICES = [(ROLE_NONE, _("—")), (ROLE_MEMBER, pgettext_lazy("tim", "Anggota")), (ROLE_LEAD, _("Ketua"))]


def apply_errors(form, exc) -> None:
    """Put a service's ValidationError on the form's fields (or on the form when no field matches)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class PlanForm(forms.Form):
    """Plan or change a visit. One role field per eligible person, so the team and its lead are
    chosen together; the service checks there is exactly one lead."""

    proposal = forms.ModelChoiceField(label=_("Proposal"), queryset=None)
    visit_date = forms.DateField(
        label=_("Tanggal kunjungan"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    address = forms.CharField(label=_("Alamat lokasi"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    latitude = forms.CharField(
        label=_("Lintang"),
        required=False,
        max_length=20,
        help_text=_("Derajat desimal, misalnya -7,8671 (negatif = lintang selatan)."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    longitude = forms.CharField(
        label=_("Bujur"),
        required=False,
        max_length=20,
        help_text=_("Derajat desimal, misalnya 112,5239."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    contact_name = forms.CharField(label=_("Narahubung di lokasi"), max_length=150, required=False)
    contact_phone = forms.CharField(
        label=_("Telepon narahubung"), max_length=30, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )

    def __init__(self, *args, proposals, people, fixed_proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(people)
        if fixed_proposal is not None:
            del self.fields["proposal"]
        else:
            self.fields["proposal"].queryset = proposals
            self.fields["proposal"].label_from_instance = lambda p: f"{p.title} — {p.government.name}"
        for person in self.people:
            self.fields[f"role_{person.pk}"] = forms.ChoiceField(
                label=str(person), choices=ROLE_CHOICES, required=False
            )

    def role_fields(self):
        return [(person, self[f"role_{person.pk}"]) for person in self.people]

    def plain_fields(self):
        return [self[name] for name in self.fields if not name.startswith("role_")]

    def service_data(self) -> dict:
        data = {
            name: self.cleaned_data[name]
            for name in ("visit_date", "address", "latitude", "longitude", "contact_name", "contact_phone")
        }
        data["team"] = [
            (person, self.cleaned_data[f"role_{person.pk}"] == ROLE_LEAD)
            for person in self.people
            if self.cleaned_data.get(f"role_{person.pk}")
        ]
        return data


class PolicyForm(forms.Form):
    policy = forms.ChoiceField(label=_("Kebijakan hasil verifikasi"), choices=Policy.choices, widget=forms.RadioSelect)
    weight = IndonesianNumberField(
        label=_("Bobot nilai verifikasi (%)"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text=_(
            "Hanya untuk kebijakan berbobot: nilai akhir = nilai sebelumnya × (100 − bobot)% "
            "+ nilai verifikasi × bobot%."
        ),
    )
    adjust_passes = forms.BooleanField(
        label=_("Rekomendasi “konfirmasi dengan penyesuaian” tetap lolos (kebijakan gerbang)"), required=False
    )


class ReportForm(forms.Form):
    """The team's report: one met/note pair per checklist item, beneficiaries, recommendation."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    # Numbers stay text here: `reports.save_report` reads them the Indonesian way
    # (`formats.numbers`) and reports every problem of the report together.
    beneficiaries_met = forms.CharField(
        label=_("Jumlah penerima manfaat yang ditemui"),
        required=False,
        max_length=24,
        widget=IndonesianNumberInput(kind=NumberKind.COUNT),
    )
    beneficiaries_note = forms.CharField(
        label=_("Siapa yang ditemui dan apa kata mereka"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    recommendation = forms.ChoiceField(
        label=_("Rekomendasi"),
        choices=Recommendation.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(label=_("Alasan rekomendasi"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    score = forms.CharField(
        label=_("Nilai verifikasi (0–100)"), required=False, max_length=24, widget=IndonesianNumberInput()
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"met_{item.pk}"] = forms.ChoiceField(
                label=item.text,
                choices=Met.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def item_rows(self):
        return [(item, self[f"met_{item.pk}"], self[f"note_{item.pk}"]) for item in self.items]

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "version": data["version"],
            "findings": {item.pk: (data[f"met_{item.pk}"], data[f"note_{item.pk}"]) for item in self.items},
            "beneficiaries_met": data["beneficiaries_met"],
            "beneficiaries_note": data["beneficiaries_note"],
            "recommendation": data["recommendation"],
            "reasons": data["reasons"],
            "score": data["score"],
        }


class MultipleImageInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several files from one input; each checked by the service (by content), not here."""

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleImageField, self).clean(item, initial) for item in files]


class PhotoForm(forms.Form):
    photos = MultipleImageField(
        label=_("Foto kunjungan"),
        required=False,
        widget=MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG atau WebP; boleh beberapa sekaligus."),
    )
    caption = forms.CharField(label=_("Keterangan (untuk foto yang dipilih)"), max_length=300, required=False)
