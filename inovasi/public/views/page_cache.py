"""A short-lived cache of whole public pages for anonymous visitors.

The public catalog, innovation and region pages are read far more often than they change, and
rendering one costs tens of times what serving any request costs (docs/performance/http.md).
`cached_public_page` keeps the rendered page of an anonymous GET for `PUBLIC_PAGE_CACHE_SECONDS`
(60 by default, 0 turns it off; off in test mode so tests always see fresh pages), keyed on the
path with its query string, the language, the htmx header and the data version: the search-index
token plus the id of the latest audit event. A page changes within two seconds of an innovation
being published, edited or withdrawn (every such write re-indexes) and of any audited change
(an upheld objection, a published shortlist or index year, an award): every change a public page
shows is audited, so the audit trail doubles as the cache's invalidation signal, across processes
and servers, without a table of its own. Signed-in users, non-GET requests and visitors with
pending flash messages always get a freshly rendered page.

Every page carries the visitor's CSRF token (language switch, htmx header). The cached copy holds
a placeholder instead, replaced on every hit by the token of the visitor being served, so forms
keep working and the CSRF cookie is still set as usual.

The cache is Django's default cache (per process unless CACHES names a shared one).
"""

import hashlib
import re
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import Subquery
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from inovasi.audit.models import AuditEvent
from inovasi.search.indexing import index_version
from inovasi.search.models import SearchIndexVersion

_PLACEHOLDER = b"@@public-page-csrf-token@@"
# Where base.html prints the token: the language switch form and the htmx header.
_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{32,64})"|"X-CSRFToken": "([A-Za-z0-9]{32,64})"')


# A cache hit costs little more than any request; asking the database for the index version on
# every hit would cost as much again, so each process re-reads it at most every VERSION_SECONDS
# (and at once after an index write in the same process).
VERSION_SECONDS = 2.0
_version = {"token": "", "read_at": -VERSION_SECONDS}


def _read_data_version() -> str:
    """The search-index token and the latest audit event id, in one small query."""
    latest_event = Subquery(AuditEvent.objects.order_by("-id").values("id")[:1])
    row = SearchIndexVersion.objects.filter(pk=1).values_list("token", latest_event).first()
    if row is None:  # nothing indexed yet
        return f"{index_version()}:{AuditEvent.objects.order_by('-id').values_list('id', flat=True).first()}"
    return f"{row[0]}:{row[1]}"


def _data_version() -> str:
    now = time.monotonic()
    if now - _version["read_at"] >= VERSION_SECONDS:
        _version["token"], _version["read_at"] = _read_data_version(), now
    return _version["token"]


@receiver(post_save, sender=SearchIndexVersion, dispatch_uid="public-page-cache-index-version")
@receiver(post_save, sender=AuditEvent, dispatch_uid="public-page-cache-audit-event")
def _data_written(**kwargs):
    _version["read_at"] = -VERSION_SECONDS


def cache_seconds() -> int:
    default = 0 if getattr(settings, "INOVASI_ENV", "") == "test" else 60
    return int(getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", default))


def _cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES
        and cache_seconds() > 0
    )


def _key(request) -> str:
    fingerprint = repr(
        (_data_version(), get_language(), request.headers.get("HX-Request", ""), request.get_full_path())
    )
    return "public-page:" + hashlib.sha256(fingerprint.encode()).hexdigest()


# Data a page computes for one scope (an innovation's two hops, a region's spread) outlives the page:
# its key carries the data version, so any audited change or index write makes it stale at once.
DATA_SECONDS = 3600


def cached_data(name: str, scope, compute):
    """`compute()` for `scope`, kept per data version while public pages are cached (off in tests).

    Whatever is kept must not depend on the language or the visitor (labels are rendered later)."""
    if cache_seconds() <= 0:
        return compute()
    key = "public-data:" + hashlib.sha256(repr((_data_version(), name, scope)).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, DATA_SECONDS)
    return found


def cached_public_page(view):
    """Serve an anonymous GET of `view` from the cache when it rendered it in the last minute."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            content_type, body = stored
            return HttpResponse(body.replace(_PLACEHOLDER, get_token(request).encode()), content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            body = response.content
            found = _TOKEN.search(body)
            if found:
                body = body.replace(found.group(1) or found.group(2), _PLACEHOLDER)
            cache.set(key, (response["Content-Type"], body), cache_seconds())
        return response

    return wrapper
