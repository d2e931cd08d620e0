"""Forms of the innovation workspace. They only parse input; the services validate and write."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from inovasi.competitions.words import count_words
from inovasi.innovations import progress
from inovasi.innovations.enums import NARRATIVE_SECTIONS, AdopterKind, EvidenceKind, InnovationStatus
from inovasi.innovations.models import (
    GovernmentAffair,
    Innovation,
    InnovationPerson,
    NarrativeGuide,
    Partner,
    Recognition,
    Replication,
    Result,
    SustainableDevelopmentGoal,
)
from inovasi.inputs import TEXT_MAX_CHARS, single_line, validate_web_url
from inovasi.organisations.models import Agency, Government

# Word guides of the 2023 KIPP proposal form (REFERENCE.md). Shown as a guide while drafting; a
# competition edition enforces its own limits on the proposal.
NARRATIVE_WORD_GUIDE = {
    "summary": 200,
    "background": 300,
    "novelty": 200,
    "implementation": 200,
    "significance": 600,
    "adaptability": 300,
    "resources": 200,
    "sustainability": 500,
}
NARRATIVE_FIELD_NAMES = [name for name, _label in NARRATIVE_SECTIONS]


def word_count(text: str) -> int:
    return count_words(text)


class DateInput(forms.DateInput):
    """A native date input; the page writes the chosen date in Indonesian words next to it."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)
        self.attrs.setdefault("data-date-words", "")


class InnovationForm(forms.ModelForm):
    """The record with its eight narrative sections. Only the name and agency are required."""

    affairs = forms.ModelMultipleChoiceField(
        label=_("Urusan pemerintahan"),
        queryset=GovernmentAffair.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ketik untuk menyaring; pilih satu atau lebih."),
    )
    sdgs = forms.ModelMultipleChoiceField(
        label=_("Tujuan SDGs"),
        queryset=SustainableDevelopmentGoal.objects.order_by("number"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Innovation
        fields = [
            "agency",
            "name",
            "acronym_expansion",
            "initiator_kind",
            "form",
            "type",
            "stage",
            "affairs",
            "sdgs",
            "started_on",
            "started_year_only",
            "year",
            *NARRATIVE_FIELD_NAMES,
        ]
        widgets = {"started_on": DateInput()}

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        year.required = False
        year.min_value, year.max_value = 2000, 2100
        year.help_text = _(
            "Tahun yang datanya Anda isi (hasil, anggaran, jumlah penerima). Biasanya tahun berjalan; "
            "isi tahun lalu bila Anda mencatat data tahun lalu. Tahun berikutnya dimulai lewat "
            "“Mulai tahun data baru”, data tahun ini disimpan sebagai versi."
        )
        if self.instance.pk:
            # Changing the year is a verb of its own (start_new_year): shown, not edited here.
            year.disabled = True
        self.fields["agency"].queryset = agencies
        only = list(agencies[:2])
        if len(only) == 1:
            self.fields["agency"].empty_label = None
            self.fields["agency"].initial = only[0].pk
        else:
            self.fields["agency"].empty_label = _("— pilih perangkat daerah —")
        for name in ("initiator_kind", "form", "type", "stage"):
            self.fields[name].required = False
        guides = {g.field: g for g in NarrativeGuide.objects.all()}
        for name in NARRATIVE_FIELD_NAMES:
            field = self.fields[name]
            limit = NARRATIVE_WORD_GUIDE[name]
            field.widget = forms.Textarea(attrs={"rows": 5, "data-word-count": "", "data-word-limit": limit})
            field.help_text = _("Panduan: paling banyak %(limit)s kata.") % {"limit": limit}
            field.validators.append(MaxLengthValidator(TEXT_MAX_CHARS))
            guide = guides.get(name)
            field.guide_question = guide.question if guide else ""
            field.guide_hint = guide.hint if guide else ""
        # The marks come from the submission rule itself (inovasi/innovations/progress.py).
        for name in progress.required_fields():
            if name in self.fields:
                self.fields[name].required_at_submission = True

    def clean_name(self):
        return single_line(self.cleaned_data.get("name") or "")

    def _post_clean(self):
        # The services validate the record; the form only parses the input.
        pass

    def narrative_fields(self):
        return [self[name] for name in NARRATIVE_FIELD_NAMES]

    def record_fields(self):
        return [self[name] for name in self.Meta.fields if name not in NARRATIVE_FIELD_NAMES]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class NewYearForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun data baru"), min_value=2000, max_value=2100)


class InnovationFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nama"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua status")), *InnovationStatus.choices]
    )


class _PartForm(forms.ModelForm):
    def _post_clean(self):
        pass


class PersonForm(_PartForm):
    class Meta:
        model = InnovationPerson
        fields = ["name", "role", "is_initiator"]


class PartnerForm(_PartForm):
    class Meta:
        model = Partner
        fields = ["name", "role"]


class ResultForm(_PartForm):
    class Meta:
        model = Result
        fields = ["metric", "value", "unit", "year", "note"]
        localized_fields = ["value"]


class RecognitionForm(_PartForm):
    url = forms.URLField(label=_("Tautan"), required=False, assume_scheme="https", validators=[validate_web_url])

    class Meta:
        model = Recognition
        fields = ["name", "giver", "category", "year", "awarded_on", "url"]
        widgets = {"awarded_on": DateInput()}


class ReplicationForm(_PartForm):
    evidence_upload = forms.FileField(
        label=_("Berkas bukti (PDF atau gambar)"),
        required=False,
        help_text=_("Surat pernyataan replikasi atau PKS yang ditandatangani pereplikasi."),
    )

    class Meta:
        model = Replication
        fields = [
            "adopter_kind",
            "adopter_government",
            "adopter_agency",
            "adopter_name",
            "adopted_on",
            "evidence_kind",
            "note",
        ]
        widgets = {"adopted_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, innovation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopter_government"].queryset = Government.objects.exclude(pk=innovation.government_id)
        self.fields["adopter_agency"].queryset = (
            Agency.objects.active().exclude(government_id=innovation.government_id).select_related("government")
        )
        self.fields["adopter_agency"].label_from_instance = lambda a: f"{a.name} — {a.government.short_name}"
        self.fields["adopter_name"].required = False
        self.fields["adopter_name"].help_text = _(
            "Hanya untuk mitra non-pemerintah (misalnya Kantin RSUD Bangil); nama Pemda atau perangkat "
            "daerah diisi otomatis."
        )
        self.fields["adopter_kind"].choices = AdopterKind.choices


class EvidenceFileForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    upload = forms.FileField(
        label=_("Berkas"),
        help_text=_("PDF, JPG, PNG, WebP, DOCX atau XLSX."),
    )
    is_public = forms.BooleanField(label=_("Boleh dilihat publik setelah terbit"), required=False)


class EvidenceLinkForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Jenis"),
        choices=[(EvidenceKind.VIDEO, EvidenceKind.VIDEO.label), (EvidenceKind.LINK, EvidenceKind.LINK.label)],
    )
    url = forms.CharField(
        label=_("Tautan"), max_length=200, help_text=_("Diawali https:// atau http://."), validators=[validate_web_url]
    )
    is_public = forms.BooleanField(label=_("Boleh dilihat publik setelah terbit"), required=False)


class EvidenceEditForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    is_public = forms.BooleanField(label=_("Boleh dilihat publik setelah terbit"), required=False)
