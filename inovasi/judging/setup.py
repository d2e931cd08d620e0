"""Changing how a stage is judged: one audited service, refused once the stage is closed.

The jury settings (k, aggregation, trim fraction, anonymity, tie-breaks) decide the outcome, so
they change only here: in one transaction, with an audit event holding the before and after values
of what changed, and never on a closed stage (reopen it with a reason first). A trimmed mean that
would trim nothing at the chosen k is refused with the arithmetic, so the organizer is never told
"trimmed mean" while the plain mean is computed.
"""

import math
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event
from inovasi.competitions.models import Stage
from inovasi.judging.models import Aggregation
from inovasi.judging.stages import is_frozen, settings_for

SETTING_FIELDS = ("jurors_per_proposal", "aggregation", "trim_fraction", "anonymise", "tie_breaks")


def _plain(value):
    return f"{value:.2f}" if isinstance(value, Decimal) else value


def _fraction(value) -> Decimal:
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise ValidationError({"trim_fraction": _("Porsi pangkas harus berupa angka, misalnya 0,25.")}) from exc


def check_trim(k: int, aggregation: str, trim_fraction) -> None:
    """Refuse a trimmed mean that trims nothing (or everything) with k totals per proposal."""
    if aggregation != Aggregation.TRIMMED_MEAN:
        return
    fraction = float(trim_fraction)
    cut = int(k * fraction)  # exactly what `aggregation.trimmed_mean` cuts per side
    shown = f"{Decimal(str(trim_fraction)) * 100:.0f} %"  # the organizer types the share as a percent
    if cut == 0:
        minimum = f"{math.ceil(100 / k)} %" if k else "-"
        raise ValidationError(
            {
                "trim_fraction": _(
                    "Rata-rata terpangkas dengan k = %(k)s dan porsi %(f)s tidak memangkas apa pun: "
                    "%(k)s × %(f)s dibulatkan ke bawah = 0 nilai per sisi, sehingga hasilnya sama dengan "
                    "rata-rata biasa. Naikkan porsi menjadi minimal %(min)s, naikkan k, atau pilih rata-rata."
                )
                % {"k": k, "f": shown, "min": minimum}
            }
        )
    if 2 * cut >= k:
        raise ValidationError(
            {
                "trim_fraction": _(
                    "Rata-rata terpangkas dengan k = %(k)s dan porsi %(f)s membuang semua nilai. "
                    "Pilih porsi di bawah 50 %%."
                )
                % {"k": k, "f": shown}
            }
        )


def check_tie_breaks(stage, rules: list[str]) -> None:
    codes = set(stage.criteria.values_list("code", flat=True))
    for rule in rules:
        if rule != "submitted_at" and not (rule.startswith("criterion:") and rule.split(":", 1)[1] in codes):
            raise ValidationError({"tie_breaks": _("Pemecah nilai seri “%(rule)s” tidak dikenal.") % {"rule": rule}})


@transaction.atomic
def update_judging_settings(*, stage, actor, **changes):
    """Change some of `SETTING_FIELDS` of the stage's judging settings.

    Refused on a closed stage and for a trimmed mean that trims nothing. Writes the audit event
    `stage.judging_settings` with the before and after values of the fields that changed (none if
    nothing changed). Returns the saved `StageJudging`.
    """
    unknown = set(changes) - set(SETTING_FIELDS)
    if unknown:
        raise TypeError(f"Not a judging setting: {', '.join(sorted(unknown))}")
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    if is_frozen(stage):
        raise ValidationError(
            _(
                "Hasil tahap ini sudah ditetapkan; pengaturan penjurian tidak dapat diubah lagi. "
                "Buka kembali tahap dengan alasan bila memang perlu."
            )
        )
    judging = settings_for(stage)
    judging.trim_fraction = _fraction(judging.trim_fraction)  # a fresh row holds the float default
    before = {name: _plain(getattr(judging, name)) for name in SETTING_FIELDS}
    for name, value in changes.items():
        if name == "tie_breaks":
            value = list(value)
        elif name == "trim_fraction":
            value = _fraction(value)
        setattr(judging, name, value)
    check_tie_breaks(stage, judging.tie_breaks or [])
    check_trim(judging.jurors_per_proposal, judging.aggregation, judging.trim_fraction)
    judging.full_clean(exclude=["stage"])
    after = {name: _plain(getattr(judging, name)) for name in SETTING_FIELDS}
    changed = [name for name in SETTING_FIELDS if before[name] != after[name]]
    if not changed:
        return judging
    judging.save()
    record_event(
        actor=actor,
        action="stage.judging_settings",
        obj=stage,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    return judging
