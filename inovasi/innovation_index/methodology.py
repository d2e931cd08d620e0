"""Consistency of a methodology: refused with clear Indonesian messages when it does not add up."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _

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


def check_framework(framework) -> None:
    """Raise ValidationError listing every inconsistency of `framework` (nothing is changed)."""
    errors: list[str] = []
    low, mid, high = (
        Decimal(framework.threshold_kurang_inovatif),
        Decimal(framework.threshold_inovatif),
        Decimal(framework.threshold_sangat_inovatif),
    )
    if not (Decimal(0) < low < mid < high <= Decimal(100)):
        errors.append(
            _(
                "Batas predikat harus naik: 0 < Kurang Inovatif (%(low)s) < Inovatif (%(mid)s) < "
                "Sangat Inovatif (%(high)s) ≤ 100."
            )
            % {"low": format_number(low), "mid": format_number(mid), "high": format_number(high)}
        )
    if framework.reporting_year_from > framework.reporting_year_to:
        errors.append(_("Tahun awal pelaporan inovasi tidak boleh sesudah tahun akhirnya."))
    if framework.submission_opens_at >= framework.submission_closes_at:
        errors.append(_("Masa pengisian harus dibuka sebelum ditutup."))
    if framework.divisor_min < 1:
        errors.append(_("Pembagi minimum d pada MAX(d, n) harus paling sedikit 1."))
    if framework.parameter_min > framework.parameter_max:
        errors.append(_("Nilai parameter terendah tidak boleh lebih besar dari nilai tertinggi."))
    if framework.count_min_basic_affairs > 6:
        errors.append(_("Jumlah minimal urusan pelayanan dasar tidak boleh lebih dari 6."))

    indicators = indicators_of(framework)
    count_indicators = [i for i in indicators if i.scope == IndicatorScope.COUNT]
    if len(count_indicators) > 1:
        errors.append(_("Hanya boleh ada satu indikator jumlah inovasi."))
    if Decimal(framework.count_factor) > 0 and not count_indicators:
        errors.append(_("Skor jumlah inovasi memerlukan satu indikator jumlah inovasi."))
    for indicator in indicators:
        if indicator.scope == IndicatorScope.COUNT:
            continue
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

    achievable = achievable_maximum(framework, indicators)
    if abs(achievable - Decimal(framework.max_score)) > TOLERANCE:
        errors.append(
            _("Skor maksimum %(declared)s tidak sama dengan maksimum yang dapat dicapai %(achievable)s.")
            % {"declared": format_number(framework.max_score), "achievable": format_number(achievable)}
        )

    aspects = list(IndexAspect.objects.filter(framework=framework).order_by("order"))
    total_percent = sum((a.weight_percent for a in aspects), Decimal(0))
    if aspects and abs(total_percent - 100) > TOLERANCE:
        errors.append(
            _("Jumlah bobot aspek harus 100 %% (sekarang %(sum)s %%).") % {"sum": format_number(total_percent)}
        )
    if achievable > 0:
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
    if errors:
        raise ValidationError(errors)
