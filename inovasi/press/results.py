"""What the public may read about an edition's results, assembled once for every reader.

The public results page, its CSV/XLSX export, the API, the exhibition gallery and the press drafts
all read an edition's results from here, so they cannot disagree. Published means: a stage's
shortlist once `results_published_at` is set (withdrawn results left out), and every `Award` of the
edition (awards are created when they are decided).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from inovasi.awards.models import Award
from inovasi.competitions import funnel
from inovasi.competitions.models import Stage, StageResult
from inovasi.innovations.enums import EvidenceKind, InnovationStatus
from inovasi.innovations.models import Evidence, Innovation
from inovasi.judging.models import StageClosure
from inovasi.judging.ranking import RankingIntegrityError, frozen_ranking

MAX_QUERY_LENGTH = 100


@dataclass
class Entry:
    """One line of a published list: a proposal in a shortlist, or an award's recipient."""

    title: str
    label: str
    government: object
    agency: object | None
    innovation: object | None
    rank: int | None = None
    award: Award | None = None
    proposal_id: int | None = None
    # "didiskualifikasi pada … karena …": the frozen list keeps the entry, readers show this beside it.
    disqualification: str = ""

    @property
    def region_name(self) -> str:
        return self.government.region.name

    @property
    def public_innovation(self):
        """The innovation if the public catalog shows it (published), else None."""
        if self.innovation is not None and self.innovation.status == InnovationStatus.PUBLISHED:
            return self.innovation
        return None


@dataclass
class StageList:
    stage: Stage
    entries: list[Entry]
    integrity_error: str = ""  # the frozen ranking no longer matches its hash: nothing is shown

    @property
    def label(self) -> str:
        return self.stage.label or self.stage.name

    @property
    def published_at(self) -> datetime:
        return self.stage.results_published_at


@dataclass
class AwardGroup:
    label: object  # AwardLabel
    entries: list[Entry]

    @property
    def ceremonies(self) -> list:
        seen = {}
        for entry in self.entries:
            if entry.award.ceremony_id and entry.award.ceremony_id not in seen:
                seen[entry.award.ceremony_id] = entry.award.ceremony
        return list(seen.values())


@dataclass
class EditionResults:
    edition: object
    stages: list[StageList]
    awards: list[AwardGroup]
    query: str = ""
    words: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(s.entries or s.integrity_error for s in self.stages) and not any(g.entries for g in self.awards)

    @property
    def separate_stages(self) -> list[StageList]:
        """Stage lists to show on their own: a list whose proposals are exactly those of the award
        group of the same name (the "Top 30" stage and the "Top 30" awards) is shown once, as awards."""
        covered = {
            g.label.name: {e.proposal_id for e in g.entries}
            for g in self.awards
            if all(e.proposal_id for e in g.entries)
        }
        return [s for s in self.stages if covered.get(s.label) != {e.proposal_id for e in s.entries}]

    @property
    def entry_count(self) -> int:
        """Entries shown on the page (a stage list shown as awards counts once)."""
        return sum(len(s.entries) for s in self.separate_stages) + sum(len(g.entries) for g in self.awards)


def clean_query(raw: str | None) -> str:
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def _word_filter(words: list[str], prefix: str, name_field: str) -> Q:
    """Every word must match the name, the Pemda, its region or the agency."""
    condition = Q()
    for word in words:
        condition &= (
            Q(**{f"{name_field}__icontains": word})
            | Q(**{f"{prefix}innovation__name__icontains": word})
            | Q(**{f"{prefix}government__name__icontains": word})
            | Q(**{f"{prefix}government__region__name__icontains": word})
            | Q(**{f"{prefix}agency__name__icontains": word})
        )
    return condition


def published_stages(edition) -> list[Stage]:
    return list(edition.stages.filter(results_published_at__isnull=False).order_by("order", "pk"))


def edition_results(edition, query: str = "") -> EditionResults:
    """The edition's published shortlists (stage order) and its awards grouped by label.

    `query` keeps the entries whose name, Pemda, region or agency contains every word (case-insensitive).
    """
    query = clean_query(query)
    words = query.split()
    stages = published_stages(edition)
    results = (
        StageResult.objects.published()
        .filter(stage__in=stages)
        .filter(_word_filter(words, "proposal__", "proposal__title"))
        .select_related(
            "proposal",
            "proposal__innovation",
            "proposal__government",
            "proposal__government__region",
            "proposal__agency",
        )
        .order_by("stage__order", "rank", "proposal__title", "pk")
    )
    by_stage: dict[int, list[Entry]] = {stage.pk: [] for stage in stages}
    for result in results:
        proposal = result.proposal
        by_stage[result.stage_id].append(
            Entry(
                title=proposal.title,
                label=result.label,
                government=proposal.government,
                agency=proposal.agency,
                innovation=proposal.innovation,
                rank=result.rank,
                proposal_id=proposal.pk,
            )
        )
    frozen = frozen_lists(stages)
    stage_lists = []
    for stage in stages:
        for entry in by_stage[stage.pk]:
            entry.label = entry.label or stage.label or stage.name
        stage_list = StageList(stage, by_stage[stage.pk])
        if stage.pk in frozen:
            _follow_frozen(stage_list, frozen[stage.pk])
        stage_lists.append(stage_list)

    awards = (
        Award.objects.filter(label__edition=edition)
        .filter(_word_filter(words, "", "recipient_name"))
        .select_related("label", "ceremony", "innovation", "government", "government__region", "agency")
        .order_by("label__order", "label__name", "label_id", "rank", "recipient_name", "pk")
    )
    groups: list[AwardGroup] = []
    for award in awards:
        if not groups or groups[-1].label.pk != award.label_id:
            groups.append(AwardGroup(award.label, []))
        groups[-1].entries.append(
            Entry(
                title=award.innovation.name if award.innovation_id else award.recipient_name,
                label=award.label.name,
                government=award.government,
                agency=award.agency,
                innovation=award.innovation,
                rank=award.rank,
                award=award,
                proposal_id=award.proposal_id,
            )
        )
    _annotate_disqualifications([*stage_lists, *groups])
    return EditionResults(edition, stage_lists, groups, query, words)


def frozen_lists(stages) -> dict:
    """Stage id → the frozen advancing {proposal id: (rank, title)} of a judged stage, or the integrity
    error if its stored ranking no longer matches its hash (`judging.ranking` is the one reader)."""
    frozen = {}
    for closure in StageClosure.objects.filter(stage__in=stages, reopened_at__isnull=True).select_related("stage"):
        try:
            ranking = frozen_ranking(closure.stage, closure)
        except RankingIntegrityError as exc:
            frozen[closure.stage_id] = exc
        else:
            frozen[closure.stage_id] = {r.proposal_id: (r.rank, r.title) for r in ranking.rows if r.advances}
    return frozen


def _follow_frozen(stage_list: StageList, frozen) -> None:
    """A judged stage's list shows what its frozen record advanced, with its ranks and titles."""
    if isinstance(frozen, Exception):
        stage_list.entries, stage_list.integrity_error = [], str(frozen)
        return
    stage_list.entries = [e for e in stage_list.entries if e.proposal_id in frozen]
    for entry in stage_list.entries:
        entry.rank, entry.title = frozen[entry.proposal_id]
    stage_list.entries.sort(key=lambda e: (e.rank or 0, e.title, e.proposal_id))


def _annotate_disqualifications(lists) -> None:
    """Mark entries of disqualified proposals (one query); the published lists stay as they were."""
    entries = [entry for group in lists for entry in group.entries if entry.proposal_id]
    found = funnel.disqualifications({entry.proposal_id for entry in entries}) if entries else {}
    for entry in entries:
        if entry.proposal_id in found:
            entry.disqualification = found[entry.proposal_id].annotation


def export_header() -> list[str]:
    return [
        _("Bagian"),
        _("Label"),
        _("Peringkat"),
        _("Inovasi / penerima"),
        _("Perangkat daerah"),
        _("Pemerintah daerah"),
        _("Kode wilayah"),
        _("Diumumkan / ditetapkan"),
        _("Tautan inovasi"),
    ]


def export_rows(results: EditionResults, base_url: str) -> list[list]:
    """One row per entry: shortlists first (in stage order), then awards by label."""
    rows = []

    def link(entry):
        innovation = entry.public_innovation
        return base_url + reverse("public:innovation_detail", args=[innovation.pk]) if innovation else ""

    for stage_list in results.stages:
        day = timezone.localtime(stage_list.published_at).date().isoformat()
        for entry in stage_list.entries:
            rows.append(
                [
                    _("Daftar tahap"),
                    entry.label,
                    entry.rank or "",
                    entry.title,
                    entry.agency.name if entry.agency else "",
                    entry.government.name,
                    entry.government.region.code,
                    day,
                    link(entry),
                ]
            )
    for group in results.awards:
        for entry in group.entries:
            rows.append(
                [
                    _("Penghargaan"),
                    entry.label,
                    entry.rank or "",
                    entry.title,
                    entry.agency.name if entry.agency else "",
                    entry.government.name,
                    entry.government.region.code,
                    entry.award.awarded_on.isoformat(),
                    link(entry),
                ]
            )
    return rows


# --- Exhibition gallery -------------------------------------------------------------------------


@dataclass
class Slide:
    key: str
    name: str
    expansion: str
    region: str
    agency: str
    summary: str
    label: str
    photo_url: str | None
    initials: str

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "expansion": self.expansion,
            "region": self.region,
            "agency": self.agency,
            "summary": self.summary,
            "label": self.label,
            "photo": self.photo_url,
            "initials": self.initials,
        }


def initials(name: str) -> str:
    """ "STMJ SAKERA" → "SS"; "Bangga E-Lokal" → "BE"; up to two letters or digits."""
    letters = [word[0] for word in (w.strip("()\"'“”-.,") for w in name.split()) if word and word[0].isalnum()]
    return "".join(letters[:2]).upper() or "?"


def one_line(text: str, limit: int = 160) -> str:
    """The first sentence of `text`, cut to `limit` characters."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    cut = text.find(". ")
    first = text[: cut + 1] if cut != -1 else text
    return Truncator(first).chars(limit)


def _public_images():
    return Evidence.objects.filter(is_public=True, kind=EvidenceKind.FILE, content_type__startswith="image/").order_by(
        "created_at", "pk"
    )


def _public_photo(innovation) -> str | None:
    """The download URL of the first public image of a published innovation (served by the
    evidence download view, which checks the same rule), or None."""
    if innovation is None or innovation.status != InnovationStatus.PUBLISHED:
        return None
    images = getattr(innovation, "gallery_images", None)
    if images is None:
        images = list(_public_images().filter(innovation=innovation))
    image = next((e for e in images if e.file), None)
    return reverse("workspace:evidence_download", args=[image.pk]) if image else None


def gallery_slides(edition) -> list[Slide]:
    """The edition's finalists, one slide each: award recipients first (by label), then every other
    proposal of a published shortlist with the label of the furthest stage it reached. A disqualified
    proposal's label carries the annotation ("Top 90 — didiskualifikasi pada … karena …")."""
    results = edition_results(edition)
    innovation_ids = {e.innovation.pk for g in results.awards for e in g.entries if e.innovation}
    innovation_ids |= {e.innovation.pk for s in results.stages for e in s.entries if e.innovation}
    innovations = {
        i.pk: i
        for i in Innovation.objects.filter(pk__in=innovation_ids).prefetch_related(
            Prefetch("evidence", queryset=_public_images(), to_attr="gallery_images")
        )
    }

    def slide(key, entry):
        innovation = innovations.get(entry.innovation.pk) if entry.innovation else None
        return Slide(
            key=key,
            name=entry.title,
            expansion=innovation.acronym_expansion if innovation else "",
            region=entry.region_name,
            agency=entry.agency.name if entry.agency else "",
            summary=one_line(innovation.summary) if innovation else "",
            label=Truncator(f"{entry.label} — {entry.disqualification}").chars(160)
            if entry.disqualification
            else entry.label,
            photo_url=_public_photo(innovation),
            initials=initials(entry.title),
        )

    slides, shown = [], set()
    for group in results.awards:
        for entry in group.entries:
            slides.append(slide(f"award-{entry.award.pk}", entry))
            if entry.proposal_id:
                shown.add(entry.proposal_id)
    furthest: dict[int, tuple[Entry, StageList]] = {}
    for stage_list in results.stages:  # stage order: later stages overwrite earlier ones
        for entry in stage_list.entries:
            furthest[entry.proposal_id] = (entry, stage_list)
    for proposal_id, (entry, _stage_list) in sorted(
        furthest.items(), key=lambda item: (-item[1][1].stage.order, item[1][0].rank or 0, item[1][0].title)
    ):
        if proposal_id not in shown:
            slides.append(slide(f"proposal-{proposal_id}", entry))
    return slides
