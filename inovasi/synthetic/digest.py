"""A content hash of the synthetic dataset, to prove two runs with the same seed give the same data."""

import hashlib
import json

from inovasi.competitions.models import Proposal, StageResult
from inovasi.innovation_index.models import IndexClaim, RegionIndex
from inovasi.innovations.models import Innovation, Replication
from inovasi.judging.models import Scorecard
from inovasi.organisations.models import Agency


def content_hash() -> str:
    """A SHA-256 over the dataset's content by natural keys (no primary keys, no clock timestamps).

    Rows are sorted in Python, so the hash does not depend on the database's collation. The tables
    are fed in a fixed order: the registry's, the competition's, the index's.
    """
    digest = hashlib.sha256()
    for label, rows in (*_registry_tables(), *_competition_tables(), *_index_tables()):
        digest.update(label.encode())
        for row in sorted(json.dumps(list(r), default=str, ensure_ascii=False) for r in rows):
            digest.update(row.encode())
    return digest.hexdigest()


def _registry_tables():
    """(label, rows) of agencies, innovations, their urusan and replications."""
    return [
        ("agency", Agency.objects.values_list("government__region__code", "name", "kind", "parent__name")),
        (
            "innovation",
            Innovation.objects.values_list(
                "government__region__code",
                "agency__name",
                "name",
                "acronym_expansion",
                "initiator_kind",
                "form",
                "type",
                "stage",
                "status",
                "started_on",
                "year",
                "summary",
                "background",
                "novelty",
                "implementation",
                "significance",
                "adaptability",
                "resources",
                "sustainability",
                "published_at",
            ),
        ),
        (
            "affair",
            Innovation.affairs.through.objects.values_list(
                "innovation__government__region__code", "innovation__name", "governmentaffair__code"
            ),
        ),
        (
            "replication",
            Replication.objects.values_list(
                "innovation__government__region__code", "innovation__name", "adopter_name", "adopted_on"
            ),
        ),
    ]


def _competition_tables():
    """(label, rows) of proposals, stage results and scorecards (their values as sorted JSON)."""
    scorecards = Scorecard.objects.values_list(
        "proposal__government__region__code", "proposal__title", "juror__user__email", "values", "submitted_at"
    )
    return [
        (
            "proposal",
            Proposal.objects.values_list(
                "edition__year",
                "government__region__code",
                "title",
                "group__code",
                "category__code",
                "state",
                "submitted_at",
            ),
        ),
        (
            "stage_result",
            StageResult.objects.values_list("stage__edition__year", "stage__name", "proposal__title", "rank", "score"),
        ),
        (
            "scorecard",
            (
                (code, title, email, json.dumps(values, sort_keys=True), at)
                for code, title, email, values, at in scorecards
            ),
        ),
    ]


def _index_tables():
    """(label, rows) of the index claims and the published region indices."""
    return [
        (
            "claim",
            IndexClaim.objects.values_list(
                "assessment__government__region__code",
                "indicator__number",
                "innovation__name",
                "claimed_value",
                "validation",
                "validated_value",
            ),
        ),
        ("region_index", RegionIndex.objects.values_list("government__region__code", "iid", "predicate", "rank")),
    ]
