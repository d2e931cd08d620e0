"""Scores: checking values against the rubric, the juror's scorecard (draft, then submit) and the
organizer's offline score import.

Deadlines compare `timezone.now()` with the stage's aware datetimes (stored in UTC, shown in
Asia/Jakarta). A scorecard carries a version (optimistic lock): a save based on an older version
that would change something is refused with `StaleScorecard`, audited, and writes nothing.
"""

import functools

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event
from inovasi.competitions.models import Stage
from inovasi.formats.numbers import NumberKind, parse_number
from inovasi.judging import conflicts, presentation, rules
from inovasi.judging.enums import SCORECARD_MACHINE
from inovasi.judging.models import Assignment, Scorecard, ScorecardState
from inovasi.judging.stages import candidates, require_not_frozen
from inovasi.judging.uploads import csv_juror, juror_lookup, proposal_from, read_csv


class StaleScorecard(ValidationError):
    """The scorecard was saved elsewhere (another tab or device, an organizer's CSV import) after
    this form was opened, so nothing was written. `changes` lists, as {"field", "label", "saved"}
    dicts, what differs from the refused input; `current_version` is what a deliberate re-save
    must carry."""

    def __init__(self, message, *, card, submitted_version, changes):
        super().__init__(message, code="stale")
        self.card = card
        self.submitted_version = submitted_version
        self.current_version = card.version
        self.changes = list(changes)


def _stale_audited(verb):
    """Run the scoring verb in one transaction; a stale refusal rolls it back and is then audited
    (`scorecard.stale_refused`, in its own transaction) before it reaches the caller."""

    @functools.wraps(verb)
    def wrapper(*args, **kwargs):
        try:
            with transaction.atomic():
                return verb(*args, **kwargs)
        except StaleScorecard as stale:
            with transaction.atomic():
                record_event(
                    actor=kwargs.get("actor"),
                    action="scorecard.stale_refused",
                    obj=stale.card,
                    after={
                        "submitted_version": stale.submitted_version,
                        "current_version": stale.current_version,
                        "fields": [c["field"] for c in stale.changes],
                    },
                )
            raise

    return wrapper


def _number(value) -> str:
    return "—" if value is None else f"{value:g}".replace(".", ",")


def _card_differences(stage, card, values: dict, comment: str) -> list[dict]:
    """Criteria (and the comment) where the saved card differs from the input."""
    wanted, _errors = check_values(stage, values, complete=False)
    changes = []
    for criterion in stage.criteria.all():
        saved = card.values.get(criterion.code)
        if saved != wanted.get(criterion.code):
            changes.append({"field": criterion.code, "label": criterion.name, "saved": _number(saved)})
    if (card.comment or "").strip() != comment:
        changes.append({"field": "comment", "label": _("Catatan untuk panitia"), "saved": card.comment or "—"})
    return changes


def _wib(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y H.i")


def check_values(stage, values: dict, *, complete: bool) -> tuple[dict, dict]:
    """Parse and check scores per criterion code: (clean values, errors per criterion code)."""
    clean, errors = {}, {}
    for criterion in stage.criteria.all():
        raw = values.get(criterion.code)
        if raw is None or str(raw).strip() == "":
            if complete:
                errors[criterion.code] = _("Nilai %(name)s wajib diisi.") % {"name": criterion.name}
            continue
        try:
            value = parse_number(raw, kind=NumberKind.SCORE)
        except ValidationError as exc:
            if exc.code == "exponent":
                errors[criterion.code] = _("Nilai %(name)s: %(problem)s") % {
                    "name": criterion.name,
                    "problem": exc.messages[0],
                }
            else:
                errors[criterion.code] = _("Nilai %(name)s harus berupa angka.") % {"name": criterion.name}
            continue
        if not value.is_finite() or not (criterion.scale_min <= value <= criterion.scale_max):
            errors[criterion.code] = _("Nilai %(name)s harus antara %(min)s dan %(max)s.") % {
                "name": criterion.name,
                "min": criterion.scale_min,
                "max": criterion.scale_max,
            }
            continue
        clean[criterion.code] = float(value)
    return clean, errors


def _lock_assignment(stage, juror, proposal) -> None:
    """Lock the juror's assignment row (if any) until the transaction ends: saves of the same
    scorecard then run one after the other (two first saves cannot both insert), while other
    jurors' saves go on in parallel. Whether there is one is checked by `_require_may_score`."""
    list(
        Assignment.objects.filter(stage_id=stage.pk, juror=juror, proposal=proposal)
        .select_for_update()
        .values_list("pk", flat=True)
    )


def _require_may_score(stage, juror, proposal):
    if not rules.may_judge(juror, stage):
        raise ValidationError(_("Anda tidak memegang peran juri aktif pada penyelenggara tahap ini."))
    if not Assignment.objects.filter(stage=stage, juror=juror, proposal=proposal).exists():
        raise ValidationError(_("Proposal ini tidak ditugaskan kepada Anda pada tahap ini."))
    if conflicts.conflict_reason(juror, proposal):
        raise ValidationError(_("Anda berkonflik kepentingan dengan proposal ini dan tidak dapat menilainya."))


def _stage_for_scoring(stage) -> Stage:
    """The stage, read under a lock that every score save shares and that closing excludes.

    On PostgreSQL, FOR SHARE: saves by different jurors run side by side, while `close_stage`
    (FOR UPDATE on the same row) waits for the saves in flight and then blocks new ones, so no
    score is written into a stage that has just been closed. (An exclusive lock here made every
    save of the stage wait for the previous one.) SQLite serialises writers anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {Stage._meta.db_table} WHERE id = %s FOR SHARE", [stage.pk])  # noqa: S608
    return Stage.objects.get(pk=stage.pk)


def _refuse_stale(card, version, changes):
    if card.state == ScorecardState.SUBMITTED:
        changes.append(
            {
                "field": "state",
                "label": _("Status"),
                "saved": _("dikirim %(when)s WIB") % {"when": _wib(card.submitted_at)},
            }
        )
    raise StaleScorecard(
        _(
            "Lembar nilai ini sudah disimpan dari tempat lain pada %(when)s WIB setelah Anda membukanya, "
            "sehingga isian Anda belum disimpan. Isian Anda tetap ditampilkan; bandingkan dengan nilai "
            "tersimpan, lalu simpan lagi."
        )
        % {"when": _wib(card.updated_at)},
        card=card,
        submitted_version=version,
        changes=changes,
    )


def _write_card(stage, juror, proposal, card, *, clean, comment, submit, current):
    """Insert the card, or update it where its version is still `current`; returns the saved card."""
    state, submitted_at = ScorecardState.DRAFT, None
    if submit:
        state, submitted_at = ScorecardState.SUBMITTED, timezone.now()
    if card is None:
        return Scorecard.objects.create(
            stage=stage,
            juror=juror,
            proposal=proposal,
            values=clean,
            comment=comment,
            state=state,
            submitted_at=submitted_at,
        )
    written = Scorecard.objects.filter(pk=card.pk, version=current).update(
        values=clean,
        comment=comment,
        state=state,
        submitted_at=submitted_at,
        version=current + 1,
        updated_at=timezone.now(),
    )
    if not written:  # cannot happen under the row lock; refuse rather than overwrite if it does
        raise ValidationError(_("Lembar nilai ini sedang disimpan dari tempat lain. Muat ulang halaman."))
    card.refresh_from_db()
    return card


@_stale_audited
def save_scorecard(
    *, stage, juror, proposal, values: dict, comment: str = "", submit: bool = False, actor, version=None
):
    """Save a draft or submit, while the stage is open (server clock, Asia/Jakarta deadlines).

    `version` is the card version the form was opened at (0: no card yet). If the card was saved
    since, the save is refused with `StaleScorecard` (nothing written, the refusal audited) unless
    the input equals what is saved, which is a no-op — so a double-clicked "Kirim nilai" submits
    once. The write is a conditional UPDATE … WHERE version = the expected one. Without `version`
    the save is unconditional. Side effects: the card saved, `version` bumped, one audit event.
    """
    # The assignment first, then the stage: two saves of one card queue on the assignment before
    # either holds the shared stage lock.
    _lock_assignment(stage, juror, proposal)
    stage = _stage_for_scoring(stage)
    if not stage.is_open():
        raise ValidationError(_("Tahap penilaian tidak sedang dibuka; nilai tidak dapat disimpan."))
    require_not_frozen(stage)
    _require_may_score(stage, juror, proposal)
    presentation.require_slot_accepts(stage, proposal)
    card = Scorecard.objects.select_for_update().filter(stage=stage, juror=juror, proposal=proposal).first()
    comment = (comment or "").strip()
    current = card.version if card else 0
    changes = _card_differences(stage, card, values, comment) if card else []
    if card and card.state == ScorecardState.SUBMITTED and submit and not changes:
        return card  # "Kirim nilai" clicked twice: the scores are already sent, nothing to do
    if version is not None and version != current and card and changes:
        _refuse_stale(card, version, changes)
    # From here the input is either based on the saved version or identical to it.
    if card and card.state == ScorecardState.SUBMITTED:
        raise ValidationError(_("Nilai untuk proposal ini sudah dikirim dan tidak dapat diubah."))
    clean, errors = check_values(stage, values, complete=submit)
    if errors:
        raise ValidationError(errors)
    if card and not changes and not submit:
        return card  # the same draft saved twice
    previous = card.state if card else ScorecardState.DRAFT
    target = ScorecardState.SUBMITTED if submit else ScorecardState.DRAFT
    action = SCORECARD_MACHINE.action(previous, target)  # the table's legality and audit action
    card = _write_card(stage, juror, proposal, card, clean=clean, comment=comment, submit=submit, current=current)
    record_event(
        actor=actor,
        action=action,
        obj=card,
        after={**clean, "version": card.version},
    )
    return card


def _score_rows(stage, rows, criteria):
    """Check every row: (errors, good rows as (juror, proposal, values, comment), unchanged count)."""
    jurors = juror_lookup(stage)
    proposals = {p.pk: p for p in candidates(stage).only("pk", "title", "innovation_id", "government_id", "agency_id")}
    assigned = set(Assignment.objects.filter(stage=stage).values_list("juror_id", "proposal_id"))
    submitted = {
        (card.juror_id, card.proposal_id): card
        for card in Scorecard.objects.filter(stage=stage, state=ScorecardState.SUBMITTED).only(
            "juror_id", "proposal_id", "values", "comment"
        )
    }
    errors, good, seen, unchanged = [], [], set(), 0
    for line, row in enumerate(rows, start=2):
        juror = csv_juror(jurors, row, line, errors)
        proposal = proposal_from(row.get("proposal"), proposals)
        if proposal is None:
            errors.append(_("Baris %(line)s, kolom proposal: proposal tidak ada di tahap ini.") % {"line": line})
        clean, value_errors = check_values(stage, {c.code: row.get(c.code) for c in criteria}, complete=True)
        comment = (row.get("catatan") or "").strip()
        if juror and proposal:
            key = (juror.pk, proposal.pk)
            sent = submitted.get(key)
            if key not in assigned:
                errors.append(_("Baris %(line)s: proposal tidak ditugaskan kepada juri ini.") % {"line": line})
            elif key in seen:
                errors.append(_("Baris %(line)s: pasangan juri dan proposal muncul dua kali.") % {"line": line})
            elif sent is not None and not value_errors and (sent.values, sent.comment) == (clean, comment):
                unchanged += 1  # the same row imported before (the same file posted twice): skip it
                seen.add(key)
                continue
            elif sent is not None:
                errors.append(_("Baris %(line)s: nilai juri ini untuk proposal ini sudah dikirim.") % {"line": line})
            seen.add(key)
        for code, message in value_errors.items():
            errors.append(
                _("Baris %(line)s, kolom %(col)s: %(reason)s") % {"line": line, "col": code, "reason": message}
            )
        if juror and proposal:
            good.append((juror, proposal, clean, comment))
    return errors, good, unchanged


def _conflicted_rows(good) -> list[str]:
    blocked = conflicts.blocked_pairs({g[0] for g in good}, {g[1] for g in good})
    return [
        _("Baris %(line)s: %(juror)s berkonflik kepentingan dengan proposal ini.") % {"line": line, "juror": juror.name}
        for line, (juror, proposal, _clean, _comment) in enumerate(good, start=2)
        if (juror.pk, proposal.pk) in blocked
    ]


@transaction.atomic
def import_scores_csv(*, stage, upload, actor) -> int:
    """Offline scores: columns `juri` (e-mail), `proposal` (ID), one per criterion code, `catatan`.

    Same validation as the screen (assignment, conflict, scale, every criterion), all or nothing;
    errors name the row, the column and the reason. Allowed until the stage is closed.
    """
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    require_not_frozen(stage)
    rows = read_csv(upload)
    if not rows:
        raise ValidationError(_("Berkas CSV tidak berisi baris nilai."))
    criteria = list(stage.criteria.all())
    missing = [c.code for c in criteria if c.code not in rows[0]] + [
        col for col in ("juri", "proposal") if col not in rows[0]
    ]
    if missing:
        raise ValidationError(_("Kolom wajib tidak ada: %(cols)s.") % {"cols": ", ".join(missing)})
    errors, good, unchanged = _score_rows(stage, rows, criteria)
    if not errors:
        errors = _conflicted_rows(good)
    if errors:
        raise ValidationError(errors)
    if not good:
        raise ValidationError(
            _("Semua nilai dalam berkas ini sudah diimpor sebelumnya; tidak ada yang diubah."), code="already_done"
        )
    now = timezone.now()
    drafts = {
        (card.juror_id, card.proposal_id): card
        for card in Scorecard.objects.select_for_update().filter(
            stage=stage, juror__in={g[0].pk for g in good}, proposal__in={g[1].pk for g in good}
        )
    }
    for juror, proposal, clean, comment in good:
        card = drafts.get((juror.pk, proposal.pk)) or Scorecard(stage=stage, juror=juror, proposal=proposal, version=0)
        # The version moves on, so a juror's scoring screen opened before the import cannot overwrite it.
        card.values, card.comment, card.version = clean, comment, card.version + 1
        card.state, card.submitted_at = ScorecardState.SUBMITTED, now
        card.save()
    record_event(
        actor=actor, action="stage.import_scores", obj=stage, after={"rows": len(good), "unchanged": unchanged}
    )
    return len(good)
