"""Proposals left unsent at the submission deadline end in a clear final state (withdrawn, with why)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.competitions.enums import ProposalState as S
from inovasi.competitions.models import Proposal
from inovasi.competitions.services import _locked, transition

UNSENT_STATES = (S.DRAFT, S.AWAITING_APPROVAL, S.RETURNED_TO_OPERATOR)


def stale_proposals(queryset=None, *, at=None):
    """Proposals still waiting for the Pemda after their edition's submission deadline."""
    at = at or timezone.now()
    queryset = Proposal.objects.all() if queryset is None else queryset
    return queryset.filter(state__in=UNSENT_STATES, edition__registration_closes_at__lte=at)


def close_unsent_after_deadline(queryset=None, *, actor=None, at=None) -> int:
    """Give every proposal left unsent at the deadline a clear final state (withdrawn, with why).

    A proposal refused by the cap, or never approved, stayed "Menunggu persetujuan Admin Pemda"
    forever. Run by the `close_unsent_proposals` command (daily) and on the Pemda's proposal
    pages, so nobody reads a stale state. Each is audited (`proposal.withdraw`, actor "sistem").
    Returns how many were closed.
    """
    closed = 0
    for pk in list(stale_proposals(queryset, at=at).values_list("pk", flat=True)):
        with transaction.atomic():
            proposal = _locked(Proposal(pk=pk))
            if proposal.state not in UNSENT_STATES:
                continue
            closes = timezone.localtime(proposal.edition.registration_closes_at).strftime("%d-%m-%Y %H:%M")
            reason = _(
                "Tidak diajukan ke panitia sampai batas akhir pengajuan (%(closes)s WIB); "
                "proposal ditutup otomatis pada status terakhir “%(state)s”."
            ) % {"closes": closes, "state": S(proposal.state).label}
            transition(proposal, S.WITHDRAWN, actor=actor, reason=reason)
            closed += 1
    return closed
