"""Presets load as consistent data; inconsistent methodologies are refused with Indonesian messages."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from inovasi.audit.models import AuditEvent
from inovasi.innovation_index import services
from inovasi.innovation_index.enums import IndicatorScope
from inovasi.innovation_index.methodology import achievable_maximum
from inovasi.innovation_index.models import IndexAspect, IndexFramework, IndexIndicator
from inovasi.innovation_index.presets import load_preset


def _totals(framework):
    indicators = IndexIndicator.objects.filter(framework=framework)
    return {
        scope: indicators.filter(scope=scope).count()
        for scope in (IndicatorScope.REGION, IndicatorScope.INNOVATION, IndicatorScope.COUNT)
    }


def test_the_2023_preset_has_2_aspects_8_variables_and_36_indicators(cast):
    framework = load_preset("iid-2023", body=cast.body)
    assert framework.aspects.count() == 2
    assert sum(a.variables.count() for a in framework.aspects.all()) == 8
    assert _totals(framework) == {IndicatorScope.REGION: 15, IndicatorScope.INNOVATION: 20, IndicatorScope.COUNT: 1}
    assert [a.weight_percent for a in framework.aspects.order_by("order")] == [D("25.20"), D("74.80")]
    assert (framework.divisor_min, framework.threshold_sangat_inovatif, framework.threshold_inovatif) == (
        10,
        D("60.01"),
        D("35.00"),
    )


def test_the_2026_preset_adds_up_to_63_plus_111_plus_76(framework):
    indicators = IndexIndicator.objects.filter(framework=framework).prefetch_related("options")
    region = sum(i.weight * 3 for i in indicators if i.scope == IndicatorScope.REGION)
    innovation = sum(i.weight * 3 for i in indicators if i.scope == IndicatorScope.INNOVATION)
    assert (region, innovation, framework.count_cap * framework.count_factor) == (63, 111, 76)
    assert achievable_maximum(framework) == D(250)
    mandatory = set(indicators.filter(is_mandatory=True).values_list("number", flat=True))
    assert mandatory == {16, 17, 32, 33, 35}
    assert framework.divisor_min == 14


def test_loading_a_preset_twice_keeps_one_framework(cast):
    load_preset("iid-2026", body=cast.body)
    load_preset("iid-2026", body=cast.body)
    assert IndexFramework.objects.filter(year=2026).count() == 1


def test_thresholds_that_do_not_increase_are_refused(framework, cast):
    with pytest.raises(ValidationError) as error:
        services.update_framework(framework=framework, actor=cast.organizer, threshold_inovatif=D("70"))
    assert "Batas predikat harus naik" in error.value.messages[0]
    framework.refresh_from_db()
    assert framework.threshold_inovatif == D("40.01")
    assert not AuditEvent.objects.filter(action="index_framework.update").exists()


def test_a_maximum_that_is_not_achievable_is_refused(framework, cast):
    with pytest.raises(ValidationError) as error:
        services.update_framework(framework=framework, actor=cast.organizer, max_score=D("300"))
    assert "Skor maksimum 300 tidak sama dengan maksimum yang dapat dicapai 250." in error.value.messages


def test_a_parameter_value_outside_the_range_is_refused(framework, cast):
    indicator = IndexIndicator.objects.get(framework=framework, number=16)
    option = indicator.options.get(value=3)
    with pytest.raises(ValidationError) as error:
        services.update_indicator(indicator=indicator, actor=cast.organizer, options={option.pk: (5, option.label, "")})
    assert "Nilai parameter 5 pada indikator 16 di luar rentang yang diizinkan (1–3)." in error.value.messages
    option.refresh_from_db()
    assert option.value == 3


def test_aspect_weights_not_summing_to_100_are_refused(framework, cast):
    aspect = IndexAspect.objects.get(framework=framework, order=1)
    with pytest.raises(ValidationError) as error:
        services.update_framework(framework=framework, actor=cast.organizer, aspect_weights={aspect.pk: D("30")})
    assert "Jumlah bobot aspek harus 100 % (sekarang 104,8 %)." in error.value.messages


def test_a_weight_change_with_the_matching_maximum_and_aspect_shares_is_saved_and_audited(framework, cast):
    indicator = IndexIndicator.objects.get(framework=framework, number=1)
    region, innovation = IndexAspect.objects.filter(framework=framework).order_by("order")
    with pytest.raises(ValidationError):
        services.update_indicator(indicator=indicator, actor=cast.organizer, weight=D("2"))
    assert IndexIndicator.objects.get(pk=indicator.pk).weight == D("1")
    # Weight 1 → 2 adds 3 points: maximum 253; region 66/253 = 26.09 %, innovation 187/253 = 73.91 %.
    services.update_indicator(
        indicator=indicator,
        actor=cast.organizer,
        weight=D("2"),
        max_score=D("253"),
        aspect_weights={region.pk: D("26.09"), innovation.pk: D("73.91")},
    )
    assert IndexIndicator.objects.get(pk=indicator.pk).weight == D("2")
    assert IndexFramework.objects.get(pk=framework.pk).max_score == D("253")
    assert AuditEvent.objects.get(action="index_indicator.update").actor == cast.organizer


def test_copying_a_framework_shifts_the_years_and_keeps_the_numbers(framework, cast):
    copy = services.copy_framework(source=framework, year=2027, actor=cast.organizer)
    assert (copy.name, copy.reporting_year_from, copy.reporting_year_to) == ("Indeks Inovasi Daerah 2027", 2026, 2027)
    assert copy.submission_closes_at.year == 2027
    assert IndexIndicator.objects.filter(framework=copy).count() == 36
    assert achievable_maximum(copy) == D(250)
    assert AuditEvent.objects.get(action="index_framework.copy").actor == cast.organizer
