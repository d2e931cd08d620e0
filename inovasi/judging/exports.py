"""The ranking with its per-criterion and per-juror breakdown, as rows for CSV/XLSX and the API.

Only organizers reach these (views check `judging.manage_stage`); jurors never get an export, so a
conflicted juror cannot read scores of a proposal through one.
"""

from django.utils.translation import gettext as _

from inovasi.judging import closing
from inovasi.judging.models import Scorecard, ScorecardState


def ranking_rows(stage) -> tuple[list[str], list[list]]:
    outcome = closing.preview(stage)
    criteria = list(stage.criteria.all())
    cards = {}
    jurors = {}
    for card in Scorecard.objects.filter(stage=stage, state=ScorecardState.SUBMITTED).select_related("juror"):
        cards.setdefault(card.proposal_id, {})[card.juror_id] = card
        jurors[card.juror_id] = card.juror
    juror_list = sorted(jurors.values(), key=lambda j: (j.name, j.pk))
    header = [_("Peringkat"), "ID", _("Judul"), _("Pemerintah daerah"), _("Nilai akhir"), _("Lolos")]
    header += [_("Rata-rata %(c)s") % {"c": c.code} for c in criteria]
    header += [_("Juri %(n)s") % {"n": j.name} for j in juror_list]
    advancing = set(outcome.advancing)
    rows = []
    for row in outcome.rows:
        proposal = outcome.proposals[row.proposal_id]
        line = [
            row.rank,
            proposal.pk,
            proposal.title,
            proposal.government.name,
            None if row.score is None else round(row.score, 2),
            _("Ya") if proposal.pk in advancing else "",
        ]
        line += [None if c.code not in row.criteria else round(row.criteria[c.code], 2) for c in criteria]
        line += [None if j.pk not in row.totals else round(row.totals[j.pk], 2) for j in juror_list]
        rows.append(line)
    return header, rows
