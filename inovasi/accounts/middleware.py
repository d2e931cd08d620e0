"""Until a user who needs two-factor has entered a code, every page sends them to do so."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from inovasi.accounts.security import confirmed_device, requires_code

# Pages a half-logged-in user may still open: the two-factor pages, logout and assets.
_OPEN_URL_NAMES = ("accounts:two_factor_setup", "accounts:two_factor_verify", "accounts:logout")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified() and requires_code(request):
            open_paths = {reverse(name) for name in _OPEN_URL_NAMES}
            path = request.path
            if path not in open_paths and not path.startswith(("/static/", "/media/", "/i18n/", "/jsi18n/")):
                if path.startswith("/api/"):
                    # An API client cannot follow a login page: say why in JSON instead of redirecting.
                    return JsonResponse(
                        {"detail": _("Masukkan kode verifikasi dua langkah terlebih dahulu.")}, status=403
                    )
                target = "accounts:two_factor_verify" if confirmed_device(user) else "accounts:two_factor_setup"
                next_url = request.get_full_path() if request.method == "GET" else ""
                url = reverse(target)
                if next_url and next_url != "/":
                    url += "?" + urlencode({"next": next_url})
                return redirect(url)
        return self.get_response(request)
