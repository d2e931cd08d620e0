"""Forms of the system admin's screens: organizer bodies, roles, invitations, two-factor reset."""

from django import forms
from django.utils.translation import gettext_lazy as _

from inovasi.accounts.administration import REASON_MIN_LENGTH
from inovasi.accounts.enums import ROLE_SCOPE, Role
from inovasi.inputs import parse_id
from inovasi.organisations.models import Agency, Government, OrganizerBody


class BodyForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=200)
    short_name = forms.CharField(label=_("Nama singkat"), max_length=60, required=False)
    government = forms.ModelChoiceField(
        label=_("Pemerintah daerah"),
        queryset=Government.objects.active(),
        required=False,
        empty_label=_("— tidak ada (penyelenggara nasional/kementerian) —"),
        help_text=_("Isi untuk penyelenggara daerah, misalnya Biro Organisasi milik Pemprov."),
    )


class RoleForm(forms.Form):
    """A role and its scope. The agency list follows the chosen Pemda: pick the Pemda, send, then the
    agency (works without JavaScript)."""

    role = forms.ChoiceField(label=_("Peran"), choices=Role.choices)
    government = forms.ModelChoiceField(
        label=_("Pemerintah daerah"),
        queryset=Government.objects.active(),
        required=False,
        help_text=_("Untuk Admin Pemda, dan untuk memilih perangkat daerah operator."),
    )
    agency = forms.ModelChoiceField(
        label=_("Perangkat daerah"),
        queryset=Agency.objects.none(),
        required=False,
        help_text=_("Untuk Operator OPD: pilih pemerintah daerahnya dulu, kirim, lalu pilih perangkat daerahnya."),
    )
    organizer_body = forms.ModelChoiceField(
        label=_("Penyelenggara"),
        queryset=OrganizerBody.objects.filter(is_active=True),
        required=False,
        help_text=_("Untuk Panitia, Juri / Evaluator dan Verifikator."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        government_id = parse_id(self.data.get(self.add_prefix("government"))) if self.is_bound else None
        if government_id is not None:
            self.fields["agency"].queryset = Agency.objects.active().filter(government_id=government_id)

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if not role:
            return data
        field = ROLE_SCOPE[Role(role)]
        if field == "agency" and not data.get("agency"):
            message = (
                _("Pilih perangkat daerah tempat operator ini bekerja.")
                if data.get("government")
                else _("Pilih dulu pemerintah daerahnya, lalu kirim untuk memuat daftar perangkat daerahnya.")
            )
            self.add_error("agency", message)
        elif field == "government" and not data.get("government"):
            self.add_error("government", _("Pilih pemerintah daerah untuk Admin Pemda ini."))
        elif field == "organizer_body" and not data.get("organizer_body"):
            self.add_error("organizer_body", _("Pilih penyelenggara untuk peran ini."))
        return data

    @property
    def scope(self):
        field = ROLE_SCOPE[Role(self.cleaned_data["role"])]
        return self.cleaned_data[field] if field else None


class InvitationForm(RoleForm):
    email = forms.EmailField(label=_("Email"))
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    field_order = ["email", "full_name", "role", "government", "agency", "organizer_body"]


class TwoFactorResetForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan"),
        max_length=500,
        min_length=REASON_MIN_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Misalnya: ponsel hilang, dilaporkan lewat telepon dan dicocokkan dengan data kepegawaian."),
        error_messages={
            "min_length": _("Tuliskan alasannya (minimal %(limit_value)d karakter)."),
            "required": _("Tuliskan alasannya."),
        },
    )
