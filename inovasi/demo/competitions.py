"""Demo KOVABLIK editions of the seed stories, built from the preset like an organizer would.

- KOVABLIK Jawa Timur 2020 (stories 003/004): Segar Kagemi (SMPN 10 Kota Malang) in the Top 30 and
  Rumah Diapers (Puskesmas Polowijen) in the Top 45; results announced 15 November 2020.
- KOVABLIK Jawa Timur 2023 (story 000): STMJ SAKERA and BAKSO SAKERA (Disnakkeswan Kabupaten
  Pasuruan) receive "Top Inovasi Terpuji"; announced 23 November 2023. The 2023 edition's award
  stage is relabelled as the story names it (labels are data).
- KOVABLIK Jawa Timur 2025 (story 001): PENTAS GEMILANG (Kota Pasuruan) submitted and passed the
  administrative check.

Editions come from `create_edition_from_preset` (audited, actor None). Proposals and results are
historical facts whose deadlines have passed, so they are written directly (not through the
deadline-enforcing services) and not audited, like the other demo loaders. Idempotent: an edition is
matched by competition and year, a proposal by edition and innovation. Innovations are looked up by
name; a missing one is skipped.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from inovasi.competitions.editions import create_edition_from_preset
from inovasi.competitions.enums import ProposalState
from inovasi.competitions.models import Competition, Edition, Proposal, ProposalAnswer, StageResult
from inovasi.competitions.services import _snapshot
from inovasi.innovations.models import Innovation

WIB = ZoneInfo("Asia/Jakarta")
BODY = "Biro Organisasi Jatim"

# year → (announcement time, {award stage name: new label or None}, [(innovation, award stage name)], extra)
HISTORY = {
    2020: {
        "announced": datetime(2020, 11, 15, 10, 0, tzinfo=WIB),
        "relabel": {},
        "winners": [("Segar Kagemi", "Top 30"), ("Rumah Diapers", "Top 45")],
    },
    2023: {
        "announced": datetime(2023, 11, 23, 10, 0, tzinfo=WIB),
        "relabel": {"Top 45": "Top Inovasi Terpuji"},
        "winners": [("STMJ SAKERA", "Top Inovasi Terpuji"), ("BAKSO SAKERA", "Top Inovasi Terpuji")],
    },
}


def _edition(body, year: int) -> Edition:
    competition = Competition.objects.filter(body=body, short_name="KOVABLIK").first()
    edition = Edition.objects.filter(competition=competition, year=year).first() if competition else None
    if edition is None:
        edition = create_edition_from_preset(preset="kovablik-jatim", body=body, year=year, actor=None)
        edition.is_published = True
        edition.save(update_fields=["is_published"])
    return edition


def _place(edition, innovation, state, submitted_at) -> Proposal:
    proposal = Proposal.objects.filter(edition=edition, innovation=innovation).first()
    if proposal is not None:
        return proposal
    proposal = Proposal.objects.create(
        edition=edition,
        innovation=innovation,
        government_id=innovation.government_id,
        agency=innovation.agency,
        group=edition.groups.get(code="umum"),
        title=innovation.name,
        state=state,
        submitted_at=submitted_at,
    )
    ProposalAnswer.objects.bulk_create(
        ProposalAnswer(
            proposal=proposal,
            section=section,
            text=getattr(innovation, section.prefill_from, "") if section.prefill_from else "",
        )
        for section in edition.sections.filter(group__isnull=True)
    )
    proposal.snapshot = _snapshot(proposal)
    proposal.save(update_fields=["snapshot"])
    return proposal


def _innovation(name):
    return Innovation.objects.filter(name=name).select_related("agency", "government").first()


def load_competitions(loaded: dict) -> dict[int, Edition]:
    body = loaded["bodies"][BODY]
    editions = {}
    for year, facts in HISTORY.items():
        edition = _edition(body, year)
        editions[year] = edition
        for old, new in facts["relabel"].items():
            edition.stages.filter(label=old).update(label=new, name=f"Penetapan {new}", top_n=None)
        for name, label in facts["winners"]:
            innovation = _innovation(name)
            if innovation is None:
                continue
            proposal = _place(edition, innovation, ProposalState.SHORTLISTED, facts["announced"].replace(month=6))
            stage = edition.stages.get(label=label)
            if stage.results_published_at is None:
                stage.results_published_at = facts["announced"]
                stage.save(update_fields=["results_published_at"])
            StageResult.objects.get_or_create(stage=stage, proposal=proposal, defaults={"label": label})
    edition = _edition(body, 2025)
    editions[2025] = edition
    pentas = _innovation("PENTAS GEMILANG")
    if pentas is not None:
        _place(edition, pentas, ProposalState.PASSED_ADMIN, datetime(2025, 6, 30, 10, 0, tzinfo=WIB))
    return editions
