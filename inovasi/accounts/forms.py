from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from inovasi.accounts import throttles
from inovasi.accounts.enums import Role
from inovasi.accounts.models import User
from inovasi.organisations.models import Agency
from inovasi.outbox.services import queue_mail, render_subject, render_text


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Kata sandi"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": _("Email atau kata sandi salah. Periksa kembali, lalu coba lagi."),
        "inactive": _("Akun ini dinonaktifkan. Hubungi admin Anda."),
    }

    def clean(self):
        request = self.request
        address = (getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")) if request else None
        refusal = throttles.login_refusal(self.data.get("username", ""), address)
        if refusal:
            raise forms.ValidationError(refusal, code="throttled")
        return super().clean()


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, its mail through the outbox (plain-text subject)."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        queue_mail(
            to=to_email,
            subject=render_subject(subject_template_name, context),
            body=render_text(email_template_name, context),
            from_email=from_email or "",
        )


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    password1 = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minimal 10 karakter, tidak hanya angka, dan bukan kata sandi yang umum."),
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        self.fields["full_name"].initial = invitation.full_name

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        elif p1:
            try:
                password_validation.validate_password(
                    p1, User(email=self.invitation.email, full_name=data.get("full_name", ""))
                )
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class GovernmentInvitationForm(forms.Form):
    """Admin Pemda invites an operator for one of its agencies, or another Admin Pemda."""

    email = forms.EmailField(label=_("Email"))
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    role = forms.ChoiceField(
        label=_("Peran"), choices=[(Role.OPERATOR, Role.OPERATOR.label), (Role.PEMDA_ADMIN, Role.PEMDA_ADMIN.label)]
    )
    agency = forms.ModelChoiceField(
        label=_("Perangkat daerah"),
        queryset=Agency.objects.none(),
        required=False,
        help_text=_("Wajib untuk operator OPD."),
    )

    def __init__(self, *args, government, **kwargs):
        super().__init__(*args, **kwargs)
        self.government = government
        self.fields["agency"].queryset = Agency.objects.active().of_government(government)

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.OPERATOR and not data.get("agency"):
            self.add_error("agency", _("Pilih perangkat daerah tempat operator ini bekerja."))
        return data

    @property
    def scope(self):
        return self.cleaned_data["agency"] if self.cleaned_data["role"] == Role.OPERATOR else self.government


class BodyInvitationForm(forms.Form):
    """An organizer invites a fellow organizer, a juror or a verifier to its body."""

    email = forms.EmailField(label=_("Email"))
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    role = forms.ChoiceField(
        label=_("Peran"), choices=[(r, r.label) for r in (Role.JUROR, Role.VERIFIER, Role.ORGANIZER)]
    )


class TwoFactorCodeForm(forms.Form):
    """The six-digit code from the authenticator app, checked against one TOTP device."""

    token = forms.CharField(
        label=_("Kode 6 angka"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*", "autofocus": True}
        ),
        help_text=_("Buka aplikasi autentikator di ponsel Anda dan ketik kode yang tampil untuk Inovasi."),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError(_("Kode terdiri dari 6 angka."))
        allowed, _info = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(_("Terlalu banyak kode salah. Tunggu sebentar, lalu coba lagi."))
        if not self.device.verify_token(token):
            raise forms.ValidationError(_("Kode salah atau sudah kedaluwarsa. Ketik kode terbaru dari aplikasi."))
        return token
