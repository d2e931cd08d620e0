"""Signal receivers that keep the search index current on normal saves (registered in apps.py).

Bulk writes (bulk_create, QuerySet.update) send no signals: call `indexing.index_innovations`
afterwards. Fixture loading (raw saves) is skipped; run `manage.py rebuild_search_index` after it.
"""

import threading

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from inovasi.innovations.models import Innovation, Partner, Recognition, Replication
from inovasi.organisations.models import Agency
from inovasi.search.indexing import index_innovations, remove_from_index

# Innovations being deleted in this thread: their children's post_delete must not re-index them
# (the collector deletes children first and the innovation last).
_deleting = threading.local()


def _being_deleted() -> set:
    if not hasattr(_deleting, "ids"):
        _deleting.ids = set()
    return _deleting.ids


def _innovation_pre_delete(sender, instance, **kwargs):
    _being_deleted().add(instance.pk)
    # Remove the entry through the indexer (not the cascade) so the stored facet counts drop it too.
    remove_from_index([instance.pk])


def _innovation_post_delete(sender, instance, **kwargs):
    _being_deleted().discard(instance.pk)


def _innovation_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_innovations([instance.pk])


def _child_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if instance.innovation_id not in _being_deleted():
        index_innovations([instance.innovation_id])


def _affairs_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:
        if pk_set:
            index_innovations(pk_set)
        elif action == "post_clear":
            pass  # the affair's innovations are unknown after a reverse clear; rebuild if this matters
    else:
        index_innovations([instance.pk])


def _agency_saved(sender, instance, raw=False, created=False, **kwargs):
    if raw or created:
        return
    index_innovations(Innovation.objects.filter(agency=instance).values_list("pk", flat=True))


def connect():
    post_save.connect(_innovation_saved, sender=Innovation, dispatch_uid="search_innovation_saved")
    pre_delete.connect(_innovation_pre_delete, sender=Innovation, dispatch_uid="search_innovation_pre_delete")
    post_delete.connect(_innovation_post_delete, sender=Innovation, dispatch_uid="search_innovation_post_delete")
    for model in (Partner, Recognition, Replication):
        post_save.connect(_child_changed, sender=model, dispatch_uid=f"search_{model.__name__}_saved")
        post_delete.connect(_child_changed, sender=model, dispatch_uid=f"search_{model.__name__}_deleted")
    m2m_changed.connect(_affairs_changed, sender=Innovation.affairs.through, dispatch_uid="search_affairs_changed")
    post_save.connect(_agency_saved, sender=Agency, dispatch_uid="search_agency_saved")
