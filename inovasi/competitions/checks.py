"""The rules a proposal must meet, each failure named by its rule so a Pemda knows what to fix.

`entry_failures` is what the submission refuses on (eligibility, caps, word limits, required
sections and attachments); `automatic_failures` adds what only the administrative check flags
(duplicate titles within the edition and in earlier editions of the same competition). Each
failure is a dict {"rule": code, "message": Indonesian sentence}, stored on the proposal when it
is returned.
"""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.competitions.enums import AttachmentKind, CapUnit
from inovasi.competitions.models import (
    NOT_RECEIVED_STATES,
    EditionInvitation,
    Proposal,
    StageResult,
)
from inovasi.competitions.words import count_chars, count_words, normalise_title
from inovasi.innovations.enums import InnovationStatus
from inovasi.organisations.enums import AgencyKind
from inovasi.regions.enums import RegionLevel


def failure(rule: str, message: str) -> dict:
    return {"rule": rule, "message": str(message)}


def _years_before(moment: date, years: int) -> date:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def _cached(edition, name, compute):
    """Per-instance cache of an edition's configuration, so a batch check reads it once."""
    cache = edition.__dict__.setdefault("_check_cache", {})
    if name not in cache:
        cache[name] = compute()
    return cache[name]


def government_in_scope(edition, government) -> bool:
    extra = _cached(edition, "extra", lambda: set(edition.extra_governments.values_list("pk", flat=True)))
    if edition.scope_region_id is None and not extra:
        return True
    region = government.region
    if edition.scope_region_id and (
        region.pk == edition.scope_region_id or region.parent_id == edition.scope_region_id
    ):
        return True
    return government.pk in extra


def eligibility_failures(*, edition, innovation, agency, group) -> list[dict]:
    """Who and what may enter: scope, agency kind, invitation, publication, years, earlier wins."""
    failures = []
    government = agency.government
    if not government_in_scope(edition, government):
        failures.append(
            failure(
                "scope",
                _("%(gov)s tidak termasuk cakupan peserta %(edition)s.") % {"gov": government, "edition": edition},
            )
        )
    if edition.agency_kinds and agency.kind not in edition.agency_kinds:
        failures.append(
            failure(
                "agency_kind",
                _("Jenis perangkat daerah %(kind)s tidak termasuk peserta edisi ini.")
                % {"kind": agency.get_kind_display()},
            )
        )
    if group.by_invitation and not EditionInvitation.objects.filter(group=group, government=government).exists():
        failures.append(
            failure("invitation", _("Kelompok %(group)s hanya untuk peserta yang diundang.") % {"group": group.name})
        )
    if innovation.status != InnovationStatus.PUBLISHED:
        failures.append(failure("published", _("Inovasi harus sudah terbit di katalog sebelum diikutkan.")))
    years = edition.min_years_implemented
    if years:
        deadline = timezone.localtime(edition.registration_closes_at).date()
        latest_start = _years_before(deadline, years)
        if innovation.started_on is None:
            failures.append(failure("implemented_years", _("Tanggal mulai penerapan inovasi belum diisi.")))
        elif innovation.started_on > latest_start:
            failures.append(
                failure(
                    "implemented_years",
                    _(
                        "Inovasi harus sudah diterapkan minimal %(years)s tahun pada batas akhir pengajuan "
                        "(mulai paling lambat %(date)s); inovasi ini mulai %(start)s."
                    )
                    % {
                        "years": years,
                        "date": latest_start.strftime("%d-%m-%Y"),
                        "start": innovation.started_on.strftime("%d-%m-%Y"),
                    },
                )
            )
    if group.forbids_previous_winners:
        won = (
            StageResult.objects.published()
            .filter(
                stage__is_award=True,
                proposal__innovation=innovation,
                stage__edition__competition_id=edition.competition_id,
            )
            .exclude(stage__edition=edition)
            .select_related("stage__edition")
            .first()
        )
        if won:
            failures.append(
                failure(
                    "previous_winner",
                    _(
                        "Inovasi ini sudah meraih %(label)s pada %(edition)s; "
                        "kelompok %(group)s tidak menerima pemenang sebelumnya."
                    )
                    % {"label": won.label, "edition": won.stage.edition, "group": group.name},
                )
            )
    return failures


def cap_unit_filter(unit: str, agency) -> dict | None:
    """Which proposals share the participant unit of `agency` for a cap, or None if it does not apply."""
    government = agency.government
    if unit == CapUnit.BUMD:
        return {"agency": agency} if agency.kind == AgencyKind.BUMD else None
    if agency.kind == AgencyKind.BUMD:
        return None  # a BUMD is counted only by BUMD caps
    if unit == CapUnit.GOVERNMENT:
        return {"government": government}
    if unit == CapUnit.REGENCY_CITY:
        return {"government": government} if government.region.level != RegionLevel.PROVINSI else None
    if unit == CapUnit.PROVINCIAL_AGENCY:
        if government.region.level != RegionLevel.PROVINSI:
            return None
        root = ([agency, *agency.ancestors()])[-1]
        ids = {root.pk} | root.descendant_ids()
        return {"agency_id__in": ids}
    return None


def cap_failures(proposal) -> list[dict]:
    failures = []
    edition = proposal.edition
    for cap in _cached(edition, "caps", lambda: list(edition.caps.select_related("group"))):
        if cap.group_id and cap.group_id != proposal.group_id:
            continue
        where = cap_unit_filter(cap.unit, proposal.agency)
        if where is None:
            continue
        others = Proposal.objects.filter(edition=proposal.edition, **where).exclude(state__in=NOT_RECEIVED_STATES)
        if cap.group_id:
            others = others.filter(group_id=cap.group_id)
        taken = others.exclude(pk=proposal.pk).count()
        if taken + 1 > cap.limit:
            scope = cap.get_unit_display() + (f" ({cap.group.name})" if cap.group_id else "")
            failures.append(
                failure(
                    "cap",
                    _("Batas kuota terlampaui: paling banyak %(limit)s proposal %(scope)s; sudah ada %(taken)s.")
                    % {"limit": cap.limit, "scope": scope, "taken": taken},
                )
            )
    return failures


def form_failures(proposal) -> list[dict]:
    """Word limits, required sections, the source innovation of a replication, required attachments."""
    failures = []
    answers = {a.section_id: a.text for a in proposal.answers.all()}
    for section in applicable_sections(proposal):
        text = answers.get(section.pk, "")
        words = count_words(text)
        if section.required and words == 0:
            failures.append(
                failure(
                    f"section_missing:{section.code}",
                    _("Bagian “%(title)s” wajib diisi.") % {"title": section.title},
                )
            )
        elif count_chars(text) > section.char_limit:
            failures.append(
                failure(
                    f"char_limit:{section.code}",
                    _("Bagian “%(title)s” berisi %(chars)s karakter; batasnya %(limit)s karakter.")
                    % {"title": section.title, "chars": count_chars(text), "limit": section.char_limit},
                )
            )
        elif words > section.word_limit:
            failures.append(
                failure(
                    f"word_limit:{section.code}",
                    _("Bagian “%(title)s” berisi %(words)s kata; batasnya %(limit)s kata.")
                    % {"title": section.title, "words": words, "limit": section.word_limit},
                )
            )
    if proposal.group.requires_source_innovation and not (
        proposal.source_innovation_id or proposal.source_description.strip()
    ):
        failures.append(
            failure("source_innovation", _("Proposal replikasi wajib menyebut inovasi sumber yang direplikasi."))
        )
    have = {a.requirement_id: a for a in proposal.attachments.all()}
    for requirement in applicable_attachments(proposal):
        attachment = have.get(requirement.pk)
        present = attachment and (attachment.url if requirement.kind == AttachmentKind.LINK else attachment.file)
        if requirement.required and not present:
            failures.append(
                failure(
                    f"attachment_missing:{requirement.code}",
                    _("Lampiran “%(title)s” belum diunggah.") % {"title": requirement.title},
                )
            )
    return failures


def applicable_sections(proposal):
    edition = proposal.edition
    sections = _cached(edition, "sections", lambda: list(edition.sections.all()))
    return [s for s in sections if s.group_id in (None, proposal.group_id)]


def applicable_attachments(proposal):
    edition = proposal.edition
    requirements = _cached(edition, "attachments", lambda: list(edition.attachment_requirements.all()))
    return [r for r in requirements if r.group_id in (None, proposal.group_id)]


def entry_failures(proposal, *, include_caps: bool = True) -> list[dict]:
    failures = eligibility_failures(
        edition=proposal.edition, innovation=proposal.innovation, agency=proposal.agency, group=proposal.group
    )
    if include_caps:
        failures += cap_failures(proposal)
    return failures + form_failures(proposal)


def title_index(edition) -> dict[str, list[dict]]:
    """Received proposals of this competition up to this edition's year, by normalised title.

    Built once per batch (one query), so checking 5,000 proposals is linear, not quadratic.
    """
    rows = (
        Proposal.objects.filter(edition__competition_id=edition.competition_id, edition__year__lte=edition.year)
        .exclude(state__in=NOT_RECEIVED_STATES)
        .values("pk", "title", "innovation_id", "edition_id", "edition__name", "edition__year", "government__name")
    )
    index: dict[str, list[dict]] = {}
    for row in rows:
        index.setdefault(normalise_title(row["title"]), []).append(row)
    return index


def duplicate_title_failures(proposal, index=None) -> list[dict]:
    """Another received proposal with the same normalised title, here or in an earlier edition.

    The same innovation entered again in a later year is not a duplicate.
    """
    edition = proposal.edition
    index = title_index(edition) if index is None else index
    failures = []
    for other in index.get(normalise_title(proposal.title), []):
        if other["pk"] == proposal.pk:
            continue
        if other["innovation_id"] == proposal.innovation_id and other["edition__year"] < edition.year:
            continue
        if other["edition_id"] == edition.pk:
            message = _("Judul sama dengan proposal lain di edisi ini (%(gov)s).") % {"gov": other["government__name"]}
        else:
            message = _("Judul sama dengan proposal di %(edition)s (%(gov)s).") % {
                "edition": other["edition__name"],
                "gov": other["government__name"],
            }
        failures.append(failure("duplicate_title", message))
    return failures


def automatic_failures(proposal, *, index=None) -> list[dict]:
    return entry_failures(proposal) + duplicate_title_failures(proposal, index)
