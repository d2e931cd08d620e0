"""Announcing an edition: the pre-publication checklist and the two audited verbs.

`publication_check(edition)` lists what stops the announcement (blockers: nobody could enter, or
judging could not run) and what the organizer should look at (warnings). `publish_edition` runs
the same check again inside its transaction, so a page opened before a change cannot publish an
edition that has since become incomplete. Both verbs write one audit event with before/after.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event
from inovasi.competitions.enums import StageKind
from inovasi.competitions.models import Edition

SCORED_KINDS = (StageKind.DESK_EVALUATION, StageKind.PRESENTATION)


@dataclass
class PublicationCheck:
    blockers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _stage_problems(stage, check: PublicationCheck) -> None:
    criteria = list(stage.criteria.all())
    if stage.kind in SCORED_KINDS:
        if not criteria:
            check.blockers.append(_("Tahap “%(stage)s” belum memiliki rubrik penilaian.") % {"stage": stage.name})
        elif sum((Decimal(str(c.weight)) for c in criteria), Decimal(0)) != 100:
            check.blockers.append(_("Bobot rubrik tahap “%(stage)s” belum berjumlah 100.") % {"stage": stage.name})
    if stage.kind == StageKind.ADMINISTRATIVE_CHECK and not stage.checklist_items.all():
        check.blockers.append(_("Tahap “%(stage)s” belum memiliki butir periksa administrasi.") % {"stage": stage.name})


def publication_check(edition) -> PublicationCheck:
    """Blockers and warnings of announcing `edition` (see the module docstring)."""
    check = PublicationCheck()
    groups = list(edition.groups.prefetch_related("invitations"))
    stages = list(edition.stages.prefetch_related("criteria", "checklist_items"))
    if not groups:
        check.blockers.append(_("Belum ada kelompok peserta; tambahkan minimal satu (misalnya Umum)."))
    if not edition.sections.exists():
        check.blockers.append(_("Formulir proposal belum memiliki bagian isian."))
    if not stages:
        check.blockers.append(_("Belum ada tahapan seleksi."))
    if edition.registration_closes_at <= edition.registration_opens_at:
        check.blockers.append(_("Batas akhir pendaftaran harus sesudah pendaftaran dibuka."))
    for stage in stages:
        _stage_problems(stage, check)
    if edition.registration_closes_at <= timezone.now():
        check.warnings.append(_("Batas akhir pendaftaran sudah lewat; tidak ada yang dapat mendaftar lagi."))
    opens_year = timezone.localtime(edition.registration_opens_at).year
    if opens_year != edition.year:
        check.warnings.append(
            _("Pendaftaran dibuka pada tahun %(opens)s, sedangkan edisi ini untuk tahun %(year)s.")
            % {"opens": opens_year, "year": edition.year}
        )
    for group in groups:
        if group.by_invitation and not group.invitations.all():
            check.warnings.append(
                _("Kelompok “%(group)s” hanya dengan undangan, tetapi belum ada yang diundang.") % {"group": group.name}
            )
    if stages and not any(stage.is_award for stage in stages):
        check.warnings.append(_("Belum ada tahap penetapan pemenang (label gelar pemenang)."))
    return check


@transaction.atomic
def publish_edition(*, edition, actor) -> Edition:
    """Announce the edition (its public page and registration open to Pemda). Refused while the
    checklist has blockers; audited `edition.publish` with the warnings the organizer accepted."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.is_published:
        raise ValidationError(_("Edisi ini sudah diumumkan."), code="already_done")
    check = publication_check(edition)
    if check.blockers:
        raise ValidationError(check.blockers, code="blocked")
    edition.is_published = True
    edition.save(update_fields=["is_published"])
    record_event(
        actor=actor,
        action="edition.publish",
        obj=edition,
        before={"is_published": False},
        after={"is_published": True, "warnings": check.warnings},
    )
    return edition


@transaction.atomic
def unpublish_edition(*, edition, actor) -> Edition:
    """Take the edition off the public pages (entries already made stay). Audited `edition.unpublish`."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if not edition.is_published:
        raise ValidationError(_("Edisi ini belum diumumkan."), code="already_done")
    edition.is_published = False
    edition.save(update_fields=["is_published"])
    record_event(
        actor=actor,
        action="edition.unpublish",
        obj=edition,
        before={"is_published": True},
        after={"is_published": False},
    )
    return edition
