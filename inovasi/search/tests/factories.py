"""Small builders for innovation records used by the search, catalog, region and API tests."""

import datetime

from inovasi.innovations.enums import (
    AdopterKind,
    InitiatorKind,
    InnovationForm,
    InnovationStage,
    InnovationStatus,
    InnovationType,
    ReplicationEvidenceKind,
)
from inovasi.innovations.models import Innovation, Replication


def make_innovation(agency, name, *, status=InnovationStatus.PUBLISHED, affairs=(), **fields):
    values = {
        "initiator_kind": InitiatorKind.PERANGKAT_DAERAH,
        "form": InnovationForm.PELAYANAN_PUBLIK,
        "type": InnovationType.NON_DIGITAL,
        "stage": InnovationStage.PENERAPAN,
        "year": 2024,
        "started_on": datetime.date(2021, 1, 4),
        "summary": "",
    }
    values.update(fields)
    innovation = Innovation.objects.create(agency=agency, name=name, status=status, **values)
    if affairs:
        innovation.affairs.set(affairs)
    return innovation


def replicate(innovation, adopter_government=None, *, name=None, adopted_on=datetime.date(2023, 5, 2)):
    return Replication.objects.create(
        innovation=innovation,
        adopter_kind=AdopterKind.GOVERNMENT if adopter_government else AdopterKind.NON_GOVERNMENT,
        adopter_government=adopter_government,
        adopter_name=name or (adopter_government.name if adopter_government else "Mitra"),
        adopted_on=adopted_on,
        evidence_kind=ReplicationEvidenceKind.SURAT_PERNYATAAN,
    )
