"""E-mails to jurors: the assignment notice and the reminder before a scoring deadline.

Queued like every notification of the project (`outbox.services.queue_mail` in the change's
transaction; the outbox sends after commit and retries), in Indonesian, deadlines in WIB. A juror
hears about assignments once per batch: the services collect the jurors who gained an assignment
and call `queue_assignment_mail`.

Reminders (`send_reminders`, run daily by `manage.py send_juror_reminders`): a juror with at
least one assigned, unconflicted proposal without a submitted scorecard in a scored stage (not a
presentation stage: those scores are given live) that is open and closes within
`REMINDER_WINDOW` gets one e-mail per stage per day (WIB), recorded as a `JurorReminder`;
running the command again the same day sends nothing more.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from inovasi.competitions.enums import StageKind
from inovasi.competitions.models import Stage
from inovasi.judging import conflicts
from inovasi.judging.models import Assignment, Juror, JurorReminder, Scorecard, ScorecardState
from inovasi.judging.stages import SCORED_KINDS
from inovasi.outbox.services import queue_mail

WIB = ZoneInfo("Asia/Jakarta")
REMINDER_WINDOW = timedelta(days=3)


def wib(moment) -> str:
    """'15 Desember 2026 23.59' in Asia/Jakarta."""
    return date_format(moment.astimezone(WIB), "j F Y H.i")


def _desk_url() -> str:
    return settings.SITE_URL + reverse("jury:dashboard")


def queue_assignment_mail(stage, juror_ids) -> None:
    """Queue the assignment e-mail in the caller's transaction (the outbox sends it after commit,
    and a rolled-back assignment sends nothing)."""
    juror_ids = sorted(set(juror_ids))
    if juror_ids:
        notify_assigned(stage.pk, juror_ids)


def notify_assigned(stage_id: int, juror_ids) -> int:
    """One e-mail per juror: how many proposals await them in the stage and until when (WIB)."""
    stage = Stage.objects.select_related("edition").get(pk=stage_id)
    sent = 0
    counts = dict(
        Assignment.objects.filter(stage=stage, juror_id__in=juror_ids)
        .values_list("juror_id")
        .annotate(n=Count("pk"))
        .values_list("juror_id", "n")
    )
    for juror in Juror.objects.filter(pk__in=juror_ids).select_related("user"):
        count = counts.get(juror.pk, 0)
        if not count or not juror.user.email:
            continue
        subject = _("Penugasan penilaian: %(edition)s") % {"edition": stage.edition.name}
        lines = [
            _("Yth. %(name)s,") % {"name": juror.name},
            "",
            ngettext(
                "Anda ditugaskan menilai %(count)s proposal pada tahap %(stage)s, %(edition)s.",
                "Anda ditugaskan menilai %(count)s proposal pada tahap %(stage)s, %(edition)s.",
                count,
            )
            % {"count": count, "stage": stage.name, "edition": stage.edition.name},
        ]
        if stage.opens_at and stage.opens_at > timezone.now():
            lines.append(_("Penilaian dibuka %(when)s WIB.") % {"when": wib(stage.opens_at)})
        if stage.closes_at:
            lines.append(_("Batas pengiriman nilai: %(when)s WIB.") % {"when": wib(stage.closes_at)})
        lines += [
            "",
            _("Jika Anda memiliki konflik kepentingan dengan salah satu proposal, nyatakan sebelum menilai."),
            _("Meja juri: %(url)s") % {"url": _desk_url()},
        ]
        queue_mail(to=juror.user.email, subject=subject, body="\n".join(lines) + "\n")
        sent += 1
    return sent


def missing_scores(stage) -> dict[int, int]:
    """Juror id → number of their assigned, unconflicted proposals without a submitted scorecard."""
    assignments = list(Assignment.objects.filter(stage=stage).select_related("juror", "proposal"))
    blocked = conflicts.blocked_pairs({a.juror for a in assignments}, {a.proposal for a in assignments})
    sent = set(
        Scorecard.objects.filter(stage=stage, state=ScorecardState.SUBMITTED).values_list("juror_id", "proposal_id")
    )
    missing: dict[int, int] = {}
    for a in assignments:
        key = (a.juror_id, a.proposal_id)
        if key not in blocked and key not in sent:
            missing[a.juror_id] = missing.get(a.juror_id, 0) + 1
    return missing


def send_reminders(*, now=None) -> int:
    """Remind jurors with missing scores in stages closing within `REMINDER_WINDOW`; returns the
    number of e-mails sent. At most one per juror per stage per day (WIB), whatever the runs."""
    now = now or timezone.now()
    today = now.astimezone(WIB).date()
    # Presentation scores are given live in the room during each slot: no e-mail chases them.
    kinds = [kind for kind in SCORED_KINDS if kind != StageKind.PRESENTATION]
    stages = Stage.objects.filter(
        kind__in=kinds, opens_at__lte=now, closes_at__gt=now, closes_at__lte=now + REMINDER_WINDOW
    ).select_related("edition")
    sent = 0
    for stage in stages:
        missing = missing_scores(stage)
        for juror in Juror.objects.filter(pk__in=missing).select_related("user").order_by("pk"):
            try:
                with transaction.atomic():
                    JurorReminder.objects.create(stage=stage, juror=juror, sent_on=today, missing=missing[juror.pk])
            except IntegrityError:
                continue  # already reminded today
            if not juror.user.email:
                continue
            count = missing[juror.pk]
            subject = _("Pengingat: %(count)s nilai belum dikirim, %(edition)s") % {
                "count": count,
                "edition": stage.edition.name,
            }
            body = "\n".join(
                [
                    _("Yth. %(name)s,") % {"name": juror.name},
                    "",
                    _("%(count)s proposal pada tahap %(stage)s belum Anda kirim nilainya.")
                    % {"count": count, "stage": stage.name},
                    _("Batas pengiriman nilai: %(when)s WIB.") % {"when": wib(stage.closes_at)},
                    "",
                    _("Meja juri: %(url)s") % {"url": _desk_url()},
                ]
            )
            queue_mail(to=juror.user.email, subject=subject, body=body + "\n")
            sent += 1
    return sent
