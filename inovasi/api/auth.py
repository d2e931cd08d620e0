"""Bearer-token authentication for the write API (tokens of `inovasi.integrations`).

`TokenAuth(Scope.X, …)` authenticates `Authorization: Bearer inv_…`, requires every listed scope,
counts the request against the token's per-minute allowance and then lets the request act as the
token's creator (`request.user`), so the same permission rules as on the screens apply. Refusals
answer in Indonesian: 401 unknown/revoked/expired, 403 a missing scope, 429 too many requests.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer

from inovasi.integrations.tokens import Refusal, authenticate, has_scope


def _within_allowance(token) -> bool:
    minute = timezone.now().strftime("%Y%m%d%H%M")
    key = f"api-token-rate:{token.prefix}:{minute}"
    cache.add(key, 0, 90)
    try:
        used = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, 90)
        used = 1
    return used <= settings.API_TOKEN_RATE_PER_MINUTE


class TokenAuth(HttpBearer):
    def __init__(self, *scopes):
        self.scopes = [str(s) for s in scopes]
        super().__init__()

    def authenticate(self, request, token):
        result = authenticate(token)
        if isinstance(result, Refusal):
            raise HttpError(401, result.message)
        missing = [s for s in self.scopes if not has_scope(result, s)]
        if missing:
            raise HttpError(403, _("Token ini tidak memiliki cakupan %(scopes)s.") % {"scopes": ", ".join(missing)})
        if not _within_allowance(result):
            raise HttpError(
                429,
                _("Terlalu banyak permintaan dengan token ini (batas %(n)s per menit); coba lagi sebentar.")
                % {"n": settings.API_TOKEN_RATE_PER_MINUTE},
            )
        request.user = result.created_by
        request.api_token = result
        return result
