"""Record once, submit everywhere: a new proposal starts from the innovation's earlier proposal.

When a Pemda enters an innovation that already had a proposal in another edition (KOVABLIK → KIPP,
or last year's round), `reuse_earlier` fills the new proposal's sections from the earlier answers
(sections matched by meaning through `SECTION_EQUIVALENTS`, a table of codes that ask the same
thing across presets and years) and offers its attachments by reference: the same stored file,
same SHA-256, no second upload, as long as the file fits the new requirement. Where each part came
from is audited (`proposal.reuse`) and frozen into the snapshot at submission (`sources_of`).

A shared file is never deleted while another attachment still points to it (`file_still_used`).
"""

from django.db.models import Q

from inovasi.audit.models import AuditEvent
from inovasi.audit.services import record_event
from inovasi.competitions.enums import AttachmentKind, ProposalState
from inovasi.competitions.models import Proposal, ProposalAnswer, ProposalAttachment

# Codes that ask the same question, whatever the preset or year calls them. Each set is one meaning;
# a code missing here matches only itself.
SECTION_EQUIVALENTS: tuple[frozenset[str], ...] = (
    frozenset({"ringkasan", "abstrak", "ringkasan-inovasi"}),
    frozenset({"latar-belakang", "latar-belakang-tujuan", "latar-belakang-dan-tujuan"}),
    frozenset({"kebaruan", "nilai-tambah", "kebaruan-nilai-tambah"}),
    frozenset({"implementasi", "pelaksanaan"}),
    frozenset({"signifikansi", "dampak", "signifikansi-dampak"}),
    frozenset({"adaptabilitas-replikasi", "sudah-direplikasi"}),
    frozenset({"adaptabilitas-potensi", "potensi-replikasi"}),
    frozenset({"sumber-daya", "sumber-daya-inovasi"}),
    frozenset({"keberlanjutan", "strategi-keberlanjutan"}),
)
ATTACHMENT_EQUIVALENTS: tuple[frozenset[str], ...] = (
    frozenset({"video", "tautan-video"}),
    frozenset({"surat-implementasi", "surat-pernyataan-implementasi"}),
    frozenset({"surat-identitas", "surat-pernyataan-identitas"}),
    frozenset({"surat-bersedia-direplikasi", "surat-pernyataan-replikasi"}),
    frozenset({"formulir-egov", "formulir-e-government"}),
)
# States whose answers are the Pemda's considered text (not an abandoned draft).
CONSIDERED = (
    ProposalState.SUBMITTED,
    ProposalState.PASSED_ADMIN,
    ProposalState.SHORTLISTED,
    ProposalState.ELIMINATED,
    ProposalState.RETURNED_BY_CHECK,
    ProposalState.WITHDRAWN,
)


def _meaning(code: str, table) -> frozenset[str]:
    return next((group for group in table if code in group), frozenset({code}))


def earlier_proposal(proposal: Proposal) -> Proposal | None:
    """The innovation's most recent considered proposal in another edition, if any."""
    return (
        Proposal.objects.filter(innovation_id=proposal.innovation_id, state__in=CONSIDERED)
        .exclude(edition_id=proposal.edition_id)
        .select_related("edition")
        .order_by("-submitted_at", "-pk")
        .first()
    )


def _fits(source: ProposalAttachment, requirement) -> bool:
    if requirement.kind == AttachmentKind.LINK:
        return bool(source.url)
    return bool(source.file) and bool(source.sha256) and (source.size or 0) <= requirement.max_bytes


def reuse_earlier(*, proposal: Proposal, actor) -> dict:
    """Fill `proposal` (just created, in its creator's transaction) from the earlier proposal.

    Returns what was taken: {"from": id, "edition": name, "sections": {code: source code},
    "attachments": {code: sha256 or url}}, or {} when there is no earlier proposal.
    """
    source = earlier_proposal(proposal)
    if source is None:
        return {}
    earlier = {a.section.code: a.text for a in source.answers.select_related("section") if (a.text or "").strip()}
    taken_sections, changed = {}, []
    for answer in proposal.answers.select_related("section"):
        code = answer.section.code
        meaning = _meaning(code, SECTION_EQUIVALENTS)
        match = code if code in earlier else next((c for c in sorted(meaning) if c in earlier), None)
        if match is not None:
            answer.text = earlier[match]
            taken_sections[code] = match
            changed.append(answer)
    ProposalAnswer.objects.bulk_update(changed, ["text"])
    attachments = {a.requirement.code: a for a in source.attachments.select_related("requirement")}
    taken_files = {}
    requirements = proposal.edition.attachment_requirements.filter(Q(group__isnull=True) | Q(group=proposal.group_id))
    for requirement in requirements:
        meaning = _meaning(requirement.code, ATTACHMENT_EQUIVALENTS)
        match = attachments.get(requirement.code) or next(
            (attachments[c] for c in sorted(meaning) if c in attachments), None
        )
        if match is None or not _fits(match, requirement):
            continue
        ProposalAttachment.objects.create(
            proposal=proposal,
            requirement=requirement,
            file=match.file.name if match.file else "",
            url=match.url,
            content_type=match.content_type,
            size=match.size,
            sha256=match.sha256,
            uploaded_by=match.uploaded_by,
        )
        taken_files[requirement.code] = match.sha256 or match.url
    taken = {
        "from": source.pk,
        "edition": str(source.edition),
        "sections": taken_sections,
        "attachments": taken_files,
    }
    if taken_sections or taken_files:
        record_event(actor=actor, action="proposal.reuse", obj=proposal, after=taken)
    return taken


def sources_of(proposal: Proposal) -> dict:
    """Where each part of the proposal came from, for the snapshot frozen at submission."""
    event = (
        AuditEvent.objects.filter(
            action="proposal.reuse", object_type="competitions.proposal", object_id=str(proposal.pk)
        )
        .order_by("-pk")
        .first()
    )
    reused = (event.after or {}) if event else {}
    origin = f"proposal:{reused['from']}" if reused else ""
    return {
        "reused_from": {"proposal": reused.get("from"), "edition": reused.get("edition")} if reused else None,
        "sections": {code: f"{origin}#{source}" for code, source in (reused.get("sections") or {}).items()},
        "attachments": {code: f"{origin}#{value}" for code, value in (reused.get("attachments") or {}).items()},
    }


def file_still_used(name: str, *, besides) -> bool:
    """True when another attachment still points to the stored file `name` (reused by reference)."""
    return bool(name) and ProposalAttachment.objects.filter(file=name).exclude(pk=besides.pk).exists()
