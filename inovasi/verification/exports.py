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


def _blank(value):
    return "" if value is None else value


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


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
    header = _header(items)

    def row(proposal_id, visit, result):
        return [
            *_proposal_cells(proposals[proposal_id]),
            *_visit_cells(visit),
            *(_finding_text(findings.get((visit.pk, item.pk)) if visit else None) for item in items),
            *_report_cells(visit),
            *_result_cells(plan, result),
        ]

    ordered = sorted(outcome.values(), key=lambda r: (proposals[r.proposal_id].title, r.proposal_id))
    rows = [row(r.proposal_id, live.get(r.proposal_id), r) for r in ordered]
    rows += [row(v.proposal_id, v, None) for v in cancelled]
    return header, rows


def _header(items) -> list[str]:
    """The columns in row order: proposal, visit, one per checklist item, report, result."""
    return [
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
        *(_("Butir %(code)s") % {"code": item.code} for item in items),
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


def _proposal_cells(proposal) -> list:
    return [proposal.pk, proposal.title, proposal.government.name, proposal.agency.name]


def _visit_cells(visit) -> list:
    """Which visit, its state, when and where, whom to call and the team (blank before it is planned)."""
    if visit is None:
        return ["", _("Belum direncanakan"), "", "", "", "", "", "", "", ""]
    lead = next((m.user for m in visit.members.all() if m.is_lead), None)
    others = [str(m.user) for m in visit.members.all() if not m.is_lead]
    return [
        visit.pk,
        visit.get_state_display(),
        visit.visit_date.isoformat(),
        visit.address,
        _blank(visit.latitude),
        _blank(visit.longitude),
        visit.contact_name,
        visit.contact_phone,
        str(lead) if lead else "",
        "; ".join(others),
    ]


def _finding_text(finding) -> str:
    if finding and finding.met:
        return str(Met(finding.met).label) + (f" — {finding.note}" if finding.note else "")
    return ""


def _report_cells(visit) -> list:
    """What the team reported and when it was sent and accepted."""
    if visit is None:
        return ["", "", "", "", 0, "", ""]
    return [
        _blank(visit.beneficiaries_met),
        str(Recommendation(visit.recommendation).label) if visit.recommendation else "",
        visit.reasons,
        _blank(visit.score),
        visit.n_photos,
        _local(visit.submitted_at),
        _local(visit.accepted_at),
    ]


def _result_cells(plan, result) -> list:
    """The stage's verification policy and what the visit did to the proposal (a cancelled visit: none)."""
    final = result is not None and result.is_final
    return [
        plan.get_policy_display(),
        plan.weight,
        result.get_status_display() if result else _("Dibatalkan"),
        _yes_no(not result.blocks if final else None),
        result.contribution if final and result.contribution is not None else "",
    ]
