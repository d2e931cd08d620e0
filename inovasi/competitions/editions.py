"""Business verbs for setting up competitions and editions: from a preset or blank, and edits.

Each verb runs in one transaction and is audited. Weights of a stage's rubric must sum to 100.
"""

import calendar
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event, snapshot
from inovasi.competitions import funnel
from inovasi.competitions.models import (
    AttachmentRequirement,
    ChecklistItem,
    Competition,
    Criterion,
    Edition,
    EditionCategory,
    EditionGroup,
    EntryCap,
    FormSection,
    Stage,
)
from inovasi.competitions.presets import PRESETS
from inovasi.regions.models import Region

JAKARTA = ZoneInfo("Asia/Jakarta")


@transaction.atomic
def create_competition(*, body, name, short_name, description="", actor) -> Competition:
    competition = Competition(body=body, name=name.strip(), short_name=short_name.strip(), description=description)
    competition.full_clean()
    competition.save()
    record_event(actor=actor, action="competition.create", obj=competition, after={"name": competition.name})
    return competition


def _at(year: int, parts) -> datetime:
    month, day, hour, minute = parts
    if (month, day) == (2, 29) and not calendar.isleap(year):
        day = 28
    return datetime(year, month, day, hour, minute, tzinfo=JAKARTA)


def roll_to_year(moment: datetime, years: int) -> datetime:
    """The same month, day and time (Asia/Jakarta) `years` later; 29 February becomes the 28th."""
    local = moment.astimezone(JAKARTA)
    return _at(local.year + years, (local.month, local.day, local.hour, local.minute)).replace(
        second=local.second, microsecond=local.microsecond
    )


def validate_weights(criteria) -> None:
    """The weights of one stage's rubric must sum to exactly 100."""
    total = sum((Decimal(str(c.weight if hasattr(c, "weight") else c["weight"])) for c in criteria), Decimal(0))
    if criteria and total != Decimal(100):
        raise ValidationError(
            _("Jumlah bobot kriteria harus 100; sekarang %(total)s.")
            % {"total": f"{total.normalize():f}".replace(".", ",")},
            code="weights",
        )


def _stage_from_preset(edition, order: int, st: dict, groups: dict) -> Stage:
    """One preset stage with its rubric (criteria and anchors) and checklist."""
    validate_weights(st.get("criteria", []))
    stage = Stage.objects.create(
        edition=edition,
        order=order,
        kind=st["kind"],
        name=str(st["name"]),
        description=str(st.get("description", "")),
        duration_days=st.get("duration_days"),
        group=groups.get(st.get("group")),
        top_n=st.get("top_n"),
        passing_score=st.get("passing_score"),
        quotas=st.get("quotas", []),
        label=st.get("label", ""),
        is_award=st.get("is_award", False),
        narrows_previous=st.get("narrows_previous", True),
    )
    for i, c in enumerate(st.get("criteria", []), start=1):
        Criterion.objects.create(
            stage=stage,
            order=i,
            code=c["code"],
            name=str(c["name"]),
            weight=c["weight"],
            anchors=[{**band, "text": str(band["text"])} for band in c.get("anchors", [])],
        )
    for i, item in enumerate(st.get("checklist", []), start=1):
        ChecklistItem.objects.create(
            stage=stage,
            order=i,
            code=item["code"],
            text=str(item["text"]),
            attachment_codes=item.get("attachment_codes", []),
            covers_form=item.get("covers_form", False),
        )
    return stage


@transaction.atomic
def create_edition_from_preset(
    *, preset: str | dict, body, year: int, actor, competition=None, name: str = ""
) -> Edition:
    """Copy a preset (`presets.PRESETS` key or dict) into a new edition of `body`'s competition.

    Creates the competition if `body` has none with the preset's short name. Everything created is
    ordinary data the organizer edits afterwards; the edition starts unpublished.
    """
    data = PRESETS[preset] if isinstance(preset, str) else preset
    if competition is None:
        competition = Competition.objects.filter(body=body, short_name=data["competition"]["short_name"]).first()
    if competition is None:
        competition = create_competition(body=body, actor=actor, **{k: str(v) for k, v in data["competition"].items()})
    if competition.body_id != body.pk:
        raise ValidationError(_("Kompetisi ini milik penyelenggara lain."))
    if Edition.objects.filter(competition=competition, year=year).exists():
        raise ValidationError({"year": _("Edisi %(year)s sudah ada untuk %(c)s.") % {"year": year, "c": competition}})
    scope = Region.objects.get(code=data["scope_province"]) if data.get("scope_province") else None
    edition = Edition.objects.create(
        competition=competition,
        year=year,
        name=name.strip() or data["edition_name"].format(year=year),
        preset=data["key"],
        scope_region=scope,
        agency_kinds=list(data.get("agency_kinds", [])),
        min_years_implemented=data.get("min_years_implemented", 1),
        registration_opens_at=_at(year, data["registration"]["opens"]),
        registration_closes_at=_at(year, data["registration"]["closes"]),
    )
    groups = {}
    for order, g in enumerate(data["groups"], start=1):
        groups[g["code"]] = EditionGroup.objects.create(
            edition=edition,
            order=order,
            code=g["code"],
            name=str(g["name"]),
            by_invitation=g.get("by_invitation", False),
            requires_source_innovation=g.get("requires_source_innovation", False),
            forbids_previous_winners=g.get("forbids_previous_winners", False),
        )
    for order, c in enumerate(data["categories"], start=1):
        EditionCategory.objects.create(edition=edition, order=order, code=c["code"], name=str(c["name"]))
    for cap in data["caps"]:
        EntryCap.objects.create(
            edition=edition, unit=cap["unit"], group=groups.get(cap.get("group")), limit=cap["limit"]
        )
    for order, s in enumerate(data["sections"], start=1):
        FormSection.objects.create(
            edition=edition,
            order=order,
            code=s["code"],
            title=str(s["title"]),
            guidance=str(s.get("guidance", "")),
            word_limit=s["word_limit"],
            group=groups.get(s.get("group")),
            prefill_from=s.get("prefill_from", ""),
            required=s.get("required", True),
        )
    for order, a in enumerate(data["attachments"], start=1):
        AttachmentRequirement.objects.create(
            edition=edition,
            order=order,
            code=a["code"],
            title=str(a["title"]),
            kind=a["kind"],
            max_bytes=a.get("max_bytes", 1024 * 1024),
            group=groups.get(a.get("group")),
            required=a.get("required", True),
        )
    for order, st in enumerate(data["stages"], start=1):
        _stage_from_preset(edition, order, st, groups)
    record_event(
        actor=actor, action="edition.create_from_preset", obj=edition, after={"preset": data["key"], "year": year}
    )
    return edition


# A stage's fields that decide who advances: frozen once the stage is closed.
STAGE_DECIDING_FIELDS = ("kind", "group", "top_n", "passing_score", "quotas")


def _stage_is_closed(stage) -> bool:
    # `closures` is judging's frozen ranking (reverse relation): competitions does not import judging.
    return stage.closures.filter(reopened_at__isnull=True).exists()


@transaction.atomic
def save_config(*, instance, actor):
    """Create or update one piece of an edition's configuration (a stage, section, cap, …).

    The audit event holds the before and after values of every changed field. A stage's
    advancement rule (top N, passing score, quotas, group, kind) is refused once the stage is closed.
    """
    creating = instance.pk is None
    instance.full_clean()
    names = [f.name for f in instance._meta.concrete_fields if f.name != "id"]
    before, after = {}, snapshot(instance, names)
    if not creating:
        stored = snapshot(type(instance).objects.get(pk=instance.pk), names)
        changed = [name for name in names if stored[name] != after[name]]
        before, after = {n: stored[n] for n in changed}, {n: after[n] for n in changed}
        if isinstance(instance, Stage) and set(changed) & set(STAGE_DECIDING_FIELDS) and _stage_is_closed(instance):
            raise ValidationError(
                _(
                    "Hasil tahap ini sudah ditetapkan; aturan lolos dan kuotanya tidak dapat diubah lagi. "
                    "Buka kembali tahap dengan alasan bila memang perlu."
                )
            )
    if isinstance(instance, Stage) and (problem := funnel.widening_problem(instance)):
        raise ValidationError({"top_n": problem})
    instance.save()
    label = instance._meta.model_name
    record_event(
        actor=actor,
        action=f"{label}.{'create' if creating else 'update'}",
        obj=instance,
        before=before or None,
        after={"str": str(instance), **after},
    )
    return instance


@transaction.atomic
def delete_config(*, instance, actor):
    label = instance._meta.model_name
    try:
        with transaction.atomic():
            names = [f.name for f in instance._meta.concrete_fields if f.name != "id"]
            before = {"str": str(instance), **snapshot(instance, names)}
            record_event(actor=actor, action=f"{label}.delete", obj=instance, before=before)
            instance.delete()
    except ProtectedError as exc:
        raise ValidationError(_("Tidak dapat dihapus karena sudah dipakai oleh proposal.")) from exc


RUBRIC_AUDITED = ("code", "name", "weight", "scale_min", "scale_max")


@transaction.atomic
def save_rubric(*, stage, rows: list[dict], actor) -> list[Criterion]:
    """Replace a stage's criteria with `rows` (code, name, weight, scale_min, scale_max, guidance).

    Refused as a whole if the weights do not sum to 100 or a row is invalid.
    """
    if stage.scorecards.exists():  # judging's scorecards (reverse relation)
        raise ValidationError(
            _(
                "Rubrik tahap ini tidak dapat diubah karena juri sudah mulai menilai dengannya. "
                "Mengubah kriteria atau bobot sekarang akan mengubah arti nilai yang sudah masuk."
            )
        )
    if _stage_is_closed(stage):
        raise ValidationError(_("Hasil tahap ini sudah ditetapkan; rubriknya tidak dapat diubah lagi."))
    validate_weights(rows)
    codes = [r["code"] for r in rows]
    if len(codes) != len(set(codes)):
        raise ValidationError(_("Kode kriteria harus berbeda satu sama lain."))
    before = list(stage.criteria.values(*RUBRIC_AUDITED))
    stage.criteria.exclude(code__in=codes).delete()
    saved = []
    for order, row in enumerate(rows, start=1):
        criterion, _created = Criterion.objects.update_or_create(
            stage=stage, code=row["code"], defaults={**{k: v for k, v in row.items() if k != "code"}, "order": order}
        )
        criterion.full_clean()
        saved.append(criterion)
    record_event(
        actor=actor,
        action="stage.save_rubric",
        obj=stage,
        before={"criteria": before},
        after={"criteria": [{name: getattr(c, name) for name in RUBRIC_AUDITED} for c in saved]},
    )
    return saved


@transaction.atomic
def create_blank_edition(*, competition, year: int, actor, name: str = "") -> Edition:
    """An edition with nothing configured but a registration window the organizer then edits."""
    if Edition.objects.filter(competition=competition, year=year).exists():
        raise ValidationError({"year": _("Edisi %(year)s sudah ada untuk %(c)s.") % {"year": year, "c": competition}})
    edition = Edition.objects.create(
        competition=competition,
        year=year,
        name=name.strip() or f"{competition.short_name} {year}",
        registration_opens_at=_at(year, (1, 1, 0, 0)),
        registration_closes_at=_at(year, (12, 31, 23, 59)),
    )
    EditionGroup.objects.create(edition=edition, code="umum", name=_("Umum"), order=1)
    record_event(actor=actor, action="edition.create", obj=edition, after={"year": year})
    return edition


EDITION_AUDIT_FIELDS = [
    "name",
    "year",
    "scope_region",
    "agency_kinds",
    "min_years_implemented",
    "registration_opens_at",
    "registration_closes_at",
    "is_published",
]


EDITION_M2M_FIELDS = ("extra_governments",)


def _edition_state(edition: Edition) -> dict:
    state = snapshot(edition, EDITION_AUDIT_FIELDS)
    state["extra_governments"] = sorted(edition.extra_governments.values_list("pk", flat=True))
    return state


@transaction.atomic
def update_edition(*, edition, values: dict, actor) -> Edition:
    """Change an edition's scope, timeline and publication from checked `values` (a form's
    cleaned data: field name → value; `extra_governments` a list of Governments).

    Refuses a second edition of one competition in one year. Audited `edition.update` with the
    before and after value of every changed field.
    """
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    before = _edition_state(edition)
    years = values["year"] - edition.year if values.get("year") else 0
    values = _rolled(edition, values, years)
    for name, value in values.items():
        if name not in EDITION_M2M_FIELDS:
            setattr(edition, name, value)
    edition.validate_constraints()  # one edition per competition and year (the form checks it too)
    edition.save()
    if "extra_governments" in values:
        edition.extra_governments.set(values["extra_governments"] or [])
    after = _edition_state(edition)
    changed = [name for name in after if before[name] != after[name]]
    windows_before, windows_after = _roll_stage_windows(edition, years)
    before, after = {n: before[n] for n in changed}, {n: after[n] for n in changed}
    if windows_after:
        before["stage_windows"], after["stage_windows"] = windows_before, windows_after
    record_event(actor=actor, action="edition.update", obj=edition, before=before, after=after)
    return edition


ROLLED_FIELDS = ("registration_opens_at", "registration_closes_at")


def _rolled(edition, values: dict, years: int) -> dict:
    """When the year changes, the registration dates the organizer left as they were move along
    with it (KIPP 2026 opened 16 March 2026; moved to 2027, it opens 16 March 2027)."""
    if not years:
        return values
    values = dict(values)
    for name in ROLLED_FIELDS:
        stored = getattr(edition, name)
        if values.get(name, stored) == stored and stored is not None:
            values[name] = roll_to_year(stored, years)
    return values


def _roll_stage_windows(edition, years: int) -> tuple[dict, dict]:
    """Move the windows of the edition's stages whose results are not yet published by `years`.
    Returns their before and after values (stage pk → [opens, closes]) for the audit event."""
    if not years:
        return {}, {}
    before, after = {}, {}
    stages = Stage.objects.select_for_update().filter(edition=edition, results_published_at__isnull=True)
    for stage in stages.exclude(opens_at__isnull=True, closes_at__isnull=True):
        if _stage_is_closed(stage):
            continue
        before[str(stage.pk)] = [stage.opens_at, stage.closes_at]
        stage.opens_at = roll_to_year(stage.opens_at, years) if stage.opens_at else None
        stage.closes_at = roll_to_year(stage.closes_at, years) if stage.closes_at else None
        stage.save(update_fields=["opens_at", "closes_at"])
        after[str(stage.pk)] = [stage.opens_at, stage.closes_at]
    return before, after
