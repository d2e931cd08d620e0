from django import forms
from django.utils.translation import gettext_lazy as _

from inovasi.organisations.enums import AgencyKind
from inovasi.organisations.models import Agency


class AgencyForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=200)
    short_name = forms.CharField(label=_("Singkatan"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Jenis"), choices=AgencyKind.choices)
    parent = forms.ModelChoiceField(
        label=_("Induk"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("— tidak ada (perangkat daerah utama) —"),
        help_text=_("Misalnya Puskesmas di bawah Dinas Kesehatan."),
    )
    public_email = forms.EmailField(
        label=_("Surel publik"),
        required=False,
        help_text=_("Ditampilkan pada halaman publik inovasinya sebagai kontak untuk replikasi."),
    )
    public_phone = forms.RegexField(
        label=_("Telepon publik"),
        required=False,
        max_length=30,
        regex=r"^\+?[0-9 ()\-]{6,30}$",
        error_messages={"invalid": _("Tulis nomor telepon dengan angka, misalnya 0343 123456.")},
    )
    public_address = forms.CharField(label=_("Alamat kantor"), required=False, max_length=300)

    def __init__(self, *args, government, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = Agency.objects.active().of_government(government)
        if agency is not None:
            candidates = candidates.exclude(pk__in={agency.pk, *agency.descendant_ids()})
        self.fields["parent"].queryset = candidates
