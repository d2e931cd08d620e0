"""Throttles beyond django-axes' lock of one e-mail + address.

Login: axes locks an e-mail + client address after AXES_FAILURE_LIMIT failures. On top of that,
counted from axes' own `AccessAttempt` rows over the cool-off window (so every app server sees the
same numbers):
- one account from any address: LOGIN_ACCOUNT_FAILURE_LIMIT failures (a password guessed from many
  addresses);
- one address across accounts: LOGIN_ADDRESS_FAILURE_LIMIT failures (password spraying);
- everything: LOGIN_GLOBAL_FAILURE_LIMIT failures (a distributed attack), after which every login
  attempt waits for the window to pass.
A refused attempt is not tried, so it is not counted either.

Password reset: PASSWORD_RESET_LIMIT_PER_ACCOUNT requests per e-mail address and
PASSWORD_RESET_LIMIT_PER_ADDRESS per client address per PASSWORD_RESET_WINDOW_MINUTES, counted in
the cache (one shared cache when there are several app servers, see docs/operations.md).
"""

import hashlib
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _


def _failures(**filters) -> int:
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(attempt_time__gte=since, **filters).aggregate(n=Sum("failures_since_start"))
    return total["n"] or 0


def login_refusal(username: str, address: str | None) -> str | None:
    """The Indonesian reason to refuse this login attempt before checking the password, or None."""
    if not settings.AXES_ENABLED:
        return None
    username = (username or "").strip().lower()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if _failures() >= settings.LOGIN_GLOBAL_FAILURE_LIMIT:
        return _("Layanan masuk sedang dibatasi karena banyak percobaan gagal. Coba lagi dalam %(m)s menit.") % {
            "m": minutes
        }
    if username and _failures(username=username) >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT:
        return _("Terlalu banyak percobaan masuk untuk akun ini. Coba lagi dalam %(m)s menit.") % {"m": minutes}
    if address and _failures(ip_address=address) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        return _("Terlalu banyak percobaan masuk dari alamat ini. Coba lagi dalam %(m)s menit.") % {"m": minutes}
    return None


def _hit(key: str, window: timedelta) -> int:
    cache.add(key, 0, timeout=int(window.total_seconds()))
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=int(window.total_seconds()))
        return 1


def password_reset_refusal(email: str, address: str | None) -> str | None:
    """Count one reset request; the Indonesian reason to refuse it, or None.

    The refusal reads the same whether or not the address has an account.
    """
    window = timedelta(minutes=settings.PASSWORD_RESET_WINDOW_MINUTES)
    digest = hashlib.sha256((email or "").strip().lower().encode()).hexdigest()
    per_account = _hit(f"throttle:pwreset:account:{digest}", window)
    per_address = _hit(f"throttle:pwreset:address:{address}", window) if address else 0
    if (
        per_account > settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT
        or per_address > settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
    ):
        return _(
            "Permintaan atur ulang kata sandi terlalu sering. Tunggu %(m)s menit, lalu coba lagi; "
            "periksa juga folder spam untuk surel yang sudah terkirim."
        ) % {"m": settings.PASSWORD_RESET_WINDOW_MINUTES}
    return None
