"""The team's report and site photos: save a draft, submit, add and remove photos.

Same rules as `verification.services` (whose `transition` moves the visit): one transaction per
verb, audited, mail after commit, Indonesian `ValidationError`s keyed by form field and nothing
written on a refusal, files included. `save_report` takes the report version the form was opened
with and refuses an older one (code "stale"), so two team members never overwrite each other.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event
from inovasi.formats.numbers import NumberKind, parse_number
from inovasi.verification import photos
from inovasi.verification.enums import Met, Policy, Recommendation
from inovasi.verification.models import Finding, Visit, VisitPhoto
from inovasi.verification.rules import is_team_member
from inovasi.verification.services import (
    EDITABLE_STATES,
    MAX_PHOTOS_PER_VISIT,
    MAX_TEXT,
    MIN_REASON,
    WIB,
    V,
    locked,
    notify_organizers,
    plan_for,
    transition,
)


def _report_snapshot(visit, findings=None) -> dict:
    findings = findings if findings is not None else visit.findings.select_related("item")
    return {
        "version": visit.version,
        "findings": {f.item.code: [f.met, f.note] for f in findings},
        "beneficiaries_met": visit.beneficiaries_met,
        "beneficiaries_note": visit.beneficiaries_note,
        "recommendation": visit.recommendation,
        "reasons": visit.reasons,
        "score": visit.score,
    }


def stale_message(visit) -> str:
    who = str(visit.report_updated_by) if visit.report_updated_by_id else _("anggota tim lain")
    when = timezone.localtime(visit.report_updated_at, WIB).strftime("%H:%M") if visit.report_updated_at else ""
    return _(
        "Laporan ini sudah diubah oleh %(who)s (pukul %(when)s WIB) setelah Anda membukanya, sehingga isian "
        "Anda tidak disimpan agar tidak menimpa perubahannya. Isian Anda masih tersimpan di perangkat ini: "
        "periksa laporan terbaru di bawah, pulihkan isian Anda bila perlu, lalu simpan lagi."
    ) % {"who": who, "when": when}


def _clean_text(value, field: str, errors: dict, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        errors[field] = _("Paling panjang %(n)s karakter.") % {"n": limit}
    return text


def _require_team_member(visit, actor):
    if not is_team_member(actor, visit):
        raise ValidationError(_("Hanya anggota tim kunjungan ini yang dapat mengisi laporannya."))


@transaction.atomic
def save_report(
    *,
    visit,
    actor,
    version: int,
    findings: dict,
    beneficiaries_met=None,
    beneficiaries_note: str = "",
    recommendation: str = "",
    reasons: str = "",
    score=None,
    submit: bool = False,
) -> Visit:
    """Save the team's report as a draft, or submit it to the organizer.

    findings: {ChecklistItem id: (met, note)} for the stage's checklist; met is a `Met` value or "".
    `version` is the report version the form was opened with; an older one is refused (code
    "stale"). A draft may be incomplete. Submitting needs every item answered (a note where it is
    not fully met), the beneficiaries count, a recommendation with reasons, the verification score
    when the stage is weighted, at least one photo, and the visit date reached.
    Side effects: first save moves planned → in progress; bumps `version`; audits the report;
    submitting moves to submitted and mails the organizers after commit.
    """
    visit = locked(visit)
    _require_team_member(visit, actor)
    _require_editable(visit, version)
    items = {item.pk: item for item in visit.stage.checklist_items.all()}
    if set(findings) - set(items):
        raise ValidationError(_("Butir periksa tidak dikenal pada tahap ini."))
    errors: dict[str, str] = {}
    cleaned = _clean_findings(items, findings, errors)
    report = {
        "beneficiaries_met": _clean_beneficiaries(beneficiaries_met, errors),
        "beneficiaries_note": _clean_text(beneficiaries_note, "beneficiaries_note", errors),
        "recommendation": _clean_recommendation(recommendation, errors),
        "reasons": _clean_text(reasons, "reasons", errors),
        "score": _clean_score(score, errors),
    }
    if submit and not errors:
        errors.update(
            _submission_errors(
                visit,
                items,
                cleaned,
                report["beneficiaries_met"],
                report["recommendation"],
                report["reasons"],
                report["score"],
            )
        )
    if errors:
        raise ValidationError(errors)
    _write_report(visit, actor, items, cleaned, report)
    if visit.state == V.PLANNED:
        transition(visit, V.IN_PROGRESS, actor=actor)
    if submit:
        visit.submitted_at, visit.submitted_by = timezone.now(), actor
        transition(visit, V.SUBMITTED, actor=actor)
        notify_organizers(visit.pk)  # queued in this transaction, sent after commit
    return visit


def _require_editable(visit, version) -> None:
    """Refuse a report the visit's state has closed, or one opened at an older version (code "stale")."""
    if visit.state not in EDITABLE_STATES:
        raise ValidationError(
            _("Laporan berstatus “%(state)s” tidak dapat diubah lagi.") % {"state": visit.get_state_display()},
            code="locked",
        )
    if int(version) != visit.version:
        raise ValidationError(stale_message(visit), code="stale")


def _clean_findings(items: dict, findings: dict, errors: dict) -> dict:
    """{item id: (met, note)} for every checklist item, unanswered ones as ("", "")."""
    cleaned = {}
    for item_id in items:
        met, note = findings.get(item_id, ("", ""))
        met = met or ""
        if met not in Met.values and met != "":
            errors[f"met_{item_id}"] = _("Pilih ya, sebagian atau tidak.")
        cleaned[item_id] = (met, _clean_text(note, f"note_{item_id}", errors, 2000))
    return cleaned


def _clean_beneficiaries(value, errors: dict) -> int | None:
    if value in ("", None):
        return None
    try:
        count = int(parse_number(value, kind=NumberKind.COUNT))
    except ValidationError:
        count = -1
    if not (0 <= count <= 1_000_000):
        errors["beneficiaries_met"] = _("Jumlah penerima manfaat harus bilangan bulat 0 atau lebih.")
    return count


def _clean_recommendation(value, errors: dict) -> str:
    recommendation = value or ""
    if recommendation not in Recommendation.values and recommendation != "":
        errors["recommendation"] = _("Pilih rekomendasi yang tersedia.")
    return recommendation


def _clean_score(value, errors: dict) -> Decimal | None:
    """The verification score 0–100 to two decimals, or None when blank."""
    if value in ("", None):
        return None
    try:
        score = parse_number(value, kind=NumberKind.SCORE)
    except ValidationError as exc:
        errors["score"] = exc.messages[0] if exc.code == "exponent" else _("Nilai verifikasi harus angka 0 sampai 100.")
        return None
    if not score.is_finite() or not (0 <= score <= 100):
        errors["score"] = _("Nilai verifikasi harus angka 0 sampai 100.")
        return score
    return score.quantize(Decimal("0.01"))


def _write_report(visit, actor, items: dict, cleaned: dict, report: dict) -> None:
    """Store the findings and the report's fields, bump the version and audit before and after."""
    before = _report_snapshot(visit)
    saved = []
    for item_id, (met, note) in cleaned.items():
        finding, _created = Finding.objects.update_or_create(
            visit=visit, item=items[item_id], defaults={"met": met, "note": note}
        )
        finding.item = items[item_id]
        saved.append(finding)
    for field, value in report.items():
        setattr(visit, field, value)
    visit.version += 1
    visit.report_updated_by, visit.report_updated_at = actor, timezone.now()
    visit.save(update_fields=[*report, "version", "report_updated_by", "report_updated_at", "updated_at"])
    record_event(
        actor=actor, action="visit.save_report", obj=visit, before=before, after=_report_snapshot(visit, saved)
    )


def _submission_errors(visit, items, cleaned, beneficiaries_met, recommendation, reasons, score) -> dict:
    errors = {}
    for item_id, item in items.items():
        met, note = cleaned[item_id]
        if not met:
            errors[f"met_{item_id}"] = _("Pilih ya, sebagian atau tidak untuk “%(item)s”.") % {"item": item.text}
        elif met != Met.YES and not note:
            errors[f"note_{item_id}"] = _("Tuliskan catatan untuk butir yang tidak sepenuhnya terpenuhi.")
    if beneficiaries_met is None:
        errors["beneficiaries_met"] = _("Isi jumlah penerima manfaat yang ditemui (0 bila tidak ada).")
    if not recommendation:
        errors["recommendation"] = _("Pilih rekomendasi: konfirmasi, penyesuaian atau diskualifikasi.")
    if len(reasons) < MIN_REASON:
        errors["reasons"] = _("Tuliskan alasan rekomendasi (minimal %(n)s karakter).") % {"n": MIN_REASON}
    if plan_for(visit.stage).policy == Policy.WEIGHTED and score is None:
        errors["score"] = _("Tahap ini berbobot: isi nilai verifikasi 0 sampai 100.")
    if not visit.photos.exists():
        errors["photos"] = _("Unggah minimal satu foto kunjungan sebelum mengirim laporan.")
    today = timezone.localdate(timezone=WIB)
    if visit.visit_date > today:
        errors["visit_date"] = _("Laporan baru dapat dikirim pada atau setelah tanggal kunjungan (%(d)s).") % {
            "d": date_format(visit.visit_date, "j F Y")
        }
    return errors


# --- Photos ---------------------------------------------------------------------------------------


@transaction.atomic
def add_photos(*, visit, actor, files, caption: str = "") -> list[VisitPhoto]:
    """Store site photos. Every file is checked first; one bad file refuses the whole batch and
    nothing is stored (no row, no file). Side effects: one audit event per photo with its SHA-256
    and EXIF time/place."""
    visit = locked(visit)
    _require_team_member(visit, actor)
    if visit.state not in EDITABLE_STATES:
        raise ValidationError(
            _("Foto tidak dapat ditambahkan pada kunjungan berstatus “%(state)s”.")
            % {"state": visit.get_state_display()}
        )
    files = list(files or [])
    if not files:
        raise ValidationError({"photos": _("Pilih foto untuk diunggah.")})
    if visit.photos.count() + len(files) > MAX_PHOTOS_PER_VISIT:
        raise ValidationError({"photos": _("Paling banyak %(n)s foto per kunjungan.") % {"n": MAX_PHOTOS_PER_VISIT}})
    caption = (caption or "").strip()
    if len(caption) > 300:
        raise ValidationError({"caption": _("Keterangan foto paling panjang 300 karakter.")})
    messages, checked = [], []
    for upload in files:
        try:
            checked.append((upload, photos.check_photo(upload)))
        except ValidationError as exc:
            messages.extend(exc.messages)
    if messages:
        raise ValidationError({"photos": messages})
    stored, written = [], []
    try:
        for upload, info in checked:
            photo = VisitPhoto(
                visit=visit,
                caption=caption,
                original_name=photos._printable(getattr(upload, "name", ""), 255),
                content_type=info.content_type,
                size=info.size,
                sha256=info.sha256,
                width=info.width,
                height=info.height,
                taken_at=info.taken_at,
                taken_at_raw=info.taken_at_raw,
                gps_latitude=info.latitude,
                gps_longitude=info.longitude,
                camera=info.camera,
                uploaded_by=actor,
            )
            upload.seek(0)
            data = upload.read()
            photo.file.save(info.name, ContentFile(data), save=False)
            written.append(photo.file.name)
            small = photos.thumbnail_or_none(data)
            if small is not None:
                photo.thumbnail.save(info.name.rsplit(".", 1)[0] + ".jpg", ContentFile(small), save=False)
                written.append(photo.thumbnail.name)
            photo.save()
            record_event(
                actor=actor,
                action="visit.add_photo",
                obj=visit,
                after={
                    "photo": photo.pk,
                    "sha256": info.sha256,
                    "size": info.size,
                    "taken_at": info.taken_at,
                    "gps": [info.latitude, info.longitude] if info.latitude is not None else None,
                },
            )
            stored.append(photo)
    except Exception:
        # The rows roll back with the transaction; the files written so far must go too.
        _delete_files(written)
        raise
    return stored


def _delete_files(names):
    for name in names:
        default_storage.delete(name)


@transaction.atomic
def delete_photo(*, photo, actor):
    """Remove a photo while the report is still editable (team member), audited with its SHA-256."""
    visit = locked(photo.visit)
    _require_team_member(visit, actor)
    if visit.state not in EDITABLE_STATES:
        raise ValidationError(
            _("Foto tidak dapat dihapus dari kunjungan berstatus “%(state)s”.") % {"state": visit.get_state_display()}
        )
    names = [f.name for f in (photo.file, photo.thumbnail) if f]
    record_event(
        actor=actor,
        action="visit.delete_photo",
        obj=visit,
        before={"photo": photo.pk, "sha256": photo.sha256, "name": photo.original_name},
    )
    photo.delete()
    transaction.on_commit(lambda: _delete_files(names))
