"""What the organizer checks before closing or publishing a stage (the "periksa dulu" pages).

Closing is irreversible once published and publishing eliminates every other proposal, so neither
is one click: `before_close` lists the missing scores per juror, the days left in the stage's
window, excluded scores and waivers, ties at the cut and what the quotas held back; `before_publish`
lists what the frozen record will publish and whom it eliminates. Blockers refuse the step (the
services refuse too); warnings need the organizer's explicit confirmation.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from inovasi.judging import closing, minutes
from inovasi.judging.ranking import RankingIntegrityError, frozen_ranking
from inovasi.judging.stages import candidates, is_frozen, settings_for


@dataclass
class Check:
    stage: object
    blockers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    jurors: list[dict] = field(default_factory=list)
    excluded: list = field(default_factory=list)
    waivers: list = field(default_factory=list)
    advancing: list[str] = field(default_factory=list)
    below_cut: list[dict] = field(default_factory=list)
    eliminated: list[str] = field(default_factory=list)
    objections: list[dict] = field(default_factory=list)
    disqualifications: list[dict] = field(default_factory=list)
    days_left: int | None = None

    @property
    def can_proceed(self) -> bool:
        return not self.blockers


def _jurors(stage) -> list[dict]:
    return [{**juror, "missing": max(juror["assigned"] - juror["submitted"], 0)} for juror in minutes.jury(stage)]


def before_close(stage) -> Check:
    check = Check(stage=stage)
    if is_frozen(stage):
        check.blockers.append(_("Tahap ini sudah ditetapkan."))
        return check
    outcome = closing.preview(stage)
    judging = settings_for(stage)
    check.jurors = _jurors(stage)
    missing = sum(j["missing"] for j in check.jurors)
    if missing:
        names = ", ".join(f"{j['name']} ({j['missing']})" for j in check.jurors if j["missing"])
        check.warnings.append(
            ngettext(
                "%(n)s penilaian belum masuk: %(names)s.",
                "%(n)s penilaian belum masuk: %(names)s.",
                missing,
            )
            % {"n": missing, "names": names}
        )
    now = timezone.now()
    if stage.closes_at and now < stage.closes_at:
        check.days_left = (stage.closes_at - now).days
        check.warnings.append(
            _("Jendela penilaian masih terbuka %(d)s hari lagi (sampai %(when)s WIB).")
            % {
                "d": check.days_left,
                "when": timezone.localtime(stage.closes_at, closing.WIB).strftime("%d-%m-%Y %H:%M"),
            }
        )
    check.excluded = list(getattr(outcome, "excluded", []) or [])
    check.waivers = list(getattr(outcome, "waivers", []) or [])
    if check.excluded:
        check.warnings.append(
            _("%(n)s nilai dikecualikan dari peringkat (konflik kepentingan).") % {"n": len(check.excluded)}
        )
    if outcome.tie_at_cut:
        titles = ", ".join(outcome.proposals[pk].title for pk in outcome.tie_at_cut)
        check.blockers.append(
            _("Masih ada nilai seri di batas lolos: %(titles)s. Tambahkan pemecah nilai seri sebelum menetapkan.")
            % {"titles": titles}
        )
    if not outcome.advancing:
        check.blockers.append(_("Belum ada proposal bernilai yang dapat ditetapkan."))
    if outcome.skipped_by_quota:
        titles = ", ".join(outcome.proposals[pk].title for pk in outcome.skipped_by_quota)
        check.warnings.append(_("Tertahan kuota meski nilainya cukup: %(titles)s.") % {"titles": titles})
    check.advancing = [outcome.proposals[pk].title for pk in outcome.advancing]
    check.below_cut = minutes.below_cut(stage, judging, outcome)
    check.objections = minutes.objections(stage)  # what the minutes will list
    check.disqualifications = minutes.disqualifications(stage, outcome)
    return check


def before_publish(stage) -> Check:
    check = Check(stage=stage)
    closure = closing.current_closure(stage)
    if closure is None:
        check.blockers.append(_("Tetapkan (tutup) tahap ini sebelum mengumumkan daftarnya."))
        return check
    if stage.results_published_at:
        check.blockers.append(_("Daftar tahap ini sudah diumumkan."))
        return check
    try:
        ranking = frozen_ranking(stage, closure)
    except RankingIntegrityError as exc:
        check.blockers.append(exc.message)
        return check
    check.advancing = [r.title for r in ranking.rows if r.advances]
    advancing_ids = set(ranking.advancing)
    check.eliminated = [p.title for p in candidates(stage).only("title") if p.pk not in advancing_ids]
    if check.eliminated:
        check.warnings.append(
            _("%(n)s proposal lain akan dinyatakan tidak lolos dan keluar dari kompetisi.")
            % {"n": len(check.eliminated)}
        )
    return check
