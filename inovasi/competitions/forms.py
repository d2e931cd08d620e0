"""Forms of the competition screens (organizer setup, Pemda proposals, public objections)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from inovasi.competitions.anchors import anchor_errors
from inovasi.competitions.enums import ObjectionState
from inovasi.competitions.form_rows import QUOTA_KEYS, QuotaRowsField
from inovasi.competitions.models import (
    AttachmentRequirement,
    ChecklistItem,
    Competition,
    Edition,
    EditionCategory,
    EditionGroup,
    EditionInvitation,
    EntryCap,
    FormSection,
    Stage,
)
from inovasi.competitions.presets import PRESETS
from inovasi.formats.numbers import IndonesianNumberField
from inovasi.innovations.enums import NARRATIVE_SECTIONS
from inovasi.inputs import FORMSET_MAX_ROWS, YEAR_MAX, YEAR_MIN
from inovasi.organisations.enums import AgencyKind
from inovasi.organisations.models import Government, OrganizerBody
from inovasi.regions.enums import RegionLevel
from inovasi.regions.models import Region

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
BLANK_PRESET = "kosong"


class CompetitionForm(forms.ModelForm):
    class Meta:
        model = Competition
        fields = ["body", "name", "short_name", "description"]

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class NewEditionForm(forms.Form):
    preset = forms.ChoiceField(label=_("Mulai dari"))
    body = forms.ModelChoiceField(label=_("Penyelenggara"), queryset=OrganizerBody.objects.none())
    competition = forms.ModelChoiceField(
        label=_("Kompetisi"),
        queryset=Competition.objects.none(),
        required=False,
        help_text=_("Wajib untuk edisi kosong; untuk preset, kosongkan agar kompetisinya dibuat otomatis."),
    )
    year = forms.IntegerField(label=_("Tahun"), min_value=2014, max_value=2100)
    name = forms.CharField(label=_("Nama edisi"), max_length=200, required=False)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preset"].choices = [(k, p["title"]) for k, p in PRESETS.items()] + [
            (BLANK_PRESET, _("Edisi kosong (isi sendiri)"))
        ]
        self.fields["body"].queryset = bodies
        self.fields["competition"].queryset = Competition.objects.filter(body__in=bodies)

    def clean(self):
        data = super().clean()
        competition, body = data.get("competition"), data.get("body")
        if data.get("preset") == BLANK_PRESET and not competition:
            self.add_error("competition", _("Pilih kompetisi untuk edisi kosong."))
        if competition and body and competition.body_id != body.pk:
            self.add_error("competition", _("Kompetisi ini milik penyelenggara lain."))
        return data


def governments_by_province(governments) -> list:
    """[(province name, [(pk, name)])] in region-code order: the options of a grouped <select>."""
    groups: dict[str, list] = {}
    for government in governments.order_by("region__code"):
        region = government.region
        province = region if region.parent_id is None else region.parent
        groups.setdefault(province.name, []).append((government.pk, government.name))
    return list(groups.items())


class EditionForm(forms.ModelForm):
    agency_kinds = forms.MultipleChoiceField(
        label=_("Jenis perangkat daerah yang boleh ikut"),
        choices=AgencyKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosongkan agar semua jenis (termasuk BUMD) boleh ikut."),
    )

    class Meta:
        model = Edition
        fields = [
            "name",
            "year",
            "description",
            "scope_region",
            "extra_governments",
            "agency_kinds",
            "min_years_implemented",
            "registration_opens_at",
            "registration_closes_at",
            "objection_reply_days",
        ]
        widgets = {"registration_opens_at": DATETIME, "registration_closes_at": DATETIME}

    def clean_objection_reply_days(self):
        value = self.cleaned_data.get("objection_reply_days")
        return Edition._meta.get_field("objection_reply_days").default if value is None else value

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope_region"].queryset = Region.objects.provinces()
        governments = self.fields["extra_governments"]
        governments.queryset = Government.objects.select_related("region__parent")
        governments.required = False
        governments.widget.choices = governments_by_province(governments.queryset)
        governments.widget.attrs.update(
            {
                "data-chips": "",
                "size": "8",
                "data-chips-remove": _("Hapus %s"),
                "data-chips-added": _("Ditambahkan: %s"),
                "data-chips-removed": _("Dihapus: %s"),
                "data-chips-none": _("Tidak ada pemerintah daerah yang cocok."),
            }
        )
        governments.help_text = _(
            "Pemerintah daerah di luar cakupan wilayah yang boleh ikut. Ketik untuk mencari; "
            "tanpa JavaScript, tahan Ctrl (Cmd di Mac) untuk memilih lebih dari satu."
        )
        self.fields["objection_reply_days"].required = False
        for name in ("registration_opens_at", "registration_closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise forms.ValidationError(
                _("Tahun harus antara %(min)s dan %(max)s.") % {"min": YEAR_MIN, "max": YEAR_MAX}
            )
        taken = Edition.objects.filter(competition_id=self.instance.competition_id, year=year)
        if self.instance.competition_id and taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Kompetisi ini sudah memiliki edisi tahun %(year)s.") % {"year": year})
        return year

    def clean(self):
        data = super().clean()
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Batas akhir harus sesudah pendaftaran dibuka."))
        return data


class _EditionChildForm(forms.ModelForm):
    """A configuration row of one edition; its group/stage choices are limited to that edition."""

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        if "group" in self.fields:
            self.fields["group"].queryset = edition.groups.all()
        if "stage" in self.fields:
            self.fields["stage"].queryset = edition.stages.all()
        if "government" in self.fields:
            government = self.fields["government"]
            government.queryset = Government.objects.select_related("region__parent")
            government.widget.choices = [("", "---------"), *governments_by_province(government.queryset)]


class GroupForm(_EditionChildForm):
    class Meta:
        model = EditionGroup
        fields = ["code", "name", "order", "by_invitation", "requires_source_innovation", "forbids_previous_winners"]


class CategoryForm(_EditionChildForm):
    class Meta:
        model = EditionCategory
        fields = ["code", "name", "order"]


class CapForm(_EditionChildForm):
    class Meta:
        model = EntryCap
        fields = ["unit", "group", "limit"]


class SectionForm(_EditionChildForm):
    prefill_from = forms.ChoiceField(
        label=_("Diisi awal dari"),
        required=False,
        choices=[("", _("— tidak diisi awal —"))] + [(code, label) for code, label in NARRATIVE_SECTIONS],
    )

    class Meta:
        model = FormSection
        fields = ["code", "title", "guidance", "word_limit", "char_limit", "group", "prefill_from", "required", "order"]


class AttachmentRequirementForm(_EditionChildForm):
    class Meta:
        model = AttachmentRequirement
        fields = ["code", "title", "kind", "max_bytes", "group", "required", "order"]


def quota_choices(edition) -> list:
    """The quota rows' dropdown: the edition's groups and categories, provinces, region levels."""
    groups = [(f"group:{g.code}", g.name) for g in edition.groups.all()]
    categories = [(f"category:{c.code}", c.name) for c in edition.categories.all()]
    provinces = [(f"province:{r.code}", r.name) for r in Region.objects.provinces().order_by("code")]
    levels = [(f"region_level:{value}", label) for value, label in RegionLevel.choices]
    choices = [(_("Kelompok"), groups), (_("Kategori"), categories), (_("Provinsi"), provinces)]
    return [(label, options) for label, options in choices if options] + [(_("Tingkat wilayah"), levels)]


class StageForm(_EditionChildForm):
    quotas = QuotaRowsField(
        label=_("Kuota proporsional"),
        help_text=_("Batas jumlah proposal yang lolos per kelompok, kategori atau wilayah. Kosongkan bila tidak ada."),
    )

    class Meta:
        model = Stage
        fields = [
            "order",
            "kind",
            "name",
            "description",
            "opens_at",
            "closes_at",
            "duration_days",
            "group",
            "top_n",
            "passing_score",
            "quotas",
            "label",
            "is_award",
            "narrows_previous",
        ]
        widgets = {"opens_at": DATETIME, "closes_at": DATETIME}
        field_classes = {"passing_score": IndonesianNumberField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        choices = quota_choices(self.edition)
        # A stored quota whose group or category was since renamed away still shows (and can be removed).
        known = {value for _label, options in choices for value, _text in options}
        stale = [
            (f"{key}:{q[key]}", f"{key}: {q[key]}")
            for q in (self.instance.quotas or [])
            for key in QUOTA_KEYS
            if key in q and f"{key}:{q[key]}" not in known
        ]
        self.fields["quotas"].set_choices(choices + ([(_("Lainnya"), stale)] if stale else []))

    # The window rule (closes after it opens) is `Stage.clean`, run by the form's model validation.


class ChecklistItemForm(_EditionChildForm):
    attachment_codes = forms.MultipleChoiceField(
        label=_("Lampiran yang dilihat untuk butir ini"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ChecklistItem
        fields = ["stage", "code", "text", "attachment_codes", "covers_form", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(a.code, a.title) for a in self.edition.attachment_requirements.all()]
        known = {code for code, _title in choices}
        choices += [(code, code) for code in (self.instance.attachment_codes or []) if code not in known]
        self.fields["attachment_codes"].choices = choices


class InvitationForm(_EditionChildForm):
    class Meta:
        model = EditionInvitation
        fields = ["group", "government", "note"]


# kind (URL segment) → (form, title). The edition is set by the view, never by the form.
CONFIG_FORMS = {
    "kelompok": (GroupForm, _("Kelompok")),
    "kategori": (CategoryForm, _("Kategori")),
    "kuota": (CapForm, _("Batas kuota peserta")),
    "bagian": (SectionForm, _("Bagian formulir")),
    "lampiran": (AttachmentRequirementForm, _("Lampiran")),
    "tahap": (StageForm, _("Tahap")),
    "butir": (ChecklistItemForm, _("Butir periksa")),
    "undangan": (InvitationForm, _("Undangan kelompok")),
}


class AnchorsField(forms.CharField):
    """Rubric anchors typed one band a line, "0–40: Meniru cara yang sudah umum…", kept as the
    list `competitions.anchors` describes."""

    LINE = re.compile(r"^\s*(\d{1,4})\s*[-–—]\s*(\d{1,4})\s*[:.]\s*(.+?)\s*$")

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{band['min']}–{band['max']}: {band['text']}" for band in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        bands = []
        for number, line in enumerate((text or "").splitlines(), start=1):
            if not line.strip():
                continue
            match = self.LINE.match(line)
            if not match:
                raise forms.ValidationError(
                    _("Baris %(n)s: tulis seperti “0–40: keterangan”.") % {"n": number}, code="invalid"
                )
            bands.append({"min": int(match[1]), "max": int(match[2]), "text": match[3]})
        return bands


class CriterionRowForm(forms.Form):
    code = forms.SlugField(label=_("Kode"), max_length=40)
    name = forms.CharField(label=_("Kriteria"), max_length=150)
    weight = IndonesianNumberField(label=_("Bobot (%)"), decimal_places=2, min_value=0, max_value=100)
    scale_min = forms.IntegerField(label=_("Skala min"), min_value=0, initial=0)
    scale_max = forms.IntegerField(label=_("Skala maks"), min_value=1, initial=100)
    guidance = forms.CharField(label=_("Panduan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    anchors = AnchorsField(
        label=_("Deskriptor per rentang nilai"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu rentang per baris, misalnya “0–40: Meniru cara yang sudah umum.”"),
    )

    def clean(self):
        data = super().clean()

        low, high = data.get("scale_min"), data.get("scale_max")
        if data.get("anchors") and low is not None and high is not None:
            for problem in anchor_errors(data["anchors"], scale_min=low, scale_max=high):
                self.add_error("anchors", problem)
        return data


# A forged kriteria-TOTAL_FORMS=1000000 builds at most FORMSET_MAX_ROWS forms (Django's default is 1,000,
# which took 12.9 s to validate and render) and is refused with a message.
CriterionFormSet = forms.formset_factory(
    CriterionRowForm,
    extra=1,
    can_delete=True,
    max_num=FORMSET_MAX_ROWS,
    absolute_max=FORMSET_MAX_ROWS,
    validate_max=True,
)


class StartProposalForm(forms.Form):
    innovation = forms.ModelChoiceField(label=_("Inovasi yang diikutkan"), queryset=None)
    group = forms.ModelChoiceField(label=_("Kelompok"), queryset=None)
    category = forms.ModelChoiceField(label=_("Kategori"), queryset=None, required=False)
    source_description = forms.CharField(
        label=_("Inovasi sumber (untuk kelompok replikasi)"),
        max_length=255,
        required=False,
        help_text=_("Nama inovasi yang direplikasi dan pemiliknya."),
    )

    def __init__(self, *args, edition, innovations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["innovation"].queryset = innovations
        self.fields["group"].queryset = edition.groups.all()
        self.fields["category"].queryset = edition.categories.all()
        if not edition.categories.exists():
            del self.fields["category"]


class ObjectionForm(forms.Form):
    proposal = forms.TypedChoiceField(label=_("Proposal yang disanggah"), coerce=int)
    reason = forms.CharField(
        label=_("Alasan sanggahan"), min_length=30, max_length=3000, widget=forms.Textarea(attrs={"rows": 5})
    )
    contact_name = forms.CharField(label=_("Nama Anda"), max_length=150)
    contact_email = forms.EmailField(label=_("Surel Anda"), help_text=_("Tanggapan panitia dikirim ke alamat ini."))
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # honeypot: people leave it empty

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].choices = [(p.pk, f"{p.title} — {p.government.name}") for p in proposals]

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Formulir tidak valid."))
        return ""


class ResolveObjectionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[(ObjectionState.UPHELD, _("Diterima (proposal gugur)")), (ObjectionState.REJECTED, _("Ditolak"))],
        widget=forms.RadioSelect,
    )
    resolution = forms.CharField(
        label=_("Tanggapan panitia (diumumkan)"), min_length=10, widget=forms.Textarea(attrs={"rows": 3})
    )
