"""Forms of the organizer's award screens. They only collect input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from inovasi.awards.models import AwardLabel, Ceremony
from inovasi.competitions.models import NOT_RECEIVED_STATES, Proposal
from inovasi.organisations.models import Government

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def people_to_text(rows) -> str:
    return "\n".join(f"{row.get('name', '')} | {row.get('title', '')}".rstrip(" |") for row in rows or [])


def text_to_people(text: str) -> list[dict]:
    rows = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        name, _sep, title = line.partition("|")
        rows.append({"name": name.strip(), "title": title.strip()})
    return rows


class PeopleField(forms.CharField):
    """One person per line: "Nama | Jabatan"."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 3000)
        super().__init__(**kwargs)

    def to_python(self, value):
        return text_to_people(super().to_python(value))

    def prepare_value(self, value):
        return people_to_text(value) if isinstance(value, list) else value


class AwardLabelForm(forms.ModelForm):
    class Meta:
        model = AwardLabel
        fields = ["name", "code", "kind", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CeremonyForm(forms.ModelForm):
    signatories = PeopleField(
        label=_("Penanda tangan sertifikat"),
        help_text=_(
            "Satu orang per baris: Nama | Jabatan (paling banyak 3). Kosongkan agar penyerah penghargaan yang "
            "tercetak sebagai penanda tangan."
        ),
    )

    class Meta:
        model = Ceremony
        fields = ["name", "held_on", "place", "presenter_name", "presenter_title", "signatories", "notes"]
        widgets = {"held_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}


class AwardForm(forms.Form):
    """Give a label to a proposal of the edition, or to a Government (and optionally a person)."""

    label = forms.ModelChoiceField(label=_("Penghargaan"), queryset=AwardLabel.objects.none())
    proposal = forms.ModelChoiceField(
        label=_("Proposal"),
        queryset=Proposal.objects.none(),
        required=False,
        help_text=_("Inovasi, perangkat daerah dan pemerintah daerahnya diambil dari proposal."),
    )
    government = forms.ModelChoiceField(
        label=_("atau pemerintah daerah"),
        queryset=Government.objects.none(),
        required=False,
        help_text=_("Untuk penghargaan kepada pemerintah daerah atau perorangan tanpa proposal."),
    )
    recipient_name = forms.CharField(
        label=_("Nama penerima di sertifikat"),
        max_length=250,
        required=False,
        help_text=_("Kosongkan agar memakai judul proposal atau nama pemerintah daerah."),
    )
    people = PeopleField(label=_("Orang yang dihargai"), help_text=_("Satu orang per baris: Nama | Jabatan."))
    citation = forms.CharField(label=_("Kutipan penghargaan"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    rank = forms.IntegerField(label=_("Peringkat"), min_value=1, required=False)
    awarded_on = forms.DateField(label=_("Tanggal penetapan"), widget=DATE)
    ceremony = forms.ModelChoiceField(label=_("Acara penganugerahan"), queryset=Ceremony.objects.none(), required=False)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].queryset = edition.award_labels.all()
        self.fields["ceremony"].queryset = edition.ceremonies.all()
        self.fields["proposal"].queryset = (
            Proposal.objects.filter(edition=edition).exclude(state__in=NOT_RECEIVED_STATES).order_by("title")
        )
        self.fields["government"].queryset = Government.objects.active().select_related("region")

    def clean(self):
        data = super().clean()
        if data.get("proposal") and data.get("government"):
            self.add_error("government", _("Pilih proposal atau pemerintah daerah, bukan keduanya."))
        return data


class AwardEditForm(forms.Form):
    recipient_name = forms.CharField(label=_("Nama penerima di sertifikat"), max_length=250)
    people = PeopleField(label=_("Orang yang dihargai"), help_text=_("Satu orang per baris: Nama | Jabatan."))
    citation = forms.CharField(label=_("Kutipan penghargaan"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    rank = forms.IntegerField(label=_("Peringkat"), min_value=1, required=False)
    awarded_on = forms.DateField(label=_("Tanggal penetapan"), widget=DATE)
    ceremony = forms.ModelChoiceField(label=_("Acara penganugerahan"), queryset=Ceremony.objects.none(), required=False)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ceremony"].queryset = edition.ceremonies.all()


class StageImportForm(forms.Form):
    stage = forms.ModelChoiceField(label=_("Tahap yang hasilnya sudah diumumkan"), queryset=None)
    label = forms.ModelChoiceField(
        label=_("Penghargaan"),
        queryset=AwardLabel.objects.none(),
        required=False,
        help_text=_("Kosongkan agar memakai (atau membuat) penghargaan bernama sama dengan label tahap."),
    )
    ceremony = forms.ModelChoiceField(label=_("Acara penganugerahan"), queryset=Ceremony.objects.none(), required=False)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = (
            edition.stages.filter(results_published_at__isnull=False).exclude(label="").order_by("order")
        )
        self.fields["stage"].label_from_instance = lambda s: f"{s.name} — {s.label}"
        self.fields["label"].queryset = edition.award_labels.all()
        self.fields["ceremony"].queryset = edition.ceremonies.all()


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pencabutan (diumumkan di halaman verifikasi)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
