"""Send the reads of anonymous public traffic to a PostgreSQL read replica, when one is configured.

`DATABASE_REPLICA_URL` adds the `replica` alias (see config/settings.py). `PublicReadsOnReplicaMiddleware`
marks a request as replica-safe when it is a GET or HEAD, from an anonymous visitor, to a page of
the public site or the API (URL namespaces `public` and `api`); `PrimaryReplicaRouter` then sends
that request's reads to `replica`. Everything else stays on `default`, the primary:

- every write, always (`db_for_write`), and reads inside a transaction on the primary, so a
  read-then-write never reads a stale row;
- all traffic of signed-in users (workspace, organizer, jury, admin, and the public pages they
  browse), so a user sees their own change at once despite replication lag;
- sessions, accounts, login throttling, two-factor devices, the task queue and the audit trail,
  which are read to decide who the visitor is and must never be stale;
- management commands and task workers (no request marks them).

Without a `replica` alias the router answers None for everything, so Django uses `default`.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"

# Apps whose rows decide identity, security or the order of events: always read from the primary.
PRIMARY_ONLY_APPS = frozenset(
    {
        "accounts",
        "admin",
        "audit",
        "auth",
        "axes",
        "contenttypes",
        "django_tasks_database",
        "otp_static",
        "otp_totp",
        "sessions",
    }
)
PUBLIC_NAMESPACES = frozenset({"public", "api"})
SAFE_METHODS = frozenset({"GET", "HEAD"})

_reads_on_replica: ContextVar[bool] = ContextVar("reads_on_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def reads_on_replica():
    """Within this block, reads of public data go to the replica (if one is configured)."""
    token = _reads_on_replica.set(True)
    try:
        yield
    finally:
        _reads_on_replica.reset(token)


class PrimaryReplicaRouter:
    """Reads of a replica-safe request go to `replica`; everything else to `default`.

    Answering `default` (rather than None) outside such a request matters: Django would otherwise
    follow the instance hint, and a related lookup on an object read from the replica would go to
    the replica even after the request ended.
    """

    def db_for_read(self, model, **hints):
        if (
            _reads_on_replica.get()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and replica_configured()
            and not connections["default"].in_atomic_block
        ):
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: an object read from either may refer to the other.
        if {obj1._state.db, obj2._state.db} <= {"default", REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica receives the schema through streaming replication, never through migrate.
        return False if db == REPLICA else None


def _iterate_on_replica(content):
    """A streamed response (the catalog CSV) runs its queries while the server sends it."""
    token = _reads_on_replica.set(True)
    try:
        yield from content
    finally:
        try:
            _reads_on_replica.reset(token)
        except ValueError:  # closed from another context: just switch it off here
            _reads_on_replica.set(False)


def _public_namespace(request) -> bool:
    match = request.resolver_match
    return bool(match and match.namespaces and match.namespaces[0] in PUBLIC_NAMESPACES)


class PublicReadsOnReplicaMiddleware:
    """Mark anonymous GET/HEAD requests to the public site and the API as replica-safe.

    Goes after AuthenticationMiddleware (it asks whether the visitor is signed in, which reads the
    session from the primary before anything is routed).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reads_on_replica.set(False)  # a thread serves many requests: start each one clean
        try:
            response = self.get_response(request)
        finally:
            on_replica = _reads_on_replica.get()
            _reads_on_replica.reset(token)
        if on_replica and getattr(response, "streaming", False):
            response.streaming_content = _iterate_on_replica(response.streaming_content)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            replica_configured()
            and request.method in SAFE_METHODS
            and _public_namespace(request)
            and not request.user.is_authenticated
        ):
            _reads_on_replica.set(True)
        return None
