"""Write API for a Pemda's own registry, authenticated by API tokens (docs/api.md).

Every write goes through the same services as the workspace screens (`innovations.services`,
`innovations.parts`) as the token's creator, so the permission rules, the validation, the audit
events and the e-mails are the screens' own. A request is all or nothing: the service's
transaction either writes everything or nothing, and its refusal comes back as 422 with the path
of each refused field. Submission and publication stay on the screens: they are deliberate steps
of people, with a check-your-answers page.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from inovasi.api.auth import TokenAuth
from inovasi.api.errors import FieldErrors, from_validation_error
from inovasi.competitions.models import Proposal
from inovasi.innovations import services
from inovasi.innovations.enums import EvidenceKind
from inovasi.innovations.models import GovernmentAffair, Innovation, SustainableDevelopmentGoal
from inovasi.integrations.enums import OwnerKind, Scope
from inovasi.integrations.events import PEMDA_ONLY_STATES
from inovasi.integrations.owners import owner_of
from inovasi.organisations.models import Agency, Government

router = Router(tags=["integrasi Pemda (token API)"])

NARRATIVE = services.NARRATIVE_FIELDS
TEXT = Field(None, max_length=20000)


class TokenOut(Schema):
    name: str
    owner_kind: str
    owner_id: int
    owner_name: str
    scopes: list[str]
    expires_at: datetime.datetime | None


class InnovationWrite(Schema):
    """Fields of an innovation; on PATCH send only those that change."""

    model_config = {"extra": "forbid"}

    agency: int | None = Field(None, description="ID perangkat daerah Pemda token ini")
    name: str | None = Field(None, max_length=255)
    acronym_expansion: str | None = Field(None, max_length=255)
    initiator_kind: str | None = None
    form: str | None = None
    type: str | None = None
    stage: str | None = None
    started_on: datetime.date | None = None
    started_year_only: bool | None = None
    year: int | None = Field(None, ge=2000, le=2100, description="tahun data; hanya saat membuat")
    summary: str | None = TEXT
    background: str | None = TEXT
    novelty: str | None = TEXT
    implementation: str | None = TEXT
    significance: str | None = TEXT
    adaptability: str | None = TEXT
    resources: str | None = TEXT
    sustainability: str | None = TEXT
    affairs: list[str] | None = Field(None, max_length=60, description="kode urusan, misalnya 1.02")
    sdgs: list[int] | None = Field(None, max_length=17, description="nomor SDG 1–17")


class RecordOut(Schema):
    id: int
    name: str
    status: str
    year: int
    agency: int
    government: int
    affairs: list[str]
    sdgs: list[int]
    updated_at: datetime.datetime
    workspace_url: str
    missing_for_submission: list[str]

    @staticmethod
    def resolve_affairs(obj):
        return sorted(a.code for a in obj.affairs.all())

    @staticmethod
    def resolve_sdgs(obj):
        return sorted(s.number for s in obj.sdgs.all())

    @staticmethod
    def resolve_agency(obj):
        return obj.agency_id

    @staticmethod
    def resolve_government(obj):
        return obj.government_id

    @staticmethod
    def resolve_workspace_url(obj):
        return reverse("workspace:innovation_detail", args=[obj.pk])

    @staticmethod
    def resolve_missing_for_submission(obj):
        return [str(m) for m in services.missing_for_submission(obj)]


class EvidenceLinkIn(Schema):
    model_config = {"extra": "forbid"}

    title: str = Field(..., max_length=200)
    url: str = Field(..., max_length=500)
    kind: str = Field("video", description="video | link")
    is_public: bool = False


class EvidenceOut(Schema):
    id: int
    kind: str
    title: str
    url: str | None = None
    sha256: str | None = None
    is_public: bool


class ReplicationIn(Schema):
    model_config = {"extra": "forbid"}

    adopter_kind: str = Field(..., description="government | agency | non_government")
    adopter_government: int | None = Field(None, description="ID Pemda pereplikasi")
    adopter_agency: int | None = Field(None, description="ID perangkat daerah pereplikasi")
    adopter_name: str | None = Field(None, max_length=255, description="nama mitra non-pemerintah")
    adopted_on: datetime.date | None = None
    evidence_kind: str = Field(..., description="surat_pernyataan | pks | lainnya")
    note: str | None = Field(None, max_length=2000)


class ReplicationRef(Schema):
    id: int
    adopter_kind: str
    adopter_name: str


class PageFilter(Schema):
    status: str | None = None
    page: int = Field(1, ge=1, le=10000)
    page_size: int = Field(50, ge=1, le=200)


class RecordPage(Schema):
    count: int
    page: int
    items: list[RecordOut]


def _government(request) -> Government:
    token = request.api_token
    if token.owner_kind != OwnerKind.GOVERNMENT:
        raise HttpError(403, _("Operasi ini hanya untuk token milik Pemda."))
    return token.government


def _records():
    return Innovation.objects.select_related("agency", "government").prefetch_related("affairs", "sdgs")


def _own(request, innovation_id: int, perm: str) -> Innovation:
    government = _government(request)
    innovation = get_object_or_404(_records(), pk=innovation_id, government=government)
    if not request.user.has_perm(perm, innovation):
        raise HttpError(
            409,
            _("Inovasi berstatus %(status)s tidak dapat diubah lewat API.")
            % {"status": innovation.get_status_display()},
        )
    return innovation


def _resolve(values: dict, government: Government) -> dict:
    """IDs and codes of the request → objects, with the path of whatever is unknown."""
    errors = []
    if "agency" in values and values["agency"] is not None:
        agency = Agency.objects.filter(pk=values["agency"], government=government).first()
        if agency is None:
            errors.append(
                {
                    "loc": ["body", "agency"],
                    "msg": _("Perangkat daerah ini bukan milik Pemda token ini."),
                    "type": "invalid",
                }
            )
        values["agency"] = agency
    lists = (
        ("affairs", GovernmentAffair, "code", _("Kode urusan %(value)s tidak dikenal.")),
        ("sdgs", SustainableDevelopmentGoal, "number", _("SDG nomor %(value)s tidak dikenal.")),
    )
    for name, model, key, unknown in lists:
        if values.get(name) is None:
            continue
        wanted = list(dict.fromkeys(values[name]))
        found = {getattr(o, key): o for o in model.objects.filter(**{f"{key}__in": wanted})}
        errors += [
            {"loc": ["body", name, i], "msg": unknown % {"value": value}, "type": "invalid"}
            for i, value in enumerate(values[name])
            if value not in found
        ]
        values[name] = [found[v] for v in wanted if v in found]
    for name in (*NARRATIVE, "acronym_expansion", "initiator_kind", "form", "type", "stage"):
        if name in values and values[name] is None:
            values[name] = ""
    if errors:
        raise FieldErrors(errors)
    return values


@router.get("/token", response=TokenOut, auth=TokenAuth())
def token_info(request):
    """The token in use: its owner and scopes (check a token before using it)."""
    token = request.api_token
    owner = owner_of(token)
    return {
        "name": token.name,
        "owner_kind": owner.kind,
        "owner_id": owner.pk,
        "owner_name": owner.name,
        "scopes": token.scopes,
        "expires_at": token.expires_at,
    }


@router.get("/pemda/innovations", response=RecordPage, auth=TokenAuth(Scope.INNOVATIONS_WRITE))
def list_records(request, filters: Query[PageFilter]):
    """Every innovation of the token's Pemda, in every status (drafts included), newest change first."""
    qs = _records().filter(government=_government(request)).order_by("-updated_at", "-pk")
    if filters.status:
        qs = qs.filter(status=filters.status)
    start = (filters.page - 1) * filters.page_size
    return {"count": qs.count(), "page": filters.page, "items": list(qs[start : start + filters.page_size])}


@router.post("/pemda/innovations", response={201: RecordOut}, auth=TokenAuth(Scope.INNOVATIONS_WRITE))
def create_record(request, payload: InnovationWrite):
    """Create a draft innovation of the token's Pemda (as on the screen: only name and agency needed)."""
    government = _government(request)
    values = payload.dict(exclude_unset=True)
    if not values.get("agency"):
        raise FieldErrors([{"loc": ["body", "agency"], "msg": _("Perangkat daerah wajib dipilih."), "type": "missing"}])
    if not (values.get("name") or "").strip():
        raise FieldErrors([{"loc": ["body", "name"], "msg": _("Nama inovasi wajib diisi."), "type": "missing"}])
    values = _resolve(values, government)
    agency = values.pop("agency")
    if not request.user.has_perm("innovations.add_innovation", agency):
        raise HttpError(403, _("Pembuat token tidak berhak mencatat inovasi untuk perangkat daerah ini."))
    try:
        innovation = services.create_innovation(agency=agency, actor=request.user, **values)
    except ValidationError as exc:
        raise from_validation_error(exc) from exc
    return 201, _records().get(pk=innovation.pk)


@router.get("/pemda/innovations/{innovation_id}", response=RecordOut, auth=TokenAuth(Scope.INNOVATIONS_WRITE))
def get_record(request, innovation_id: int):
    return _own(request, innovation_id, "innovations.manage_innovation")


@router.patch("/pemda/innovations/{innovation_id}", response=RecordOut, auth=TokenAuth(Scope.INNOVATIONS_WRITE))
def update_record(request, innovation_id: int, payload: InnovationWrite):
    """Change a draft or returned innovation; send only the fields that change (`year` cannot)."""
    innovation = _own(request, innovation_id, "innovations.change_innovation")
    values = payload.dict(exclude_unset=True)
    if "year" in values:
        raise FieldErrors(
            [
                {
                    "loc": ["body", "year"],
                    "msg": _("Tahun data tidak diubah di sini; mulai versi tahun baru di ruang kerja."),
                    "type": "invalid",
                }
            ]
        )
    if "agency" in values and values["agency"] is None:
        raise FieldErrors([{"loc": ["body", "agency"], "msg": _("Perangkat daerah wajib dipilih."), "type": "missing"}])
    values = _resolve(values, innovation.government)
    try:
        services.update_innovation(innovation=innovation, actor=request.user, **values)
    except ValidationError as exc:
        raise from_validation_error(exc) from exc
    return _records().get(pk=innovation.pk)


@router.post(
    "/pemda/innovations/{innovation_id}/evidence/link",
    response={201: EvidenceOut},
    auth=TokenAuth(Scope.EVIDENCE_WRITE),
)
def add_evidence_link(request, innovation_id: int, payload: EvidenceLinkIn):
    """Add a video or another link as evidence."""
    innovation = _own(request, innovation_id, "innovations.manage_innovation")
    if payload.kind not in (EvidenceKind.VIDEO, EvidenceKind.LINK):
        raise FieldErrors([{"loc": ["body", "kind"], "msg": _("Pilih salah satu: video, link."), "type": "invalid"}])
    try:
        evidence = services.add_evidence_link(
            innovation=innovation,
            actor=request.user,
            title=payload.title,
            url=payload.url,
            kind=payload.kind,
            is_public=payload.is_public,
        )
    except ValidationError as exc:
        raise from_validation_error(exc) from exc
    return 201, evidence


@router.post(
    "/pemda/innovations/{innovation_id}/evidence/file",
    response={201: EvidenceOut},
    auth=TokenAuth(Scope.EVIDENCE_WRITE),
)
def add_evidence_file(
    request, innovation_id: int, title: Form[str], file: File[UploadedFile], is_public: Form[bool] = False
):
    """Upload an evidence file (multipart/form-data: `title`, `file`, optional `is_public`); the
    content is checked as on the screen (PDF, image or office document within the size limit)."""
    innovation = _own(request, innovation_id, "innovations.manage_innovation")
    try:
        evidence = services.add_evidence_file(
            innovation=innovation, actor=request.user, title=title, upload=file, is_public=is_public
        )
    except ValidationError as exc:
        raise from_validation_error(exc, rename={"upload": "file"}) from exc
    return 201, evidence


@router.post(
    "/pemda/innovations/{innovation_id}/replications",
    response={201: ReplicationRef},
    auth=TokenAuth(Scope.REPLICATIONS_WRITE),
)
def add_replication(request, innovation_id: int, payload: ReplicationIn):
    """Record who adopted the innovation (a Pemda, an agency of another Pemda or a non-government
    partner), with the kind of its evidence; the file itself is added on the screen."""
    innovation = _own(request, innovation_id, "innovations.change_outcomes")
    values = payload.dict(exclude_unset=True)
    errors = []
    if values.get("adopter_government") is not None:
        values["adopter_government"] = Government.objects.filter(pk=values["adopter_government"]).first()
        if values["adopter_government"] is None:
            errors.append({"loc": ["body", "adopter_government"], "msg": _("Pemda tidak dikenal."), "type": "invalid"})
    if values.get("adopter_agency") is not None:
        values["adopter_agency"] = Agency.objects.filter(pk=values["adopter_agency"]).first()
        if values["adopter_agency"] is None:
            errors.append(
                {"loc": ["body", "adopter_agency"], "msg": _("Perangkat daerah tidak dikenal."), "type": "invalid"}
            )
    if errors:
        raise FieldErrors(errors)
    values = {k: ("" if v is None and k in ("adopter_name", "note") else v) for k, v in values.items()}
    try:
        with transaction.atomic():
            replication = services.add_replication(innovation=innovation, actor=request.user, **values)
    except ValidationError as exc:
        raise from_validation_error(exc) from exc
    return 201, replication


class ProposalFilter(Schema):
    edition: int | None = Field(None, description="ID edisi")
    state: str | None = None
    page: int = Field(1, ge=1, le=10000)
    page_size: int = Field(50, ge=1, le=200)


class ProposalOut(Schema):
    id: int
    edition: int
    edition_name: str
    innovation: int
    title: str
    government: str
    agency: str
    state: str
    submitted_at: datetime.datetime | None
    updated_at: datetime.datetime

    @staticmethod
    def resolve_edition(obj):
        return obj.edition_id

    @staticmethod
    def resolve_edition_name(obj):
        return str(obj.edition)

    @staticmethod
    def resolve_innovation(obj):
        return obj.innovation_id

    @staticmethod
    def resolve_government(obj):
        return obj.government.name

    @staticmethod
    def resolve_agency(obj):
        return obj.agency.name if obj.agency_id else ""


class ProposalPage(Schema):
    count: int
    page: int
    items: list[ProposalOut]


@router.get("/proposals", response=ProposalPage, auth=TokenAuth(Scope.PROPOSALS_READ))
def list_proposals(request, filters: Query[ProposalFilter]):
    """Proposals the token's owner may follow: a Pemda's own proposals, or every proposal of the
    body's competitions (drafts a Pemda has not sent are not shown to the body)."""
    token = request.api_token
    qs = Proposal.objects.select_related("edition__competition", "government", "agency")
    if token.owner_kind == OwnerKind.GOVERNMENT:
        qs = qs.filter(government_id=token.government_id)
    else:
        qs = qs.filter(edition__competition__body_id=token.organizer_body_id).exclude(state__in=PEMDA_ONLY_STATES)
    if filters.edition:
        qs = qs.filter(edition_id=filters.edition)
    if filters.state:
        qs = qs.filter(state=filters.state)
    qs = qs.order_by("-updated_at", "-pk")
    start = (filters.page - 1) * filters.page_size
    return {"count": qs.count(), "page": filters.page, "items": list(qs[start : start + filters.page_size])}
