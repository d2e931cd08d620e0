"""Consistency of a methodology: refused with clear Indonesian messages when it does not add up."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inovasi.formats.display import format_number
from inovasi.innovation_index.enums import IndicatorScope
from inovasi.innovation_index.models import IndexAspect, IndexIndicator, IndexParameterOption

TOLERANCE = Decimal("0.01")


def indicators_of(framework) -> list[IndexIndicator]:
    """The framework's indicators with their variable, aspect and options (two queries)."""
    return list(
        IndexIndicator.objects.filter(framework=framework)
        .select_related("variable", "variable__aspect")
        .prefetch_related(Prefetch("options", queryset=IndexParameterOption.objects.order_by("value")))
        .order_by("number")
    )


def indicator_max_points(indicator, framework) -> Decimal:
    if indicator.scope == IndicatorScope.COUNT:
        return Decimal(framework.count_cap) * Decimal(framework.count_factor)
    values = [o.value for o in indicator.options.all()]
    return Decimal(indicator.weight) * (max(values) if values else 0)


def achievable_maximum(framework, indicators=None) -> Decimal:
    indicators = indicators if indicators is not None else indicators_of(framework)
    return sum((indicator_max_points(i, framework) for i in indicators), Decimal(0))


# The framework's own settings that can be wrong: each fault and the message shown for it.
_SETTING_FAULTS = (
    (
        lambda f: f.reporting_year_from > f.reporting_year_to,
        gettext_lazy("Tahun awal pelaporan inovasi tidak boleh sesudah tahun akhirnya."),
    ),
    (
        lambda f: f.submission_opens_at >= f.submission_closes_at,
        gettext_lazy("Masa pengisian harus dibuka sebelum ditutup."),
    ),
    (lambda f: f.divisor_min < 1, gettext_lazy("Pembagi minimum d pada MAX(d, n) harus paling sedikit 1.")),
    (
        lambda f: f.parameter_min > f.parameter_max,
        gettext_lazy("Nilai parameter terendah tidak boleh lebih besar dari nilai tertinggi."),
    ),
    (
        lambda f: f.count_min_basic_affairs > 6,
        gettext_lazy("Jumlah minimal urusan pelayanan dasar tidak boleh lebih dari 6."),
    ),
)


def check_framework(framework) -> None:
    """Raise ValidationError listing every inconsistency of `framework` (nothing is changed)."""
    indicators = indicators_of(framework)
    achievable = achievable_maximum(framework, indicators)
    errors = [
        *_threshold_errors(framework),
        *(str(message) for fault, message in _SETTING_FAULTS if fault(framework)),
        *_indicator_errors(framework, indicators),
        *_max_score_errors(framework, achievable),
        *_aspect_errors(framework, indicators, achievable),
    ]
    if errors:
        raise ValidationError(errors)


def _threshold_errors(framework) -> list[str]:
    low, mid, high = (
        Decimal(framework.threshold_kurang_inovatif),
        Decimal(framework.threshold_inovatif),
        Decimal(framework.threshold_sangat_inovatif),
    )
    if Decimal(0) < low < mid < high <= Decimal(100):
        return []
    return [
        _(
            "Batas predikat harus naik: 0 < Kurang Inovatif (%(low)s) < Inovatif (%(mid)s) < "
            "Sangat Inovatif (%(high)s) ≤ 100."
        )
        % {"low": format_number(low), "mid": format_number(mid), "high": format_number(high)}
    ]


def _indicator_errors(framework, indicators) -> list[str]:
    errors: list[str] = []
    count_indicators = [i for i in indicators if i.scope == IndicatorScope.COUNT]
    if len(count_indicators) > 1:
        errors.append(_("Hanya boleh ada satu indikator jumlah inovasi."))
    if Decimal(framework.count_factor) > 0 and not count_indicators:
        errors.append(_("Skor jumlah inovasi memerlukan satu indikator jumlah inovasi."))
    for indicator in indicators:
        if indicator.scope != IndicatorScope.COUNT:
            errors += _option_errors(framework, indicator)
    return errors


def _option_errors(framework, indicator) -> list[str]:
    errors: list[str] = []
    options = list(indicator.options.all())
    if not options:
        errors.append(_("Indikator %(number)s belum memiliki pilihan parameter.") % {"number": indicator.number})
    if indicator.weight <= 0:
        errors.append(_("Bobot indikator %(number)s harus lebih dari 0.") % {"number": indicator.number})
    for option in options:
        if not framework.parameter_min <= option.value <= framework.parameter_max:
            errors.append(
                _(
                    "Nilai parameter %(value)s pada indikator %(number)s di luar rentang yang diizinkan "
                    "(%(min)s–%(max)s)."
                )
                % {
                    "value": option.value,
                    "number": indicator.number,
                    "min": framework.parameter_min,
                    "max": framework.parameter_max,
                }
            )
    return errors


def _max_score_errors(framework, achievable: Decimal) -> list[str]:
    if abs(achievable - Decimal(framework.max_score)) <= TOLERANCE:
        return []
    return [
        _("Skor maksimum %(declared)s tidak sama dengan maksimum yang dapat dicapai %(achievable)s.")
        % {"declared": format_number(framework.max_score), "achievable": format_number(achievable)}
    ]


def _aspect_errors(framework, indicators, achievable: Decimal) -> list[str]:
    """The aspects' weights add up to 100 % and each matches its indicators' share of the maximum."""
    errors: list[str] = []
    aspects = list(IndexAspect.objects.filter(framework=framework).order_by("order"))
    total_percent = sum((a.weight_percent for a in aspects), Decimal(0))
    if aspects and abs(total_percent - 100) > TOLERANCE:
        errors.append(
            _("Jumlah bobot aspek harus 100 %% (sekarang %(sum)s %%).") % {"sum": format_number(total_percent)}
        )
    if achievable <= 0:
        return errors
    per_aspect: dict[int, Decimal] = {}
    for indicator in indicators:
        aspect_id = indicator.variable.aspect_id
        per_aspect[aspect_id] = per_aspect.get(aspect_id, Decimal(0)) + indicator_max_points(indicator, framework)
    for aspect in aspects:
        share = (per_aspect.get(aspect.pk, Decimal(0)) / achievable * 100).quantize(TOLERANCE)
        if abs(share - aspect.weight_percent) > TOLERANCE:
            errors.append(
                _(
                    "Bobot aspek %(name)s (%(declared)s %%) tidak sesuai dengan poin maksimum "
                    "indikatornya (%(share)s %%)."
                )
                % {
                    "name": aspect.name,
                    "declared": format_number(aspect.weight_percent),
                    "share": format_number(share),
                }
            )
    return errors
