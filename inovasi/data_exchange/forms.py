from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    # Empty files reach the service, which explains which format it expects.
    file = forms.FileField(
        allow_empty_file=True,
        label=_("Berkas impor"),
        help_text=_("Templat .xlsx yang sudah diisi, atau berkas .csv (UTF-8, dipisahkan koma atau titik koma)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    publish = forms.BooleanField(
        label=_("Langsung terbitkan inovasi hasil impor"),
        required=False,
        help_text=_("Jika tidak dicentang, inovasi disimpan sebagai draf."),
    )

    def __init__(self, *args, may_publish: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_publish:
            del self.fields["publish"]
