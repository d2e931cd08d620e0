"""The stage's visits and outcomes as rows for the organizer's CSV export.

One row per proposal in the outcome (in the running or visited), plus one per cancelled visit.
Text that a spreadsheet would run as a formula is neutralised by the one export helper
(`inovasi.exports`), since addresses, notes and reasons are typed by people.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.verification import outcomes, queries, services
from inovasi.verification.enums import Met, Recommendation, VisitState
from inovasi.verification.models import Finding


def _yes_no(value):
    return "" if value is None else (_("Ya") if value else _("Tidak"))


def visit_rows(stage) -> tuple[list[str], list[list]]:
    plan = services.plan_for(stage)
    outcome = outcomes.stage_outcome(stage)
    visits = list(queries.visits_of_stage(stage))
    live = {v.proposal_id: v for v in visits if v.state != VisitState.CANCELLED}
    cancelled = [v for v in visits if v.state == VisitState.CANCELLED]
    proposals = queries.proposals_by_id(set(outcome) | {v.proposal_id for v in cancelled})
    items = list(stage.checklist_items.all())
    findings = {}
    for f in Finding.objects.filter(visit__in=visits):
        findings[(f.visit_id, f.item_id)] = f
    header = [
        _("ID proposal"),
        _("Proposal"),
        _("Pemerintah daerah"),
        _("Perangkat daerah"),
        _("ID kunjungan"),
        _("Status kunjungan"),
        _("Tanggal kunjungan"),
        _("Alamat"),
        _("Lintang"),
        _("Bujur"),
        _("Narahubung"),
        _("Telepon narahubung"),
        _("Ketua tim"),
        _("Anggota tim"),
    ]
    header += [_("Butir %(code)s") % {"code": item.code} for item in items]
    header += [
        _("Penerima manfaat ditemui"),
        _("Rekomendasi"),
        _("Alasan"),
        _("Nilai verifikasi"),
        _("Jumlah foto"),
        _("Dikirim"),
        _("Diterima"),
        _("Kebijakan"),
        _("Bobot (%)"),
        _("Status hasil"),
        _("Lolos"),
        _("Sumbangan nilai"),
    ]

    def row(proposal_id, visit, result):
        proposal = proposals[proposal_id]
        lead = next((m.user for m in visit.members.all() if m.is_lead), None) if visit else None
        others = [str(m.user) for m in visit.members.all() if not m.is_lead] if visit else []
        line = [
            proposal.pk,
            proposal.title,
            proposal.government.name,
            proposal.agency.name,
            visit.pk if visit else "",
            visit.get_state_display() if visit else _("Belum direncanakan"),
            visit.visit_date.isoformat() if visit else "",
            visit.address if visit else "",
            visit.latitude if visit and visit.latitude is not None else "",
            visit.longitude if visit and visit.longitude is not None else "",
            visit.contact_name if visit else "",
            visit.contact_phone if visit else "",
            str(lead) if lead else "",
            "; ".join(others),
        ]
        for item in items:
            finding = findings.get((visit.pk, item.pk)) if visit else None
            if finding and finding.met:
                text = str(Met(finding.met).label) + (f" — {finding.note}" if finding.note else "")
            else:
                text = ""
            line.append(text)
        line += [
            visit.beneficiaries_met if visit and visit.beneficiaries_met is not None else "",
            str(Recommendation(visit.recommendation).label) if visit and visit.recommendation else "",
            visit.reasons if visit else "",
            visit.score if visit and visit.score is not None else "",
            visit.n_photos if visit else 0,
            timezone.localtime(visit.submitted_at).strftime("%Y-%m-%d %H:%M") if visit and visit.submitted_at else "",
            timezone.localtime(visit.accepted_at).strftime("%Y-%m-%d %H:%M") if visit and visit.accepted_at else "",
            plan.get_policy_display(),
            plan.weight,
            result.get_status_display() if result else _("Dibatalkan"),
            _yes_no(None if result is None or not result.is_final else not result.blocks),
            result.contribution if result and result.is_final and result.contribution is not None else "",
        ]
        return line

    ordered = sorted(outcome.values(), key=lambda r: (proposals[r.proposal_id].title, r.proposal_id))
    rows = [row(r.proposal_id, live.get(r.proposal_id), r) for r in ordered]
    rows += [row(v.proposal_id, v, None) for v in cancelled]
    return header, rows
