"""Rubric anchors as data: presets ship them, the organizer types them one band a line."""

import pytest
from django.urls import reverse

from inovasi.competitions.anchors import anchor_errors, band_for
from inovasi.competitions.enums import StageKind
from inovasi.competitions.forms import AnchorsField
from inovasi.competitions.models import Criterion


def test_the_kovablik_preset_ships_three_indonesian_bands_per_criterion(kovablik):
    stage = kovablik.stages.get(kind=StageKind.DESK_EVALUATION)
    anchors = {c.code: c.anchors for c in stage.criteria.all()}
    assert len(anchors) == 5
    assert all([(b["min"], b["max"]) for b in bands] == [(0, 40), (41, 70), (71, 100)] for bands in anchors.values())
    assert anchors["keberlanjutan"][0]["text"].startswith("Bergantung pada satu orang")


@pytest.mark.parametrize(
    ("anchors", "expected"),
    [
        ([{"min": 0, "max": 40, "text": "a"}, {"min": 41, "max": 100, "text": "b"}], []),
        (
            [{"min": 0, "max": 50, "text": "a"}, {"min": 41, "max": 100, "text": "b"}],
            ["Rentang ke-2 tumpang tindih dengan rentang sebelumnya."],
        ),
        ([{"min": 0, "max": 120, "text": "a"}], ["Rentang ke-1 harus di dalam skala 0–100."]),
        ([{"min": 0, "max": 40, "text": " "}], ["Rentang ke-1 perlu keterangan (paling banyak 500 karakter)."]),
        ([{"min": "0", "max": 40, "text": "a"}], ["Rentang ke-1: min dan max harus bilangan bulat."]),
        ("teks", ["Deskriptor harus berupa daftar rentang nilai."]),
    ],
)
def test_anchors_are_checked_against_the_scale(anchors, expected):
    assert anchor_errors(anchors, scale_min=0, scale_max=100) == expected


def test_a_value_between_two_bands_belongs_to_the_higher_one():
    bands = [
        {"min": 0, "max": 40, "text": "a"},
        {"min": 41, "max": 70, "text": "b"},
        {"min": 71, "max": 100, "text": "c"},
    ]
    assert [band_for(bands, v) for v in (0, 40, 40.5, 41, 85.5, 100)] == [0, 0, 1, 1, 2, 2]
    assert band_for([], 50) is None


def test_the_anchors_field_reads_one_band_a_line_and_writes_it_back():
    field = AnchorsField(required=False)
    bands = field.clean("0–40: Meniru\n\n41-100 : Baru sekali")
    assert bands == [{"min": 0, "max": 40, "text": "Meniru"}, {"min": 41, "max": 100, "text": "Baru sekali"}]
    assert field.prepare_value(bands) == "0–40: Meniru\n41–100: Baru sekali"


def test_the_organizer_saves_anchors_with_the_rubric_and_a_typo_is_explained(client, cast, kovablik):
    stage = kovablik.stages.get(kind=StageKind.DESK_EVALUATION)
    client.force_login(cast.organizer)
    url = reverse("organizer:rubric_edit", args=[stage.pk])
    data = {"kriteria-TOTAL_FORMS": 1, "kriteria-INITIAL_FORMS": 0}
    data |= {
        "kriteria-0-code": "mutu",
        "kriteria-0-name": "Mutu",
        "kriteria-0-weight": "100",
        "kriteria-0-scale_min": 0,
        "kriteria-0-scale_max": 100,
        "kriteria-0-anchors": "0–49: Kurang\n50–100: Baik",
    }
    assert client.post(url, data).status_code == 302
    assert Criterion.objects.get(stage=stage).anchors == [
        {"min": 0, "max": 49, "text": "Kurang"},
        {"min": 50, "max": 100, "text": "Baik"},
    ]
    data["kriteria-0-anchors"] = "nol sampai empat puluh"
    assert "Baris 1: tulis seperti “0–40: keterangan”." in client.post(url, data).content.decode()
