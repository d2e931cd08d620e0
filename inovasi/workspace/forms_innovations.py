"""Forms of the innovation workspace. They only parse input; the services validate and write."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from inovasi.competitions.words import count_words
from inovasi.innovations import progress
from inovasi.innovations.enums import (
    NARRATIVE_SECTIONS,
    AdopterKind,
    CorrectableField,
    EvidenceKind,
    InnovationStatus,
)
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
from inovasi.regions.models import Region

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


class CorrectionForm(forms.Form):
    """A correction to a published record; `innovations.corrections.parse_value` checks the value."""

    field = forms.ChoiceField(
        label=_("Data yang dikoreksi"), choices=[("", _("Pilih data")), *CorrectableField.choices]
    )
    new_value = forms.CharField(
        label=_("Nilai yang benar"),
        required=False,
        max_length=300,
        help_text=_("Tanggal mulai: HH-BB-TTTT (misalnya 01-03-2021) atau tahunnya saja (2021)."),
    )
    reason = forms.CharField(
        label=_("Alasan koreksi"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Misalnya: salah ketik pada nama; tanggal mulai tercantum di SK Bupati."),
    )


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


class DatalistInput(forms.TextInput):
    """A text box with a `<datalist>` of suggestions: the browser's own type-ahead, no script, and
    read by screen readers as a combobox. Free text is still possible; the form resolves it."""

    def __init__(self, options=(), attrs=None):
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})
        self.options = list(options)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or name}_pilihan"
        attrs["list"] = list_id
        html = super().render(name, value, attrs, renderer)
        options = format_html_join("", '<option value="{}">', ((option,) for option in self.options))
        return format_html('{}<datalist id="{}">{}</datalist>', html, list_id, options)


def _government_label(government) -> str:
    return government.name


def _agency_label(agency) -> str:
    return f"{agency.name} — {agency.government.name}"


def _region_label(region) -> str:
    return region.name


class ReplicationForm(_PartForm):
    """Who adopted the innovation, in which year, on what evidence.

    The Pemda, the agency and a partner's region are typed with suggestions (a `<datalist>`) and
    resolved here by their exact name; a partner is a free name with its kind and region.
    """

    adopter_government = forms.CharField(
        label=_("Pemerintah daerah pereplikasi"),
        required=False,
        help_text=_("Ketik beberapa huruf, misalnya “Kota Probolinggo”, lalu pilih dari saran."),
    )
    adopter_agency = forms.CharField(
        label=_("Perangkat daerah pereplikasi"),
        required=False,
        help_text=_("Hanya perangkat daerah yang sudah terdaftar; bila tidak ada, pilih jenis Pemerintah daerah."),
    )
    adopter_region = forms.CharField(
        label=_("Wilayah mitra"),
        required=False,
        help_text=_("Kabupaten/kota tempat mitra non-pemerintah berada."),
    )
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
            "partner_kind",
            "adopter_region",
            "year",
            "adopted_on",
            "evidence_kind",
            "note",
        ]
        widgets = {
            "adopter_kind": forms.RadioSelect,
            "adopted_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, innovation, **kwargs):
        super().__init__(*args, **kwargs)
        # Every Pemda and agency resolves (so typing one's own Pemda gets the service's own message);
        # only the others are suggested.
        self._governments = {_government_label(g).casefold(): g for g in Government.objects.select_related("region")}
        self._agencies = {
            _agency_label(a).casefold(): a for a in Agency.objects.active().select_related("government__region")
        }
        self._regions = {}
        for region in Region.objects.regencies_and_cities().order_by("name"):
            self._regions.setdefault(_region_label(region).casefold(), region)
        own = innovation.government_id
        self.fields["adopter_government"].widget = DatalistInput(
            sorted(_government_label(g) for g in self._governments.values() if g.pk != own)
        )
        self.fields["adopter_agency"].widget = DatalistInput(
            sorted(_agency_label(a) for a in self._agencies.values() if a.government_id != own)
        )
        self.fields["adopter_region"].widget = DatalistInput(sorted({_region_label(r) for r in self._regions.values()}))
        self.fields["adopter_kind"].choices = AdopterKind.choices
        self.fields["adopter_name"].required = False
        self.fields["adopter_name"].label = _("Nama mitra non-pemerintah")
        self.fields["adopter_name"].help_text = _(
            "Misalnya Kantin RSUD Bangil; nama Pemda atau perangkat daerah diisi otomatis."
        )
        self.fields["year"].help_text = _("Tahun mulai diterapkan oleh pereplikasi; diisi dari tanggal bila kosong.")
        instance = self.instance
        if instance.pk and not self.is_bound:
            if instance.adopter_kind == AdopterKind.GOVERNMENT and instance.adopter_government_id:
                self.initial["adopter_government"] = _government_label(instance.adopter_government)
            else:
                self.initial["adopter_government"] = ""
            if instance.adopter_agency_id:
                self.initial["adopter_agency"] = _agency_label(instance.adopter_agency)
            else:
                self.initial["adopter_agency"] = ""
            if instance.adopter_kind == AdopterKind.NON_GOVERNMENT and instance.adopter_region_id:
                self.initial["adopter_region"] = _region_label(instance.adopter_region)
            else:
                self.initial["adopter_region"] = ""
            if instance.adopter_kind != AdopterKind.NON_GOVERNMENT:
                self.initial["adopter_name"] = ""

    def _kind(self):
        return self.cleaned_data.get("adopter_kind") or self.data.get(self.add_prefix("adopter_kind"))

    def _lookup(self, field, table, message):
        text = " ".join((self.cleaned_data.get(field) or "").split())
        if not text:
            return None
        found = table.get(text.casefold())
        if found is None:
            raise forms.ValidationError(message % {"name": text})
        return found

    def clean_adopter_government(self):
        if self._kind() != AdopterKind.GOVERNMENT:
            return None
        return self._lookup(
            "adopter_government",
            self._governments,
            _("“%(name)s” bukan nama pemerintah daerah yang dikenal; pilih dari saran."),
        )

    def clean_adopter_agency(self):
        if self._kind() != AdopterKind.AGENCY:
            return None
        return self._lookup(
            "adopter_agency",
            self._agencies,
            _("“%(name)s” bukan perangkat daerah yang terdaftar; pilih dari saran atau catat sebagai Pemda."),
        )

    def clean_adopter_region(self):
        if self._kind() != AdopterKind.NON_GOVERNMENT:
            return None
        region = self._lookup(
            "adopter_region", self._regions, _("“%(name)s” bukan nama kabupaten/kota; pilih dari saran.")
        )
        if region is None:
            raise forms.ValidationError(_("Tulis kabupaten/kota tempat mitra berada."))
        return region

    def clean(self):
        data = super().clean()
        if self._kind() == AdopterKind.NON_GOVERNMENT and not data.get("partner_kind"):
            self.add_error("partner_kind", _("Pilih jenis mitra."))
        if self._kind() != AdopterKind.NON_GOVERNMENT:
            data["adopter_name"] = ""
            data["partner_kind"] = ""
        return data


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
