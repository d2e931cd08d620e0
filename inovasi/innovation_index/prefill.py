"""What the registry already knows about an innovation, as a parameter value for an indicator.

An indicator names its `registry_source`; the functions here turn the registry's facts into the
value of one of its parameter options (1–3 in the presets), or None when the registry cannot tell
(the Pemda then chooses). Facts are loaded for many innovations in a constant number of queries.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from inovasi.innovation_index.enums import RegistrySource
from inovasi.innovations.enums import EvidenceKind, InnovationStage, InnovationType
from inovasi.innovations.models import Innovation


@dataclass
class RegistryFacts:
    replications: int = 0
    partners: int = 0
    has_video: bool = False
    digital: bool = False
    stage: str = ""
    basic_affairs: set = field(default_factory=set)


def registry_facts(innovation_ids) -> dict[int, RegistryFacts]:
    """Facts per innovation id: one query for the counts, one for the basic-service affairs."""
    rows = (
        Innovation.objects.filter(pk__in=list(innovation_ids))
        .annotate(
            n_replications=Count("replications", distinct=True),
            n_partners=Count("partners", distinct=True),
            n_videos=Count("evidence", filter=Q(evidence__kind=EvidenceKind.VIDEO), distinct=True),
        )
        .values_list("pk", "type", "stage", "n_replications", "n_partners", "n_videos")
    )
    facts = {
        pk: RegistryFacts(
            replications=reps,
            partners=partners,
            has_video=videos > 0,
            digital=kind == InnovationType.DIGITAL,
            stage=stage,
        )
        for pk, kind, stage, reps, partners, videos in rows
    }
    through = Innovation.affairs.through
    for innovation_id, affair_id in through.objects.filter(
        innovation_id__in=list(facts), governmentaffair__is_basic_service=True
    ).values_list("innovation_id", "governmentaffair_id"):
        facts[innovation_id].basic_affairs.add(affair_id)
    return facts


def _by_count(count: int) -> int:
    return 1 if count == 0 else 2 if count <= 2 else 3


def prefill_value(source: str, facts: RegistryFacts) -> int | None:
    """The option value the registry implies for `source`, or None when it does not know."""
    if source == RegistrySource.REPLICATIONS:
        return _by_count(facts.replications)
    if source == RegistrySource.PARTNERS:
        return None if facts.partners == 0 else (2 if facts.partners <= 4 else 3) if facts.partners > 2 else 1
    if source == RegistrySource.VIDEO:
        return 3 if facts.has_video else None
    if source == RegistrySource.DIGITAL:
        return 3 if facts.digital else 1
    if source == RegistrySource.STAGE:
        return {InnovationStage.INISIATIF: 1, InnovationStage.UJI_COBA: 2, InnovationStage.PENERAPAN: 3}.get(
            facts.stage
        )
    return None
