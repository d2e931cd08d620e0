"""Keep the search index current: `index_innovations(ids)` after bulk writes, `rebuild_index()` for all.

The importer calls `index_innovations` after its bulk_create; normal saves are picked up by the
signal receivers in `signals.py`. Only published innovations get an entry: what is not in the index
cannot be found by the public. (Similar innovations for a draft are computed from the draft itself.)
"""

import uuid
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Q

from inovasi.innovations.enums import NARRATIVE_SECTIONS, InnovationStatus
from inovasi.innovations.models import Innovation
from inovasi.search.models import SearchAffair, SearchDocument, SearchIndexVersion, SearchText
from inovasi.search.text import stems

CHUNK = 500


def _chunks(ids: list[int], size: int = CHUNK):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def document_text(innovation: Innovation) -> str:
    """The raw text the index is built from (needs agency, government, region, affairs and partners)."""
    region = innovation.government.region
    parts = [innovation.name, innovation.acronym_expansion]
    parts += [getattr(innovation, field) for field, _label in NARRATIVE_SECTIONS]
    parts += [innovation.agency.name, innovation.government.name, region.name]
    if region.parent_id:
        parts.append(region.parent.name)
    parts += [affair.name for affair in innovation.affairs.all()]
    parts += [partner.name for partner in innovation.partners.all()]
    return "\n".join(part for part in parts if part)


def build_document(innovation: Innovation) -> tuple[SearchDocument, SearchText]:
    region = innovation.government.region
    document = SearchDocument(
        innovation_id=innovation.pk,
        government_id=innovation.government_id,
        province_code=region.parent.code if region.parent_id else region.code,
        region_code=region.code,
        agency_kind=innovation.agency.kind,
        form=innovation.form,
        type=innovation.type,
        stage=innovation.stage,
        start_year=innovation.started_on.year if innovation.started_on else None,
        started_on=innovation.started_on,
        outside_award_count=innovation.recognition_count,
        replication_count=innovation.replication_count,
        sort_name=innovation.name.lower()[:200],
    )
    return document, SearchText(document_id=innovation.pk, stemmed_text=" ".join(stems(document_text(innovation))))


def _innovations(ids: list[int]):
    return (
        Innovation.objects.filter(pk__in=ids, status=InnovationStatus.PUBLISHED)
        .select_related("agency", "government__region__parent")
        .prefetch_related("affairs", "partners")
        .annotate(
            recognition_count=Count("recognitions", distinct=True),
            replication_count=Count("replications", distinct=True),
        )
        .order_by()
    )


def index_innovations(innovation_ids: Iterable[int]) -> int:
    """(Re-)index these innovations; entries of ids that no longer exist or are not published are removed.

    Returns the number of entries written (published innovations). One transaction per call.
    """
    ids = sorted({int(pk) for pk in innovation_ids})
    written = 0
    with transaction.atomic():
        for chunk in _chunks(ids):
            SearchDocument.objects.filter(pk__in=chunk).delete()
            innovations = list(_innovations(chunk))
            built = [build_document(innovation) for innovation in innovations]
            SearchDocument.objects.bulk_create([document for document, _text in built])
            SearchText.objects.bulk_create([text for _document, text in built])
            # The affairs were prefetched with the innovations: no query per document.
            SearchAffair.objects.bulk_create(
                SearchAffair(document_id=innovation.pk, affair_code=affair.code)
                for innovation in innovations
                for affair in innovation.affairs.all()
            )
            written += len(built)
        _bump_version()
    return written


def _bump_version() -> None:
    SearchIndexVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


def index_version() -> str:
    """The current index token; cached catalog counts are keyed on it (one small query)."""
    return SearchIndexVersion.objects.filter(pk=1).values_list("token", flat=True).first() or "0"


def rebuild_index() -> int:
    """Index every published innovation and drop all other entries. Returns the number of entries."""
    published = Innovation.objects.filter(status=InnovationStatus.PUBLISHED)
    ids = list(published.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        SearchDocument.objects.filter(~Q(pk__in=published.values("pk"))).delete()
        return index_innovations(ids)
