from datetime import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from inovasi.audit.models import AuditEvent
from inovasi.competitions import funnel
from inovasi.competitions.editions import create_edition_from_preset, save_config, save_rubric
from inovasi.competitions.models import Competition, Edition
from inovasi.competitions.presets import PRESETS

from .conftest import WIB


def test_the_kovablik_preset_builds_an_east_java_edition_with_its_caps_and_pipeline(kovablik):
    assert kovablik.name == "KOVABLIK Jawa Timur 2025"
    assert kovablik.scope_region.code == "35"
    assert kovablik.min_years_implemented == 1
    assert sorted((c.unit, c.limit) for c in kovablik.caps.all()) == [
        ("bumd", 3),
        ("provincial_agency", 5),
        ("regency_city", 3),
    ]
    assert [g.code for g in kovablik.groups.all()] == ["umum", "replikasi"]
    assert [(s.kind, s.label) for s in kovablik.stages.all()] == [
        ("administrative_check", ""),
        ("desk_evaluation", "Top 90"),
        ("objection_window", ""),
        ("presentation", ""),
        ("field_verification", ""),
        ("final_decision", "Top 45"),
        ("final_decision", "Top 30"),
        ("final_decision", "Replikasi Terbaik"),
        ("final_decision", "Outstanding Achievement"),
    ]
    assert kovablik.registration_closes_at == datetime(2025, 6, 30, 23, 59, tzinfo=WIB)
    assert not kovablik.is_published
    assert AuditEvent.objects.filter(action="edition.create_from_preset").count() == 1


def test_the_2023_word_limits_are_data(kovablik):
    limits = {s.code: s.word_limit for s in kovablik.sections.filter(group__isnull=True)}
    assert limits == {
        "ringkasan": 200,
        "latar-belakang": 300,
        "kebaruan": 200,
        "implementasi": 200,
        "signifikansi": 600,
        "adaptabilitas-replikasi": 100,
        "adaptabilitas-potensi": 200,
        "sumber-daya": 200,
        "keberlanjutan": 500,
    }
    replication = {s.code: s.word_limit for s in kovablik.sections.filter(group__code="replikasi")}
    assert replication == {"inspirasi": 100, "proses-replikasi": 200, "perbedaan": 100}


def test_the_kipp_preset_has_the_passing_grade_top_99_objection_window_and_khusus_award(cast, frozen):
    edition = create_edition_from_preset(preset="kipp", body=cast.other_body, year=2025, actor=cast.system_admin)
    stages = list(edition.stages.all())
    assert stages[1].passing_score == Decimal("85.00")
    assert (stages[2].top_n, stages[2].label) == (99, "Top 99")
    assert (stages[3].kind, stages[3].duration_days) == ("objection_window", 5)
    assert (stages[6].top_n, stages[6].label) == (45, "Top 45 — Inovasi Pelayanan Publik Terpuji")
    assert (stages[7].group.code, stages[7].top_n, stages[7].is_award) == ("khusus", 5, True)
    assert edition.groups.get(code="khusus").by_invitation
    assert sorted((c.group.code, c.limit) for c in edition.caps.all()) == [("replikasi", 5), ("umum", 10)]
    assert edition.registration_closes_at == datetime(2025, 4, 15, 12, 0, tzinfo=WIB)
    assert [c.code for c in stages[1].criteria.all()] == [
        "kebaruan",
        "efektivitas",
        "kemanfaatan",
        "kemudahan-replikasi",
        "keberlanjutan",
    ]
    assert sum(c.weight for c in stages[1].criteria.all()) == 100
    assert edition.sections.filter(group__code="khusus").count() == 4


def test_a_second_edition_of_the_same_year_is_refused(cast, kovablik):
    with pytest.raises(ValidationError) as error:
        create_edition_from_preset(preset="kovablik-jatim", body=cast.body, year=2025, actor=cast.organizer)
    assert "Edisi 2025 sudah ada" in str(error.value)
    assert Edition.objects.count() == 1
    assert Competition.objects.count() == 1


def test_rubric_weights_must_sum_to_100_and_nothing_changes_otherwise(kovablik, cast):
    stage = kovablik.stages.get(label="Top 90")
    rows = [
        {"code": "kebaruan", "name": "Kebaruan", "weight": Decimal("30"), "scale_min": 0, "scale_max": 100},
        {"code": "efektivitas", "name": "Efektivitas", "weight": Decimal("60.5"), "scale_min": 0, "scale_max": 100},
    ]
    with pytest.raises(ValidationError) as error:
        save_rubric(stage=stage, rows=rows, actor=cast.organizer)
    assert error.value.messages == ["Jumlah bobot kriteria harus 100; sekarang 90,5."]
    assert stage.criteria.count() == 5
    rows[1]["weight"] = Decimal("70")
    save_rubric(stage=stage, rows=rows, actor=cast.organizer)
    assert [(c.code, c.weight) for c in stage.criteria.all()] == [("kebaruan", 30), ("efektivitas", 70)]


def test_no_preset_funnel_widens(cast, frozen):
    for key in PRESETS:
        edition = create_edition_from_preset(preset=key, body=cast.body, year=2026, actor=cast.organizer)
        assert [funnel.widening_problem(stage) for stage in edition.stages.all()] == [None] * edition.stages.count()


def test_a_stage_cannot_keep_more_than_the_narrowing_stage_before_it(kovablik, cast):
    top30 = kovablik.stages.get(label="Top 30")
    top30.top_n = 50
    with pytest.raises(ValidationError) as error:
        save_config(instance=top30, actor=cast.organizer)
    assert error.value.message_dict == {
        "top_n": [
            "Tahap ini meloloskan 50 proposal, lebih banyak daripada Penetapan Top 45 (45) sebelumnya: corong seleksi "
            "tidak boleh melebar. Urutkan tahap dari daftar terpanjang ke terpendek."
        ]
    }
    assert kovablik.stages.get(label="Top 30").top_n == 30
