"""Response schemas of the innovation and replication read API (published records only)."""

import datetime

from django.urls import reverse
from ninja import Field, Schema

from inovasi.innovations.enums import NARRATIVE_SECTIONS


class GovernmentRef(Schema):
    id: int
    name: str
    region_code: str

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code


class RegionRef(Schema):
    code: str
    name: str
    province_code: str

    @staticmethod
    def resolve_province_code(obj):
        return obj.code.split(".")[0]


def _published_adopter_innovation_id(obj):
    other = obj.adopter_innovation
    return other.pk if other is not None and other.status == "published" else None


class AgencyRef(Schema):
    id: int
    name: str
    kind: str


class InnovationSummaryOut(Schema):
    id: int
    name: str
    acronym_expansion: str
    government: GovernmentRef
    agency: AgencyRef
    form: str
    type: str
    stage: str
    started_on: datetime.date | None
    started_year_only: bool
    year: int
    summary: str
    replication_count: int
    url: str

    @staticmethod
    def resolve_replication_count(obj):
        total = getattr(obj, "replication_total", None)  # annotated on lists; prefetched on the detail
        return total if total is not None else len(obj.replications.all())

    @staticmethod
    def resolve_url(obj):
        return reverse("public:innovation_detail", args=[obj.pk])


class InnovationPageOut(Schema):
    count: int
    page: int
    page_size: int
    num_pages: int
    items: list[InnovationSummaryOut]


class AffairOut(Schema):
    code: str
    name: str


class SdgOut(Schema):
    number: int
    name: str


class PersonOut(Schema):
    name: str
    role: str
    is_initiator: bool


class PartnerOut(Schema):
    name: str
    role: str


class ResultOut(Schema):
    metric: str
    value: float
    unit: str
    year: int
    note: str


class RecognitionOut(Schema):
    name: str
    giver: str
    category: str
    year: int


class InnovationReplicationOut(Schema):
    adopter_kind: str = Field(description="government (Pemda), agency (perangkat daerah) or non_government (mitra)")
    adopter_name: str
    adopter_government: GovernmentRef | None
    partner_kind: str = Field(
        description="for non_government: business, health, education, religious, community, other"
    )
    adopter_region: RegionRef | None = Field(description="the adopter's kabupaten/kota (or province)")
    adopter_innovation_id: int | None = Field(description="the adopter's own published innovation, if recorded")
    year: int | None
    adopted_on: datetime.date | None
    evidence_kind: str

    @staticmethod
    def resolve_adopter_innovation_id(obj):
        return _published_adopter_innovation_id(obj)


class EvidenceOut(Schema):
    kind: str
    title: str
    url: str


class InnovationDetailOut(InnovationSummaryOut):
    initiator_kind: str
    narrative: dict[str, str]
    affairs: list[AffairOut]
    sdgs: list[SdgOut]
    people: list[PersonOut]
    partners: list[PartnerOut]
    results: list[ResultOut]
    recognitions: list[RecognitionOut]
    replications: list[InnovationReplicationOut]
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_narrative(obj):
        return {field: getattr(obj, field) for field, _label in NARRATIVE_SECTIONS}

    @staticmethod
    def resolve_affairs(obj):
        return list(obj.affairs.all())

    @staticmethod
    def resolve_sdgs(obj):
        return list(obj.sdgs.all())

    @staticmethod
    def resolve_people(obj):
        return list(obj.people.all())

    @staticmethod
    def resolve_partners(obj):
        return list(obj.partners.all())

    @staticmethod
    def resolve_results(obj):
        return list(obj.results.all())

    @staticmethod
    def resolve_recognitions(obj):
        return list(obj.recognitions.all())

    @staticmethod
    def resolve_replications(obj):
        return list(obj.replications.all())

    @staticmethod
    def resolve_evidence(obj):
        # Only public links are listed; public files are downloaded from the innovation page.
        return [{"kind": e.kind, "title": e.title, "url": e.url} for e in obj.public_evidence]


class ReplicationOut(Schema):
    id: int
    innovation_id: int
    innovation_name: str
    source_government: GovernmentRef
    adopter_kind: str = Field(description="government (Pemda), agency (perangkat daerah) or non_government (mitra)")
    adopter_name: str
    adopter_government: GovernmentRef | None
    partner_kind: str = Field(
        description="for non_government: business, health, education, religious, community, other"
    )
    adopter_region: RegionRef | None = Field(description="the adopter's kabupaten/kota (or province)")
    adopter_innovation_id: int | None = Field(description="the adopter's own published innovation, if recorded")
    year: int | None
    adopted_on: datetime.date | None
    evidence_kind: str

    @staticmethod
    def resolve_adopter_innovation_id(obj):
        return _published_adopter_innovation_id(obj)

    @staticmethod
    def resolve_innovation_name(obj):
        return obj.innovation.name

    @staticmethod
    def resolve_source_government(obj):
        return obj.innovation.government


# --- Yearly versions ---------------------------------------------------------------------------


class VersionRefOut(Schema):
    year: int
    is_current: bool
    saved_at: datetime.datetime | None
    url: str


class VersionChangeOut(Schema):
    field: str
    label: str
    kind: str
    changed: bool
    before: str | list[str] | None
    after: str | list[str] | None


class VersionOut(Schema):
    innovation_id: int
    year: int
    is_current: bool
    saved_at: datetime.datetime | None
    previous_year: int | None
    changes: list[VersionChangeOut]
