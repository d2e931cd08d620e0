"""Conflict-of-interest detection: one place that decides whether a juror may see a proposal.

Automatic, from five sources: the juror's home Government proposes it; the juror's home Agency
(or an agency above the owning unit) owns it; the juror's user is Admin Pemda of the proposing
Government; the juror's user is operator of the owning agency (or of one above it); the juror is a
named person on the innovation (linked user or the same name). Memberships count while active,
whatever the juror record says, so leaving the home region empty switches nothing off. Declared
conflicts come from the juror. Any conflict waived by the organizer (with a reason, see
`jury.waive_conflict`) no longer blocks.

Evaluated live at every check: assignment, scoring and again when scores are aggregated
(`integrity.screen`), so a conflict that appears after scoring excludes the score.
"""

from django.utils.translation import gettext as _

from inovasi.accounts.enums import Role
from inovasi.accounts.models import Membership
from inovasi.innovations.models import InnovationPerson
from inovasi.judging.models import Conflict, ConflictKind
from inovasi.organisations.models import Agency


def _norm(name: str) -> str:
    return " ".join((name or "").casefold().split())


def automatic_reasons(jurors, proposals) -> dict[tuple[int, int], str]:
    """(juror id, proposal id) → reason, for every automatic conflict among the given pairs.

    Costs a fixed number of queries whatever the number of jurors and proposals.
    """
    jurors, proposals = list(jurors), list(proposals)
    if not jurors or not proposals:
        return {}
    innovation_ids = {p.innovation_id for p in proposals}
    people: dict[int, list[tuple[int | None, str]]] = {}
    for innovation_id, user_id, name in InnovationPerson.objects.filter(innovation_id__in=innovation_ids).values_list(
        "innovation_id", "user_id", "name"
    ):
        people.setdefault(innovation_id, []).append((user_id, _norm(name)))
    # Agency chains: an agency's juror covers its units (a Dinas juror is conflicted with its Puskesmas).
    parents = dict(
        Agency.objects.filter(government_id__in={p.government_id for p in proposals}).values_list("pk", "parent_id")
    )

    def chain(agency_id):
        seen = []
        while agency_id and agency_id not in seen:
            seen.append(agency_id)
            agency_id = parents.get(agency_id)
        return seen

    # Index the proposals by what can conflict (owner government, each agency up the chain, each
    # named person), so each juror looks up only its own matches: O(jurors + proposals), not their
    # product (5,000 proposals × 60 jurors took two seconds pair by pair).
    by_government, by_agency, by_user, by_name = {}, {}, {}, {}
    for p in proposals:
        by_government.setdefault(p.government_id, []).append(p.pk)
        for agency_id in chain(p.agency_id):
            by_agency.setdefault(agency_id, []).append(p.pk)
        for user_id, name in people.get(p.innovation_id, ()):
            if user_id:
                by_user.setdefault(user_id, []).append(p.pk)
            if name:
                by_name.setdefault(name, []).append(p.pk)
    # The jurors' users' active memberships: Admin Pemda of a Government, operator of an Agency.
    administers, operates = {}, {}
    for user_id, role, government_id, agency_id in (
        Membership.objects.active()
        .filter(
            user_id__in={j.user_id for j in jurors}, user__is_active=True, role__in=(Role.PEMDA_ADMIN, Role.OPERATOR)
        )
        .values_list("user_id", "role", "government_id", "agency_id")
    ):
        if role == Role.PEMDA_ADMIN:
            administers.setdefault(user_id, []).append(government_id)
        else:
            operates.setdefault(user_id, []).append(agency_id)
    reasons = (
        _("Juri tercantum sebagai orang di balik inovasi ini."),
        _("Juri adalah operator perangkat daerah pemilik inovasi ini."),
        _("Perangkat daerah asal juri memiliki inovasi ini."),
        _("Juri adalah Admin Pemda pemerintah daerah pengusul."),
        _("Pemerintah daerah asal juri mengajukan proposal ini."),
    )
    found = {}
    for juror in jurors:
        juror_name = _norm(juror.name)
        # Lowest precedence first: a later reason replaces an earlier one for the same pair.
        matches = (
            by_user.get(juror.user_id, []) + (by_name.get(juror_name, []) if juror_name else []),
            [pk for agency_id in operates.get(juror.user_id, ()) for pk in by_agency.get(agency_id, [])],
            by_agency.get(juror.home_agency_id, []) if juror.home_agency_id else [],
            [pk for government_id in administers.get(juror.user_id, ()) for pk in by_government.get(government_id, [])],
            by_government.get(juror.home_government_id, []) if juror.home_government_id else [],
        )
        for reason, proposal_ids in zip(reasons, matches, strict=True):
            for proposal_id in proposal_ids:
                found[(juror.pk, proposal_id)] = reason
    return found


def blocked_pairs(jurors, proposals) -> dict[tuple[int, int], str]:
    """Every (juror id, proposal id) that must not meet: automatic or declared, minus waived."""
    jurors, proposals = list(jurors), list(proposals)
    blocked = automatic_reasons(jurors, proposals)
    rows = Conflict.objects.filter(juror__in=[j.pk for j in jurors], proposal__in=[p.pk for p in proposals])
    waived_automatic, declared = set(), set()
    for c in rows.only("juror_id", "proposal_id", "kind", "reason", "waived_at"):
        key = (c.juror_id, c.proposal_id)
        if c.kind == ConflictKind.AUTOMATIC and c.waived_at:
            waived_automatic.add(key)
        elif c.kind == ConflictKind.DECLARED and not c.waived_at:
            blocked[key] = c.reason
            declared.add(key)
    for key in waived_automatic - declared:  # a waiver lifts the automatic conflict, not a declared one
        blocked.pop(key, None)
    return blocked


def conflict_reason(juror, proposal) -> str | None:
    """The reason `juror` may not see `proposal`, or None."""
    if juror is None or proposal is None:
        return None
    return blocked_pairs([juror], [proposal]).get((juror.pk, proposal.pk))
