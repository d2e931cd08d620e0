"""Business verbs of press releases: generate a draft from the data, edit it, refresh its numbers,
publish and withdraw it.

Each verb runs in one transaction and writes one audit event. Edits carry the `version` the editor
started from; if someone saved in between, the edit is refused instead of silently overwriting
theirs (optimistic locking). State changes go through `transition` and its table.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event
from inovasi.audit.transitions import transition as move
from inovasi.press import drafting
from inovasi.press.enums import PRESS_MACHINE, PressState
from inovasi.press.models import PressKind, PressRelease

S = PressState
K = PressKind

MIN_YEAR, MAX_YEAR = 2000, 2100


def _targets(*, kind, edition=None, award=None, government=None, year=None, compare_year=None) -> dict:
    """The target fields a release of `kind` keeps, checked; bad input raises ValidationError per field."""
    if kind == K.EDITION_RESULTS:
        if edition is None:
            raise ValidationError({"edition": _("Pilih edisi kompetisi.")})
        return {"edition": edition, "government": government, "award": None, "year": None, "compare_year": None}
    if kind == K.AWARD:
        if award is None:
            raise ValidationError({"award": _("Pilih penghargaan.")})
        return {
            "edition": award.label.edition,
            "award": award,
            "government": award.government,
            "year": None,
            "compare_year": None,
        }
    if kind == K.REGION_YEAR:
        errors = {}
        if government is None:
            errors["government"] = _("Pilih pemerintah daerah.")
        if year is None or not MIN_YEAR <= year <= MAX_YEAR:
            errors["year"] = _("Isi tahun antara %(min)s dan %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}
        if compare_year is not None and year is not None and compare_year >= year:
            errors["compare_year"] = _("Tahun pembanding harus sebelum tahun yang diberitakan.")
        if errors:
            raise ValidationError(errors)
        return {"government": government, "year": year, "compare_year": compare_year, "edition": None, "award": None}
    raise ValidationError({"kind": _("Jenis siaran pers tidak dikenal.")})


def draft_for(*, kind, edition=None, award=None, government=None, year=None, compare_year=None) -> drafting.Draft:
    """Compute a fresh draft for these targets (nothing is saved)."""
    if kind == K.EDITION_RESULTS:
        return drafting.draft_edition_results(edition, government)
    if kind == K.AWARD:
        return drafting.draft_award(award)
    return drafting.draft_region_year(government, year, compare_year)


def _snapshot(release) -> dict:
    return {"title": release.title, "lead": release.lead, "body": release.body, "state": release.state}


@transaction.atomic
def generate_release(*, kind, actor, edition=None, award=None, government=None, year=None, compare_year=None):
    """Write a new draft from the current data. Side effects: one PressRelease (draft), one audit event."""
    targets = _targets(
        kind=kind, edition=edition, award=award, government=government, year=year, compare_year=compare_year
    )
    draft = draft_for(kind=kind, **targets)
    release = PressRelease.objects.create(
        kind=kind,
        **targets,
        title=draft.title[:200],
        lead=draft.lead,
        body=draft.body,
        figures=draft.figures,
        generated_at=timezone.now(),
        created_by=actor if getattr(actor, "pk", None) else None,
        updated_by=actor if getattr(actor, "pk", None) else None,
    )
    record_event(
        actor=actor,
        action="press.generate",
        obj=release,
        after={"kind": kind, "figures": {f["key"]: f["value"] for f in release.figures}},
    )
    return release


def _locked(release, version) -> PressRelease:
    locked = PressRelease.objects.select_for_update().get(pk=release.pk)
    if version is not None and int(version) != locked.version:
        raise ValidationError(
            _("Siaran pers ini sudah diubah orang lain sejak Anda membukanya. Muat ulang halaman lalu ulangi."),
            code="stale",
        )
    return locked


@transaction.atomic
def update_release(*, release, actor, title: str, lead: str, body: str, version: int) -> PressRelease:
    """Save the editor's text of a draft. Refused when published or when `version` is stale."""
    title, lead, body = (title or "").strip(), (lead or "").strip(), (body or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Judul wajib diisi.")
    elif len(title) > 200:
        errors["title"] = _("Judul paling banyak 200 karakter.")
    if not lead:
        errors["lead"] = _("Teras berita wajib diisi.")
    if errors:
        raise ValidationError(errors)
    locked = _locked(release, version)
    if locked.state != S.DRAFT:
        raise ValidationError(_("Tarik siaran pers ini dari publikasi sebelum mengubahnya."), code="published")
    before = _snapshot(locked)
    locked.title, locked.lead, locked.body = title, lead, body
    locked.updated_by = actor if getattr(actor, "pk", None) else None
    locked.version = F("version") + 1
    locked.save(update_fields=["title", "lead", "body", "updated_by", "updated_at", "version"])
    locked.refresh_from_db()
    record_event(actor=actor, action="press.edit", obj=locked, before=before, after=_snapshot(locked))
    return locked


@transaction.atomic
def regenerate_release(*, release, actor, version: int) -> PressRelease:
    """Recompute a draft from today's data, replacing its text and figures (the editor's changes
    are lost, which the page says before asking). Drafts only."""
    locked = _locked(release, version)
    if locked.state != S.DRAFT:
        raise ValidationError(_("Hanya draf yang dapat dihitung ulang dari data."), code="published")
    if locked.kind == K.AWARD and locked.award is None:
        raise ValidationError(_("Penghargaan yang diberitakan sudah dihapus; draf tidak dapat dihitung ulang."))
    draft = draft_for(
        kind=locked.kind,
        edition=locked.edition,
        award=locked.award,
        government=locked.government,
        year=locked.year,
        compare_year=locked.compare_year,
    )
    before = {**_snapshot(locked), "figures": {f["key"]: f["value"] for f in locked.figures}}
    locked.title, locked.lead, locked.body, locked.figures = draft.title[:200], draft.lead, draft.body, draft.figures
    locked.generated_at = timezone.now()
    locked.updated_by = actor if getattr(actor, "pk", None) else None
    locked.version = F("version") + 1
    locked.save(
        update_fields=["title", "lead", "body", "figures", "generated_at", "updated_by", "updated_at", "version"]
    )
    locked.refresh_from_db()
    after = {**_snapshot(locked), "figures": {f["key"]: f["value"] for f in locked.figures}}
    record_event(actor=actor, action="press.regenerate", obj=locked, before=before, after=after)
    return locked


def transition(release: PressRelease, to: str, *, actor) -> PressRelease:
    """Move a (locked) release to `to` if the table allows it. Must run inside the caller's
    transaction. Side effects: saves state, published_at, version; writes one audit event."""
    before = {"published_at": release.published_at}
    published_at = timezone.now() if to == S.PUBLISHED else None
    move(
        release,
        to,
        machine=PRESS_MACHINE,
        actor=actor,
        changes={
            "published_at": published_at,
            "updated_by": actor if getattr(actor, "pk", None) else None,
            "version": F("version") + 1,
        },
        before=before,
        after={"published_at": published_at, "title": release.title},
    )
    release.refresh_from_db()
    return release


@transaction.atomic
def publish_release(*, release, actor, version: int | None = None) -> PressRelease:
    """Publish the draft the organizer previewed (`version`) on the public news page."""
    return transition(_locked(release, version), S.PUBLISHED, actor=actor)


@transaction.atomic
def unpublish_release(*, release, actor, version: int | None = None) -> PressRelease:
    """Take a release off the public news page; it becomes an editable draft again."""
    return transition(_locked(release, version), S.DRAFT, actor=actor)
