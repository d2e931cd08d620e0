"""A published KOVABLIK 2020 edition with shortlists and awards, built directly with the ORM.

Stories 003/004 in miniature: Segar Kagemi (SMP Negeri 10 Malang) in the Top 30 and Rumah Diapers
(Puskesmas Polowijen) in the Top 45, both awards handed over at a ceremony on 15 November 2020;
Among Tani Crop (Kota Batu) reached the Top 90 only. Noise that must never show: a withdrawn
Top 90 result (Sepasar Pedas) and a result in a stage whose list is not announced.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from inovasi.awards.models import Award, AwardLabel, AwardLabelKind, Ceremony
from inovasi.competitions.editions import create_edition_from_preset
from inovasi.competitions.enums import ProposalState
from inovasi.competitions.models import Edition, Proposal, StageResult
from inovasi.innovations.enums import AdopterKind, ReplicationEvidenceKind
from inovasi.innovations.models import Replication
from inovasi.organisations.enums import AgencyKind
from inovasi.organisations.models import Agency
from inovasi.search.tests.factories import make_innovation

WIB = ZoneInfo("Asia/Jakarta")
TOP90_AT = dt.datetime(2020, 10, 1, 10, 0, tzinfo=WIB)
ANNOUNCED = dt.datetime(2020, 11, 15, 10, 0, tzinfo=WIB)


@dataclass
class Kovablik:
    edition: Edition
    segar: object
    diapers: object
    tani: object
    label30: AwardLabel
    label45: AwardLabel
    ceremony: Ceremony
    award30: Award
    award45: Award


def enter(edition, innovation) -> Proposal:
    return Proposal.objects.create(
        edition=edition,
        innovation=innovation,
        government_id=innovation.government_id,
        agency=innovation.agency,
        group=edition.groups.get(code="umum"),
        title=innovation.name,
        state=ProposalState.SHORTLISTED,
        submitted_at=TOP90_AT - dt.timedelta(days=60),
    )


def publish(stage, proposals, at, **extra):
    for rank, proposal in enumerate(proposals, start=1):
        StageResult.objects.create(stage=stage, proposal=proposal, label=stage.label, rank=rank, **extra)
    stage.results_published_at = at
    stage.save(update_fields=["results_published_at"])


def award(label, proposal, ceremony=None, **extra) -> Award:
    innovation = proposal.innovation
    return Award.objects.create(
        label=label,
        ceremony=ceremony,
        proposal=proposal,
        innovation=innovation,
        government=innovation.government,
        agency=innovation.agency,
        recipient_name=innovation.name,
        **{"awarded_on": ANNOUNCED.date(), **extra},
    )


def replicate_to_partners(innovation, names):
    for name in names:
        Replication.objects.create(
            innovation=innovation,
            adopter_kind=AdopterKind.NON_GOVERNMENT,
            adopter_name=name,
            evidence_kind=ReplicationEvidenceKind.SURAT_PERNYATAAN,
        )


def build_kovablik(cast, *, published=True) -> Kovablik:
    edition = create_edition_from_preset(preset="kovablik-jatim", body=cast.body, year=2020, actor=cast.organizer)
    edition.is_published = published
    edition.save(update_fields=["is_published"])
    smp = Agency.objects.create(government=cast.gov_b, name="SMP Negeri Sepuluh Malang", kind=AgencyKind.SEKOLAH)
    puskesmas = Agency.objects.create(
        government=cast.gov_b, name="Puskesmas Polowijen", kind=AgencyKind.PUSKESMAS, parent=cast.agency_b
    )
    segar = make_innovation(
        smp,
        "Segar Kagemi",
        acronym_expansion="Semua Bugar dengan Kantin Gemar Makan Ikan",
        started_on=dt.date(2017, 1, 1),
        started_year_only=True,
        year=2020,
        summary="Kantin sekolah yang mengajak murid gemar makan ikan. Murid menjadi lebih sehat.",
        background="Berawal dari keprihatinan guru melihat banyak anak yang enggan makan ikan.",
    )
    diapers = make_innovation(
        puskesmas,
        "Rumah Diapers",
        year=2020,
        started_on=dt.date(2019, 3, 4),
        summary="Mengolah dan mendaur ulang popok bayi sekali pakai.",
    )
    tani = make_innovation(cast.agency_a, "Among Tani Crop", year=2020, summary="Petani bertanya kepada ahli.")
    pedas = make_innovation(cast.agency_b, "Sepasar Pedas", year=2020)
    hidden = make_innovation(cast.agency_a, "Inovasi Rahasia", year=2020)
    proposals = {i.name: enter(edition, i) for i in (segar, diapers, tani, pedas, hidden)}

    stages = {s.label: s for s in edition.stages.exclude(label="")}
    publish(
        stages["Top 90"],
        [proposals["Segar Kagemi"], proposals["Rumah Diapers"], proposals["Among Tani Crop"]],
        TOP90_AT,
    )
    StageResult.objects.create(
        stage=stages["Top 90"], proposal=proposals["Sepasar Pedas"], label="Top 90", rank=4, withdrawn_at=TOP90_AT
    )
    publish(stages["Top 30"], [proposals["Segar Kagemi"]], ANNOUNCED)
    publish(stages["Top 45"], [proposals["Rumah Diapers"]], ANNOUNCED)
    # Decided but not announced: must not appear anywhere public.
    StageResult.objects.create(stage=stages["Replikasi Terbaik"], proposal=proposals["Inovasi Rahasia"], label="x")

    label30 = AwardLabel.objects.create(edition=edition, name="Top 30", kind=AwardLabelKind.SHORTLIST, order=1)
    label45 = AwardLabel.objects.create(edition=edition, name="Top 45", kind=AwardLabelKind.SHORTLIST, order=2)
    ceremony = Ceremony.objects.create(
        edition=edition,
        name="Penganugerahan KOVABLIK",
        held_on=ANNOUNCED.date(),
        place="The Singhasari Resort Kota Batu",
        presenter_name="Diah Natalisa",
        presenter_title="Deputi Bidang Pelayanan Publik Kementerian PANRB",
    )
    award30 = award(label30, proposals["Segar Kagemi"], ceremony)
    award45 = award(label45, proposals["Rumah Diapers"], ceremony)
    return Kovablik(edition, segar, diapers, tani, label30, label45, ceremony, award30, award45)
