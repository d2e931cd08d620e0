"""Demo field verification: story 002, the IGA 2024 verification team in Kota Batu.

Story 002 is the only seed story with a field visit: for the Innovative Government Award 2024
(run by Kemendagri's BSKDN) a team led by Awan Yanuarko ("Ketua Tim Verifikator"; the demo
verifier persona, a verifier of BSKDN) reviewed two Kota Batu innovations on site, reported on
Thursday 14 November 2024: Among Tani Crop at CV Rose Asterina (owned by Aziz), where two local
farmers aged 45 use the app for their farming, and Bangga E-Lokal at Kaliwatu Rafting. KOVABLIK 2020
(Segar Kagemi, Kota Malang) is not used: no story tells of a field visit there, and the persona
verifies for BSKDN, not for Biro Organisasi Jatim.

The IGA 2024 round is modelled as an unpublished BSKDN edition (blank edition: placeholder
registration window) with one field verification stage. Illustrative, not from the story: the
stage window (November 2024) and the photo (a generated image, captioned as such, whose EXIF time
is the visit day; no GPS position is invented). Among Tani Crop's report is submitted with a
confirmation, waiting for the organizer (panitia.bskdn) to accept it; Bangga E-Lokal's is a draft
the verifier persona can finish on a phone. Historical facts are written directly (not through the
deadline-enforcing services, no mail) and not audited, like the other demo loaders. Idempotent.
"""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageDraw, ImageFont

from inovasi.accounts.models import User
from inovasi.competitions.editions import create_blank_edition, create_competition
from inovasi.competitions.enums import ProposalState, StageKind
from inovasi.competitions.models import ChecklistItem, Competition, Edition, Proposal, Stage
from inovasi.competitions.presets import FIELD_CHECKLIST
from inovasi.competitions.services import _snapshot
from inovasi.formats.display import format_rupiah_words
from inovasi.innovations.models import Innovation
from inovasi.verification import photos
from inovasi.verification.enums import Met, Recommendation, VisitState
from inovasi.verification.models import Finding, Visit, VisitMember, VisitPhoto

WIB = ZoneInfo("Asia/Jakarta")
BODY = "BSKDN Kemendagri"
LEAD = "verifikator@inovasi.test"
ORGANIZER = "panitia.bskdn@inovasi.test"
KOTA_BATU = "35.79"
VISIT_DAY = date(2024, 11, 14)  # "Kamis (14/11/2024)", story 002
STAGE_OPENS = datetime(2024, 11, 1, 0, 0, tzinfo=WIB)
STAGE_CLOSES = datetime(2024, 12, 1, 0, 0, tzinfo=WIB)
REPORTED_AT = datetime(2024, 11, 14, 16, 0, tzinfo=WIB)


def _edition(body) -> Edition:
    competition = Competition.objects.filter(body=body, short_name="IGA").first()
    if competition is None:
        competition = create_competition(
            body=body,
            name="Innovative Government Award",
            short_name="IGA",
            description="Penghargaan Kemendagri bagi pemerintah daerah inovatif.",
            actor=None,
        )
    edition = Edition.objects.filter(competition=competition, year=2024).first()
    return edition or create_blank_edition(
        competition=competition, year=2024, actor=None, name="Innovative Government Award 2024"
    )


def _stage(edition) -> Stage:
    stage = edition.stages.filter(kind=StageKind.FIELD_VERIFICATION).first()
    if stage is None:
        stage = Stage.objects.create(
            edition=edition,
            order=1,
            kind=StageKind.FIELD_VERIFICATION,
            name="Verifikasi lapangan nominasi IGA 2024",
            opens_at=STAGE_OPENS,
            closes_at=STAGE_CLOSES,
        )
    for order, item in enumerate(FIELD_CHECKLIST, start=1):
        ChecklistItem.objects.get_or_create(
            stage=stage, code=item["code"], defaults={"text": str(item["text"]), "order": order}
        )
    return stage


def _proposal(edition, innovation) -> Proposal:
    proposal = Proposal.objects.filter(edition=edition, innovation=innovation).first()
    if proposal is None:
        proposal = Proposal.objects.create(
            edition=edition,
            innovation=innovation,
            government_id=innovation.government_id,
            agency=innovation.agency,
            group=edition.groups.get(code="umum"),
            title=innovation.name,
            state=ProposalState.SHORTLISTED,  # Kota Batu is among the 10 nominated kota
        )
        proposal.snapshot = _snapshot(proposal)
        proposal.save(update_fields=["snapshot"])
    return proposal


def demo_photo_bytes(caption: str, taken: datetime) -> bytes:
    """A small generated JPEG that says it is a demo image, with the visit time in its EXIF."""
    image = Image.new("RGB", (640, 420), (46, 125, 50))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 320, 640, 420), fill=(255, 255, 255))
    draw.text((20, 335), caption, fill=(0, 0, 0), font=ImageFont.load_default(size=20))
    note = "Gambar contoh demo Inovasi, bukan foto asli kunjungan."
    draw.text((20, 375), note, fill=(90, 90, 90), font=ImageFont.load_default(size=18))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Inovasi"
    exif[ExifTags.Base.Model] = "Gambar demo"
    main = exif.get_ifd(ExifTags.IFD.Exif)
    main[ExifTags.Base.DateTimeOriginal] = taken.strftime("%Y:%m:%d %H:%M:%S")
    main[ExifTags.Base.OffsetTimeOriginal] = "+07:00"
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


def _add_photo(visit, user, name: str, caption: str, taken: datetime):
    if visit.photos.exists():
        return
    data = demo_photo_bytes(caption, taken)
    info = photos.check_photo(SimpleUploadedFile(name, data, content_type="image/jpeg"))
    photo = VisitPhoto(
        visit=visit,
        caption=f"{caption} (gambar contoh demo)",
        original_name=name,
        content_type=info.content_type,
        size=info.size,
        sha256=info.sha256,
        width=info.width,
        height=info.height,
        taken_at=info.taken_at,
        taken_at_raw=info.taken_at_raw,
        camera=info.camera,
        uploaded_by=user,
    )
    photo.file.save(info.name, ContentFile(data), save=False)
    photo.thumbnail.save(info.name, ContentFile(photos.thumbnail_bytes(data)), save=False)
    photo.save()
    # Uploaded on the visit day, like the report (auto_now_add would say "today").
    VisitPhoto.objects.filter(pk=photo.pk).update(created_at=REPORTED_AT)


def _visit(stage, proposal, lead, organizer, *, address, contact_name="", report=None, state=VisitState.PLANNED):
    visit = Visit.objects.live().filter(stage=stage, proposal=proposal).first()
    if visit is not None:
        return visit
    report = report or {}
    visit = Visit.objects.create(
        stage=stage,
        proposal=proposal,
        visit_date=VISIT_DAY,
        address=address,
        contact_name=contact_name,
        state=state,
        planned_by=organizer,
        beneficiaries_met=report.get("beneficiaries_met"),
        beneficiaries_note=report.get("beneficiaries_note", ""),
        recommendation=report.get("recommendation", ""),
        reasons=report.get("reasons", ""),
        version=2 if report else 1,
        report_updated_by=lead if report else None,
        report_updated_at=REPORTED_AT if report else None,
        submitted_by=lead if state == VisitState.SUBMITTED else None,
        submitted_at=REPORTED_AT if state == VisitState.SUBMITTED else None,
    )
    VisitMember.objects.get_or_create(visit=visit, user=lead, defaults={"is_lead": True})
    items = {item.code: item for item in stage.checklist_items.all()}
    for code, (met, note) in report.get("findings", {}).items():
        Finding.objects.update_or_create(visit=visit, item=items[code], defaults={"met": met, "note": note})
    return visit


def load_verification_demo(loaded: dict, editions: dict) -> None:
    """loaded: what load_organisations() returned; editions: {year: Edition} from load_competitions()."""
    lead = User.objects.filter(email=LEAD).first()
    organizer = User.objects.filter(email=ORGANIZER).first()
    among = Innovation.objects.filter(government__region__code=KOTA_BATU, name="Among Tani Crop").first()
    bangga = Innovation.objects.filter(government__region__code=KOTA_BATU, name="Bangga E-Lokal").first()
    if lead is None or among is None or bangga is None:
        return
    stage = _stage(_edition(loaded["bodies"][BODY]))
    farm = _visit(
        stage,
        _proposal(stage.edition, among),
        lead,
        organizer,
        address="CV Rose Asterina, Kota Batu",
        contact_name="Aziz (pemilik CV Rose Asterina)",
        state=VisitState.SUBMITTED,
        report={
            "findings": {
                "berjalan": (Met.YES, "Aplikasi Among Tani Crop dipakai dalam usaha pertanian di CV Rose Asterina."),
                "penerima-manfaat": (
                    Met.YES,
                    "Dua petani lokal berusia 45 tahun memanfaatkan aplikasi dalam menjalankan usaha pertanian mereka.",
                ),
                "bukti-sesuai": (
                    Met.YES,
                    "Petani mendapat informasi dan solusi dari ahli pertanian melalui fitur keluhan petani.",
                ),
            },
            "beneficiaries_met": 2,
            "beneficiaries_note": "Dua petani lokal berusia 45 tahun di CV Rose Asterina.",
            "recommendation": Recommendation.CONFIRM,
            "reasons": "Dampak inovasi terlihat langsung di lapangan: petani lokal memanfaatkan Among Tani Crop "
            "untuk usaha pertanian mereka.",
        },
    )
    _add_photo(
        farm,
        lead,
        "cv-rose-asterina.jpg",
        "CV Rose Asterina: petani pengguna Among Tani Crop",
        datetime(2024, 11, 14, 9, 30, tzinfo=WIB),
    )
    result = bangga.results.filter(year=2024).first()
    figure = f"{format_rupiah_words(result.value)} pada tahun {result.year}" if result else ""
    _visit(
        stage,
        _proposal(stage.edition, bangga),
        lead,
        organizer,
        address="Kaliwatu Rafting, Kota Batu",
        state=VisitState.IN_PROGRESS,
        report={
            "findings": {
                "berjalan": (Met.YES, "Ditinjau langsung di Kaliwatu Rafting."),
                "penerima-manfaat": ("", ""),
                "bukti-sesuai": ("", f"Nilai transaksi yang dilaporkan: {figure}." if figure else ""),
            },
        },
    )
