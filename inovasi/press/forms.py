"""Forms of the press desk: choose what to write about, and edit a draft's text."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inovasi.accounts.rules import is_organizer, is_system_admin
from inovasi.press import queries
from inovasi.press.models import PressKind


class AwardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, award):
        return (
            f"{award.label.edition.name} — {award.label.name}: {award.recipient_name} ({award.government.short_name})"
        )


class GovernmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, government):
        return f"{government.name} ({government.region.code})"


class NewReleaseForm(forms.Form):
    """Which release to draft. Only the fields of the chosen kind are used; the querysets hold
    only what the user may write about, so any other id is an invalid choice."""

    kind = forms.ChoiceField(label=_("Jenis siaran pers"), choices=PressKind.choices)
    edition = forms.ModelChoiceField(
        label=_("Edisi kompetisi"),
        queryset=None,
        required=False,
        help_text=_("Untuk hasil edisi."),
    )
    award = AwardChoiceField(
        label=_("Penghargaan"),
        queryset=None,
        required=False,
        help_text=_("Penghargaan lain dengan label yang sama untuk pemerintah daerah yang sama ikut diberitakan."),
    )
    government = GovernmentChoiceField(
        label=_("Pemerintah daerah"),
        queryset=None,
        required=False,
        help_text=_(
            "Untuk inovasi daerah dalam satu tahun; untuk hasil edisi, kosongkan agar seluruh hasil diberitakan."
        ),
    )
    year = forms.IntegerField(label=_("Tahun"), required=False, min_value=2000, max_value=2100)
    compare_year = forms.IntegerField(
        label=_("Dibandingkan dengan tahun"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Kosongkan untuk membandingkan dengan tahun pertama yang memiliki data."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["edition"].queryset = queries.editions_for(user)
        self.fields["award"].queryset = queries.awards_for(user)
        self.fields["government"].queryset = queries.governments_for(user)
        self.fields["year"].initial = timezone.localdate().year
        if not (is_system_admin(user) or is_organizer(user)):
            self.fields["kind"].choices = [(PressKind.REGION_YEAR, PressKind.REGION_YEAR.label)]
            self.fields["kind"].initial = PressKind.REGION_YEAR
            for name in ("edition", "award"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        required = {
            PressKind.EDITION_RESULTS: ("edition",),
            PressKind.AWARD: ("award",),
            PressKind.REGION_YEAR: ("government", "year"),
        }.get(kind, ())
        for name in required:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("Wajib diisi untuk jenis siaran pers ini."))
        government = data.get("government")
        if (
            kind == PressKind.REGION_YEAR
            and government is not None
            and not self.user.has_perm("press.write_about_government", government)
        ):
            self.add_error("government", _("Anda tidak berhak menulis tentang pemerintah daerah ini."))
        return data

    def targets(self) -> dict:
        data = self.cleaned_data
        kind = data["kind"]
        if kind == PressKind.EDITION_RESULTS:
            return {"edition": data["edition"], "government": data.get("government")}
        if kind == PressKind.AWARD:
            return {"award": data["award"]}
        return {"government": data["government"], "year": data["year"], "compare_year": data.get("compare_year")}


class EditReleaseForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    lead = forms.CharField(
        label=_("Teras berita"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Paragraf pertama: siapa meraih apa, kapan, di mana."),
    )
    body = forms.CharField(
        label=_("Isi berita"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Pisahkan paragraf dengan satu baris kosong."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
