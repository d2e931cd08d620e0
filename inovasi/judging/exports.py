"""The ranking with its per-criterion and per-juror breakdown, as rows for CSV/XLSX and the API.

Only organizers reach these (views check `judging.manage_stage`); jurors never get an export, so a
conflicted juror cannot read scores of a proposal through one.
"""

from django.utils.translation import gettext as _

from inovasi.judging.ranking import stage_ranking


def ranking_rows(stage) -> tuple[list[str], list[list]]:
    """Header and rows of the stage's ranking: the frozen record once closed (its hash checked;
    `ranking.RankingIntegrityError` if it no longer matches), the live preview while open."""
    ranking = stage_ranking(stage)
    criteria = list(stage.criteria.all())
    juror_list = sorted(ranking.jurors.items(), key=lambda item: (item[1], item[0]))
    header = [_("Peringkat"), "ID", _("Judul"), _("Pemerintah daerah"), _("Nilai akhir"), _("Lolos")]
    header += [_("Rata-rata %(c)s") % {"c": c.code} for c in criteria]
    header += [_("Juri %(n)s") % {"n": name} for _pk, name in juror_list]
    rows = []
    for row in ranking.rows:
        line = [row.rank, row.proposal_id, row.title, row.government, row.score, _("Ya") if row.advances else ""]
        line += [row.criteria.get(c.code) for c in criteria]
        line += [row.totals.get(pk) for pk, _name in juror_list]
        rows.append(line)
    return header, rows
