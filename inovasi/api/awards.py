"""API: awards of published editions, and certificate verification (public, documented in docs/awards.md)."""

import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from inovasi.api.pagination import Pages
from inovasi.awards.certificates import certificate_for_token
from inovasi.awards.queries import public_awards
from inovasi.innovations.enums import InnovationStatus

router = Router(tags=["penghargaan"])

MAX_ID = 9_223_372_036_854_775_807


class CeremonyOut(Schema):
    name: str
    held_on: datetime.date
    place: str
    presenter_name: str
    presenter_title: str


class AwardOut(Schema):
    id: int
    label: str
    label_kind: str
    edition_id: int
    edition: str
    year: int
    rank: int | None
    recipient_name: str
    people: list[dict]
    innovation_id: int | None = Field(None, description="hanya bila inovasinya terbit")
    government_id: int
    government: str
    region_code: str
    agency: str | None
    awarded_on: datetime.date
    ceremony: CeremonyOut | None
    certificate_serial: str | None
    certificate_status: str | None = Field(None, description="valid | revoked; kosong bila belum bersertifikat")

    @staticmethod
    def resolve_label(obj):
        return obj.label.name

    @staticmethod
    def resolve_label_kind(obj):
        return obj.label.kind

    @staticmethod
    def resolve_edition_id(obj):
        return obj.label.edition_id

    @staticmethod
    def resolve_edition(obj):
        return obj.label.edition.name

    @staticmethod
    def resolve_year(obj):
        return obj.label.edition.year

    @staticmethod
    def resolve_innovation_id(obj):
        innovation = obj.innovation
        return innovation.pk if innovation is not None and innovation.status == InnovationStatus.PUBLISHED else None

    @staticmethod
    def resolve_government(obj):
        return obj.government.name

    @staticmethod
    def resolve_region_code(obj):
        return obj.government.region.code

    @staticmethod
    def resolve_agency(obj):
        return obj.agency.name if obj.agency_id else None

    @staticmethod
    def resolve_people(obj):
        return [{"name": str(p.get("name", "")), "title": str(p.get("title", ""))} for p in obj.people or []]

    @staticmethod
    def resolve_certificate_serial(obj):
        certificate = getattr(obj, "certificate", None)
        return certificate.serial if certificate else None

    @staticmethod
    def resolve_certificate_status(obj):
        certificate = getattr(obj, "certificate", None)
        if certificate is None:
            return None
        return "revoked" if certificate.revoked_at else "valid"


class AwardFilters(Schema):
    edition: int | None = Field(None, ge=1, le=MAX_ID, description="id edisi")
    government: int | None = Field(None, ge=1, le=MAX_ID, description="id pemerintah daerah penerima")


@router.get("/awards", response=list[AwardOut])
@paginate(Pages, page_size=50)
def list_awards(request: HttpRequest, filters: Query[AwardFilters]):
    """Awards of published editions, newest first."""
    qs = public_awards().order_by("-awarded_on", "label__edition_id", "label__order", "rank", "pk")
    if filters.edition:
        qs = qs.filter(label__edition_id=filters.edition)
    if filters.government:
        qs = qs.filter(government_id=filters.government)
    return qs


class CertificateVerification(Schema):
    status: str = Field(..., description="valid | revoked")
    serial: str
    recipient_name: str
    label: str
    edition: str
    government: str
    awarded_on: datetime.date
    ceremony: CeremonyOut | None
    issued_at: datetime.datetime
    sha256: str
    revoked_at: datetime.datetime | None
    revoke_reason: str


class CertificateInvalid(Schema):
    status: str = Field("invalid", description="invalid")
    detail: str


@router.get("/certificates/verify", response={200: CertificateVerification, 404: CertificateInvalid})
def verify_certificate(request: HttpRequest, token: str = Query(..., max_length=500)):
    """Check a certificate code (the token in its QR code's URL): valid, revoked, or 404 invalid."""
    certificate = certificate_for_token(token)
    if certificate is None:
        return 404, {"status": "invalid", "detail": _("Sertifikat tidak valid")}
    award = certificate.award
    ceremony = award.ceremony
    return 200, {
        "status": "revoked" if certificate.revoked_at else "valid",
        "serial": certificate.serial,
        "recipient_name": award.recipient_name,
        "label": award.label.name,
        "edition": award.label.edition.name,
        "government": award.government.name,
        "awarded_on": award.awarded_on,
        "ceremony": ceremony,
        "issued_at": certificate.issued_at,
        "sha256": certificate.sha256,
        "revoked_at": certificate.revoked_at,
        "revoke_reason": certificate.revoke_reason,
    }
