from django.core.management import call_command

from inovasi.organisations.models import Government
from inovasi.regions.enums import RegionLevel
from inovasi.regions.models import Region
from inovasi.regions.services import load_regions


def test_the_kepmendagri_list_has_38_provinces_416_kabupaten_and_98_kota(db):
    assert Region.objects.filter(level=RegionLevel.PROVINSI).count() == 38
    assert Region.objects.filter(level=RegionLevel.KABUPATEN).count() == 416
    assert Region.objects.filter(level=RegionLevel.KOTA).count() == 98


def test_sample_codes_match_kemendagri(db):
    names = dict(Region.objects.filter(code__in=["35", "35.14", "35.75", "35.73", "35.79"]).values_list("code", "name"))
    assert names == {
        "35": "Jawa Timur",
        "35.14": "Kabupaten Pasuruan",
        "35.75": "Kota Pasuruan",
        "35.73": "Kota Malang",
        "35.79": "Kota Batu",
    }
    batu = Region.objects.get(code="35.79")
    assert batu.level == RegionLevel.KOTA
    assert batu.parent.code == "35"


def test_jakartas_six_administrative_units_are_not_autonomous_leaving_546_pemda(db):
    not_autonomous = set(Region.objects.filter(is_autonomous=False).values_list("code", flat=True))
    assert not_autonomous == {"31.01", "31.71", "31.72", "31.73", "31.74", "31.75"}
    assert Government.objects.count() == 546
    assert Government.objects.filter(region__level=RegionLevel.PROVINSI).count() == 38
    assert Government.objects.filter(region__level=RegionLevel.KABUPATEN).count() == 415
    assert Government.objects.filter(region__level=RegionLevel.KOTA).count() == 93


def test_pemda_names_follow_their_region(db):
    names = dict(
        Government.objects.filter(region__code__in=["35", "35.14", "35.79"]).values_list("region__code", "short_name")
    )
    assert names == {"35": "Pemprov Jawa Timur", "35.14": "Pemkab Pasuruan", "35.79": "Pemkot Batu"}
    assert Government.objects.get(region__code="35.14").name == "Pemerintah Kabupaten Pasuruan"


def test_loading_twice_changes_nothing(db):
    result = load_regions()
    assert (result.created, result.updated, result.total) == (0, 0, 552)


def test_loading_repairs_a_renamed_region(db):
    Region.objects.filter(code="35.79").update(name="Kota Batu (salah ketik)")
    result = load_regions()
    assert (result.created, result.updated) == (0, 1)
    assert Region.objects.get(code="35.79").name == "Kota Batu"


def test_the_command_reports_counts(db, capsys):
    call_command("load_regions")
    out = capsys.readouterr().out
    assert "552 in total, 0 created, 0 updated" in out
    assert "Pemda: 546 in total, 0 created" in out
