"""Presentation and interview slots: one per proposal per stage, inside the stage window, no two
overlapping in the same room, a room or an online link required; each Pemda is told its slot by
e-mail after commit."""

from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event
from inovasi.competitions.services import _pemda_recipients
from inovasi.inputs import is_web_url
from inovasi.judging.models import PresentationSlot
from inovasi.outbox.services import queue_mail

WIB = ZoneInfo("Asia/Jakarta")


def window_error(stage, starts_at, ends_at) -> str | None:
    """Why a slot from `starts_at` to `ends_at` does not lie inside the stage window, or None.

    The rule of the model (`PresentationSlot.clean`) and of `schedule`: a stage without both dates
    takes no slot, and a slot starts at or after the opening and ends at or before the closing.
    """
    if not stage.opens_at or not stage.closes_at:
        return _("Atur tanggal dibuka dan ditutup tahap ini sebelum menjadwalkan presentasi.")
    if starts_at and ends_at and (starts_at < stage.opens_at or ends_at > stage.closes_at):
        return _("Jadwal harus di dalam masa tahap: %(start)s–%(end)s WIB.") % {
            "start": stage.opens_at.astimezone(WIB).strftime("%d-%m-%Y %H:%M"),
            "end": stage.closes_at.astimezone(WIB).strftime("%d-%m-%Y %H:%M"),
        }
    return None


def _notify(slot_id: int):
    slot = PresentationSlot.objects.select_related("proposal", "proposal__created_by", "stage__edition").get(pk=slot_id)
    recipients = sorted(e for e in _pemda_recipients(slot.proposal) if e)
    if not recipients:
        return
    where = slot.room or slot.online_link
    subject = _("Jadwal presentasi: %(title)s") % {"title": slot.proposal.title}
    body = _(
        "Proposal “%(title)s” pada %(edition)s dijadwalkan presentasi dan wawancara %(start)s–%(end)s WIB di %(where)s."
    ) % {
        "title": slot.proposal.title,
        "edition": slot.stage.edition.name,
        "start": slot.starts_at.astimezone(WIB).strftime("%d-%m-%Y %H:%M"),
        "end": slot.ends_at.astimezone(WIB).strftime("%H:%M"),
        "where": where,
    }
    queue_mail(to=recipients, subject=subject, body=body)


@transaction.atomic
def schedule(*, stage, proposal, starts_at, ends_at, actor, room: str = "", online_link: str = "") -> PresentationSlot:
    errors = {}
    if proposal.edition_id != stage.edition_id:
        errors["proposal"] = _("Proposal bukan peserta edisi ini.")
    if not starts_at or not ends_at or ends_at <= starts_at:
        errors["ends_at"] = _("Waktu selesai harus setelah waktu mulai.")
    if not room.strip() and not online_link.strip():
        errors["room"] = _("Isi ruang atau tautan daring.")
    if "ends_at" not in errors and (outside := window_error(stage, starts_at, ends_at)):
        errors["starts_at"] = outside
    if online_link.strip() and not is_web_url(online_link.strip()):
        errors["online_link"] = _("Tautan harus diawali http:// atau https://.")
    if not errors and room.strip():
        clash = (
            PresentationSlot.objects.filter(
                stage=stage, room=room.strip(), starts_at__lt=ends_at, ends_at__gt=starts_at
            )
            .exclude(proposal=proposal)
            .select_related("proposal")
            .first()
        )
        if clash:
            errors["starts_at"] = _("Ruang %(room)s sudah dipakai “%(title)s” pada waktu itu.") % {
                "room": room.strip(),
                "title": clash.proposal.title,
            }
    if errors:
        raise ValidationError(errors)
    slot, created = PresentationSlot.objects.update_or_create(
        stage=stage,
        proposal=proposal,
        defaults={"starts_at": starts_at, "ends_at": ends_at, "room": room.strip(), "online_link": online_link.strip()},
    )
    slot.full_clean()
    record_event(
        actor=actor,
        action="slot.create" if created else "slot.update",
        obj=slot,
        after={"starts_at": starts_at.isoformat(), "room": slot.room, "online_link": slot.online_link},
    )
    _notify(slot.pk)  # queued in this transaction, sent after commit
    return slot
