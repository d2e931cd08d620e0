"""Computed once per change: versions that key the cached ranking and reliability report of a stage.

Two versions in the database (`RankingVersion`): "global" and "stage:<id>". Every change to what
a stage's ranking is computed from bumps one of them: score saves, assignments (replacements
included), the stage's judging settings, rubric and advancement rule bump the stage's version;
conflicts, waivers, jurors' profiles (home government/agency), the memberships and accounts of
users (a juror's role, Admin Pemda, operator), the named people of innovations, agencies,
governments, proposals and the results of earlier stages bump the global one. The lower apps
(accounts, organisations, innovations) import nothing from here: `judging.signals` listens to
their models' `post_save`/`post_delete` (connected in `JudgingConfig.ready`), and the bulk writes of
judging's own models (`QuerySet.update`, `bulk_create`) bump through `VersionedQuerySet`.

A bump runs after the transaction commits (`on_commit`, once per transaction and scope), as one
`UPDATE` to a fresh random value: no lock is held inside the writer's transaction, and a reader
that computed from the old data before the commit stored it under the old version, which nobody
asks for again. The transaction that made the change reads around the cache until it commits
(its own uncommitted writes are not what other workers see). The version is read before the data
it keys, so a cache entry is never older than its key. The versions live in the database, so
every gunicorn worker and every cache backend (per-process memory, files, Redis) agree.
"""

import logging
import secrets
import threading
from collections import OrderedDict

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils.translation import get_language

from inovasi.judging.models import RankingVersion

logger = logging.getLogger(__name__)

GLOBAL = "global"
CACHE_SECONDS = 24 * 3600  # a safety net only: a changed version makes the entry unreachable at once
# The last few values this process read or computed, by the same versioned key: a stage's ranking
# is 5,000 rows, and unpickling them from the shared cache on every page of the desk costs more
# than the page. Read-only for callers. Correct across workers: the key holds the DB version.
MEMO_ENTRIES = 8
_memo: OrderedDict = OrderedDict()
_memo_lock = threading.Lock()


def stage_scope(stage_id) -> str:
    return f"stage:{stage_id}"


def _fresh() -> int:
    return secrets.randbits(62) + 1


def _bump(scopes) -> None:
    """Give each scope a fresh random version: never one a cache has seen, even after a restore
    from backup or a rolled-back test reusing the same ids (a counter could repeat there)."""
    for scope in sorted(scopes):
        if not RankingVersion.objects.filter(scope=scope).update(value=_fresh()):
            _, created = RankingVersion.objects.get_or_create(scope=scope, defaults={"value": _fresh()})
            if not created:  # created by a concurrent bump between the two statements
                RankingVersion.objects.filter(scope=scope).update(value=_fresh())


class _Flush:
    """The one on-commit callback of a transaction: bumps every scope its changes touched."""

    def __init__(self, connection):
        self.connection, self.scopes, self.done = connection, set(), False

    def __call__(self):
        self.done = True
        self.connection.inovasi_ranking_dirty = False
        try:
            _bump(self.scopes)
        except Exception:  # the change itself is committed; say loudly that caches may be stale
            logger.exception("ranking version bump failed for %s", sorted(self.scopes))
            raise


def _pending_flush(connection):
    flush = getattr(connection, "inovasi_ranking_flush", None)
    if flush is None or flush.done:
        return None
    # Still registered? A rolled-back (savepoint of a) transaction drops its callbacks.
    index = getattr(connection, "inovasi_ranking_flush_index", -1)
    pending = connection.run_on_commit
    if 0 <= index < len(pending) and pending[index][1] is flush:
        return flush
    for i, entry in enumerate(pending):
        if entry[1] is flush:
            connection.inovasi_ranking_flush_index = i
            return flush
    return None


def changed(*, stage_id=None, using=DEFAULT_DB_ALIAS) -> None:
    """Announce a change to what the ranking of stage `stage_id` (None: of any stage) is computed from."""
    scope = GLOBAL if stage_id is None else stage_scope(stage_id)
    connection = connections[using]
    if not connection.in_atomic_block:
        _bump({scope})
        return
    connection.inovasi_ranking_dirty = True
    flush = _pending_flush(connection)
    if flush is None:
        flush = _Flush(connection)
        transaction.on_commit(flush, using=using, robust=True)
        connection.inovasi_ranking_flush = flush
        connection.inovasi_ranking_flush_index = len(connection.run_on_commit) - 1
    flush.scopes.add(scope)


def current(stage_id, using=DEFAULT_DB_ALIAS) -> tuple[int, int]:
    """(global version, stage version), one query."""
    values = dict(
        RankingVersion.objects.using(using)
        .filter(scope__in=[GLOBAL, stage_scope(stage_id)])
        .values_list("scope", "value")
    )
    return values.get(GLOBAL, 0), values.get(stage_scope(stage_id), 0)


def _bypass(using=DEFAULT_DB_ALIAS) -> bool:
    """True inside a transaction that changed ranking inputs and has not committed yet."""
    connection = connections[using]
    if not connection.in_atomic_block:
        connection.inovasi_ranking_dirty = False
        return False
    return getattr(connection, "inovasi_ranking_dirty", False)


def cached(kind: str, stage_id: int, compute):
    """`compute()` once per version of stage `stage_id`'s inputs (and per language: reasons are
    translated); `kind` names what is cached ("ranking", "reliability", …)."""
    if _bypass():
        return compute()
    global_version, stage_version = current(stage_id)
    key = f"judging:{kind}:{stage_id}:{global_version}:{stage_version}:{get_language() or ''}"
    with _memo_lock:
        value = _memo.get(key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, CACHE_SECONDS)
    with _memo_lock:
        _memo[key] = value
        _memo.move_to_end(key)
        while len(_memo) > MEMO_ENTRIES:
            _memo.popitem(last=False)
    return value
