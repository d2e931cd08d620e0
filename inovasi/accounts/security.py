"""Login throttling and two-factor helpers shared by the middleware, the views and the settings."""

from base64 import b32encode

import segno
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from inovasi.accounts.rules import is_juror, is_organizer, is_system_admin, is_verifier


def axes_username(request, credentials=None) -> str:
    """The email as typed, normalised, so `Ani@X.id` and `ani@x.id ` share one failure counter."""
    value = ""
    if credentials:
        value = credentials.get(settings.AXES_USERNAME_FORM_FIELD) or ""
    if not value and request is not None and hasattr(request, "POST"):
        value = request.POST.get(settings.AXES_USERNAME_FORM_FIELD, "")
    return str(value).strip().lower()


def needs_two_factor(user) -> bool:
    """Organizers, jurors, verifiers and system admins must use a second factor when it is required."""
    if not settings.REQUIRE_TWO_FACTOR or not getattr(user, "is_authenticated", False):
        return False
    return bool(is_system_admin(user) or is_organizer(user) or is_juror(user) or is_verifier(user))


# Set at login (and on enrolment): the user turned two-factor on although no rule requires it.
OPTED_IN_SESSION_KEY = "two_factor_opted_in"


def requires_code(request) -> bool:
    """Whether this session must enter a code: a role that needs it, or a user who turned it on."""
    return needs_two_factor(request.user) or bool(request.session.get(OPTED_IN_SESSION_KEY))


def remember_opt_in(sender, request, user, **kwargs):
    """`user_logged_in` receiver: one query at login, none on later requests."""
    if request is not None and hasattr(request, "session"):
        request.session[OPTED_IN_SESSION_KEY] = confirmed_device(user) is not None


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being enrolled (one per user; created on first visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Aplikasi autentikator", confirmed=False)
    return device


def secret_for_display(device: TOTPDevice) -> str:
    raw = b32encode(device.bin_key).decode()
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG (no JavaScript, no external service)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, title="QR")
