"""Organizer forms without code (issue #17): quota rows, tie-breaks in words, percent trim share,
labels instead of field codes, governments grouped by province, real checkboxes, announcing an
edition after a check page, preset dates rolled with the year, the active tab."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inovasi.audit.models import AuditEvent
from inovasi.competitions import publication
from inovasi.competitions.editions import (
    create_blank_edition,
    create_edition_from_preset,
    roll_to_year,
    update_edition,
)
from inovasi.competitions.form_rows import PercentField
from inovasi.competitions.forms import EditionForm, InvitationForm, StageForm
from inovasi.competitions.models import Stage
from inovasi.judging.stages import settings_for
from inovasi.organizer.judging_views import JudgingSettingsForm

from .conftest import WIB

STAGE = {"order": 10, "kind": "presentation", "name": "Presentasi tambahan"}


# --- Quotas: a row editor, cleaned to the stored list ----------------------------------------------


def test_quota_rows_clean_to_the_stored_list_and_show_again_as_rows(cast, kovablik):
    form = StageForm(
        data={
            **STAGE,
            "quotas_target": ["group:replikasi", "", "province:35", ""],
            "quotas_count": ["15", "", "5", ""],
        },
        edition=kovablik,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["quotas"] == [{"group": "replikasi", "count": 15}, {"province": "35", "count": 5}]
    stage = form.save(commit=False)
    stage.edition = kovablik
    stage.save()
    html = str(StageForm(instance=stage, edition=kovablik)["quotas"])
    assert '<option value="group:replikasi" selected>Replikasi</option>' in html
    assert '<option value="province:35" selected>' in html
    assert 'value="15"' in html and 'value="5"' in html
    assert html.count('name="quotas_target"') == 4  # the two saved rows and two blank rows (no JavaScript)


def test_the_quota_editor_with_bad_rows_answers_in_indonesian_per_row_and_saves_nothing(client, cast, kovablik):
    client.force_login(cast.organizer)
    response = client.post(
        reverse("organizer:config_create", args=[kovablik.pk, "tahap"]),
        {
            **STAGE,
            "quotas_target": ["group:umum", "group:tidak-ada", "", "group:umum", "group:replikasi", "group:replikasi"],
            "quotas_count": ["0", "3", "4", "2", "tiga", "1,5"],
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Baris 1: jumlah harus bilangan bulat antara 1 dan 100.000." in page
    assert "Baris 2: pilihan tidak dikenal; pilih dari daftar." in page
    assert "Baris 3: pilih kelompok, kategori atau wilayah untuk jumlah ini." in page
    assert "Baris 5: Isikan bilangan bulat" in page
    assert "Baris 6: Isikan bilangan bulat, tanpa koma" in page
    assert 'value="tiga"' in page  # what was typed is shown again
    assert not kovablik.stages.filter(name="Presentasi tambahan").exists()


def test_a_duplicate_quota_row_and_a_forged_flood_of_rows_are_form_errors(client, cast, kovablik):
    client.force_login(cast.organizer)
    url = reverse("organizer:config_create", args=[kovablik.pk, "tahap"])
    twice = client.post(url, {**STAGE, "quotas_target": ["group:umum", "group:umum"], "quotas_count": ["3", "4"]})
    assert "Baris 2: kuota untuk “Umum” sudah ada di baris 1." in twice.content.decode()
    flood = client.post(url, {**STAGE, "quotas_target": ["group:umum"] * 400, "quotas_count": ["1"] * 400})
    assert flood.status_code == 200
    assert "Paling banyak 50 baris kuota." in flood.content.decode()


def test_saving_a_stage_with_quota_rows_is_audited_with_the_stored_list(client, cast, kovablik):
    client.force_login(cast.organizer)
    stage = kovablik.stages.get(label="Top 45")
    response = client.post(
        reverse("organizer:config_edit", args=[kovablik.pk, "tahap", stage.pk]),
        {
            "order": stage.order,
            "kind": stage.kind,
            "name": stage.name,
            "top_n": 45,
            "label": stage.label,
            "is_award": "on",
            "narrows_previous": "on",
            "quotas_target": ["group:replikasi", ""],
            "quotas_count": ["10", ""],
        },
    )
    assert response.status_code == 302
    stage.refresh_from_db()
    assert stage.quotas == [{"group": "replikasi", "count": 10}]
    event = AuditEvent.objects.get(action="stage.update")
    assert (event.before["quotas"], event.after["quotas"]) == ([], [{"group": "replikasi", "count": 10}])
    page = client.get(reverse("organizer:edition_settings", args=[kovablik.pk])).content.decode()
    assert "Kuota: Replikasi: 10" in page


# --- Tie-breaks and the trim share in words -------------------------------------------------------------


def _desk_stage(kovablik):
    return kovablik.stages.get(label="Top 90")


def test_tie_breaks_are_dropdowns_in_words_that_clean_to_the_stored_codes(cast, kovablik):
    stage = _desk_stage(kovablik)
    judging = settings_for(stage)
    data = {
        "jurors_per_proposal": 3,
        "aggregation": "mean",
        "trim_fraction": "20 %",
        "tie_breaks": ["criterion:kebaruan", "", "submitted_at"],
    }
    form = JudgingSettingsForm(data=data, instance=judging, stage=stage)
    assert form.is_valid(), form.errors
    assert form.settings()["tie_breaks"] == ["criterion:kebaruan", "submitted_at"]
    assert form.settings()["trim_fraction"] == Decimal("0.20")
    judging.tie_breaks, judging.trim_fraction = ["criterion:kebaruan", "submitted_at"], Decimal("0.25")
    html = str(JudgingSettingsForm(instance=judging, stage=stage))
    assert '<option value="criterion:kebaruan" selected>Nilai kriteria Kebaruan lebih tinggi</option>' in html
    assert '<option value="submitted_at" selected>Waktu pengajuan lebih awal</option>' in html
    assert 'value="25 %"' in html and "0.25" not in html
    twice = JudgingSettingsForm(
        data={**data, "tie_breaks": ["submitted_at", "submitted_at"]}, instance=judging, stage=stage
    )
    assert not twice.is_valid()
    assert twice.errors["tie_breaks"] == ["Urutan 2: “Waktu pengajuan lebih awal” sudah dipilih di urutan sebelumnya."]


def test_the_judging_desk_saves_tie_breaks_and_a_percent_with_a_decimal_comma(client, cast, kovablik):
    stage = _desk_stage(kovablik)
    client.force_login(cast.organizer)
    url = reverse("organizer:judging_stage", args=[stage.pk])
    page = client.get(url).content.decode()
    assert "Porsi dipangkas tiap sisi (%)" in page and 'value="20 %"' in page
    assert "criterion:kebaruan</" not in page and "Nilai kriteria Kemanfaatan lebih tinggi" in page
    response = client.post(
        url,
        {
            "jurors_per_proposal": 5,
            "aggregation": "trimmed_mean",
            "trim_fraction": "20,0",
            "tie_breaks": ["criterion:kemanfaatan", "submitted_at"],
        },
    )
    assert response.status_code == 302
    judging = settings_for(stage)
    assert (judging.trim_fraction, judging.tie_breaks) == (Decimal("0.20"), ["criterion:kemanfaatan", "submitted_at"])
    event = AuditEvent.objects.get(action="stage.judging_settings")
    assert event.after["tie_breaks"] == ["criterion:kemanfaatan", "submitted_at"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("20", Decimal("0.20")), ("20 %", Decimal("0.20")), ("25,00", Decimal("0.25")), (" 5% ", Decimal("0.05"))],
)
def test_a_percent_is_read_with_a_decimal_comma(typed, expected):
    assert PercentField().clean(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12,5", "Tulis persen bulat, misalnya 20 atau 25"),
        ("0,2", "Tulis porsi antara 1 dan 49 persen, misalnya 20 untuk 20 %."),
        ("60", "Tulis porsi antara 1 dan 49 persen"),
        ("-5", "Tulis porsi antara 1 dan 49 persen"),
        ("dua puluh", "Isikan angka"),
    ],
)
def test_a_percent_that_is_not_a_whole_share_is_explained(typed, message):
    with pytest.raises(ValidationError) as caught:
        PercentField().clean(typed)
    assert message in " ".join(caught.value.messages)


# --- Labels, governments, checkboxes, the active tab -------------------------------------------------


def test_the_settings_page_shows_labels_grouped_governments_and_real_checkboxes(client, cast, kovablik):
    client.force_login(cast.organizer)
    page = client.get(reverse("organizer:edition_settings", args=[kovablik.pk])).content.decode()
    assert ">background<" not in page and ">summary<" not in page
    assert "<td>Latar belakang dan tujuan</td><td>" in page
    assert '<OPTGROUP LABEL="JAWA TIMUR">' in page.upper()
    assert "data-chips" in page and "inovasi/chip-select.js" in page
    assert 'name="is_published"' not in page
    box = page[page.index('name="agency_kinds"') - 200 : page.index('name="agency_kinds"') + 100]
    assert 'type="checkbox"' in box and "form-check-input" in box and "form-control" not in box


def test_governments_are_grouped_by_province_in_region_order(cast, kovablik):
    groups = EditionForm(instance=kovablik).fields["extra_governments"].widget.choices
    names = [name for name, _options in groups]
    assert len(names) == len(set(names)) >= 30  # one group per province
    east_java = dict(groups)[next(n for n in names if "JAWA TIMUR" in n.upper())]
    assert any("SURABAYA" in label.upper() for _pk, label in east_java)
    invitation = str(InvitationForm(edition=kovablik)["government"])
    assert invitation.count("<optgroup") == len(names)


@pytest.mark.parametrize(
    ("url_name", "tab_label"),
    [("edition_settings", "Pengaturan"), ("edition_proposals", "Proposal"), ("edition_dashboard", "Ringkasan")],
)
def test_the_edition_nav_marks_the_active_tab(client, cast, kovablik, url_name, tab_label):
    client.force_login(cast.organizer)
    page = client.get(reverse(f"organizer:{url_name}", args=[kovablik.pk])).content.decode()
    tabs = page[page.index('aria-label="Bagian edisi"') :]
    tabs = tabs[: tabs.index("</ul>")]
    assert tabs.count('aria-current="page"') == 1
    current = tabs[tabs.index('aria-current="page"') :]
    assert current[: current.index("</a>")].endswith(f">{tab_label}")


def test_a_configuration_form_belongs_to_the_settings_tab(client, cast, kovablik):
    client.force_login(cast.organizer)
    page = client.get(reverse("organizer:config_create", args=[kovablik.pk, "tahap"])).content.decode()
    tabs = page[page.index('aria-label="Bagian edisi"') :]
    current = tabs[tabs.index('aria-current="page"') :]
    assert current[: current.index("</a>")].endswith(">Pengaturan")
    assert "inovasi/row-editor.js" in page


# --- Announcing an edition ----------------------------------------------------------------------------


def test_announcing_needs_the_check_page_and_its_confirmation(client, cast, kovablik):
    client.force_login(cast.organizer)
    url = reverse("organizer:edition_publish", args=[kovablik.pk])
    page = client.get(url).content.decode()
    assert "Periksa sebelum mengumumkan edisi" in page
    assert 'name="konfirmasi" value="1"' in page and "Umumkan edisi" in page
    unconfirmed = client.post(url, {})
    assert unconfirmed.status_code == 200
    kovablik.refresh_from_db()
    assert not kovablik.is_published
    response = client.post(url, {"konfirmasi": "1"})
    assert response["Location"] == reverse("organizer:edition_settings", args=[kovablik.pk])
    kovablik.refresh_from_db()
    assert kovablik.is_published
    event = AuditEvent.objects.get(action="edition.publish")
    assert (event.before, event.after["is_published"]) == ({"is_published": False}, True)
    again = client.get(url).content.decode()
    assert "Tarik edisi dari halaman publik" in again
    client.post(url, {"konfirmasi": "1"})
    kovablik.refresh_from_db()
    assert not kovablik.is_published
    assert AuditEvent.objects.filter(action="edition.unpublish").count() == 1


def test_an_incomplete_edition_shows_its_blockers_and_cannot_be_announced(client, cast, kovablik):
    blank = create_blank_edition(competition=kovablik.competition, year=2026, actor=cast.organizer)
    client.force_login(cast.organizer)
    url = reverse("organizer:edition_publish", args=[blank.pk])
    page = client.get(url).content.decode()
    assert "Belum dapat dilanjutkan" in page
    assert "Formulir proposal belum memiliki bagian isian." in page
    assert "Belum ada tahapan seleksi." in page
    assert ">Umumkan edisi</button>" not in page
    client.post(url, {"konfirmasi": "1"})  # a forged confirmation: the service checks again
    blank.refresh_from_db()
    assert not blank.is_published
    assert not AuditEvent.objects.filter(action="edition.publish").exists()


def test_a_rubric_whose_weights_do_not_sum_to_100_blocks_the_announcement(cast, kovablik):
    criterion = _desk_stage(kovablik).criteria.first()
    criterion.weight = 10
    criterion.save()
    with pytest.raises(ValidationError) as caught:
        publication.publish_edition(edition=kovablik, actor=cast.organizer)
    assert "Bobot rubrik tahap “Evaluasi proposal” belum berjumlah 100." in caught.value.messages


# --- Preset dates follow the chosen year -----------------------------------------------------------


def test_a_preset_edition_opens_in_the_chosen_year(cast, frozen):
    edition = create_edition_from_preset(preset="kipp", body=cast.other_body, year=2027, actor=cast.system_admin)
    assert edition.registration_opens_at == datetime(2027, 3, 16, 0, 0, tzinfo=WIB)
    assert edition.registration_closes_at == datetime(2027, 4, 15, 12, 0, tzinfo=WIB)


def _same_dates(edition, *, year):
    """What the settings form sends when only the year was changed."""
    return {
        "year": year,
        "registration_opens_at": edition.registration_opens_at,
        "registration_closes_at": edition.registration_closes_at,
    }


def test_moving_the_year_rolls_the_dates_left_unchanged_and_the_stage_windows(cast, kovablik):
    stage = _desk_stage(kovablik)
    stage.opens_at, stage.closes_at = datetime(2025, 7, 1, 8, 0, tzinfo=WIB), datetime(2025, 7, 20, 23, 59, tzinfo=WIB)
    stage.save()
    update_edition(edition=kovablik, values=_same_dates(kovablik, year=2026), actor=cast.organizer)
    kovablik.refresh_from_db()
    stage.refresh_from_db()
    assert kovablik.registration_opens_at == datetime(2026, 5, 1, 0, 0, tzinfo=WIB)
    assert kovablik.registration_closes_at == datetime(2026, 6, 30, 23, 59, tzinfo=WIB)
    assert stage.opens_at == datetime(2026, 7, 1, 8, 0, tzinfo=WIB)
    event = AuditEvent.objects.get(action="edition.update")
    assert event.before["year"] == 2025 and event.after["year"] == 2026
    assert str(stage.pk) in event.after["stage_windows"]


def test_a_date_the_organizer_changed_with_the_year_is_kept(cast, kovablik):
    chosen = datetime(2026, 2, 1, 9, 0, tzinfo=WIB)
    values = {**_same_dates(kovablik, year=2026), "registration_opens_at": chosen}
    update_edition(edition=kovablik, values=values, actor=cast.organizer)
    kovablik.refresh_from_db()
    assert kovablik.registration_opens_at == chosen
    assert kovablik.registration_closes_at == datetime(2026, 6, 30, 23, 59, tzinfo=WIB)


def test_the_year_change_is_rolled_through_the_settings_page_with_a_notice(client, cast, kovablik):
    client.force_login(cast.organizer)
    response = client.post(
        reverse("organizer:edition_settings", args=[kovablik.pk]),
        {
            "name": "KOVABLIK Jawa Timur 2026",
            "year": 2026,
            "scope_region": kovablik.scope_region_id,
            "min_years_implemented": 1,
            "registration_opens_at": "2025-05-01T00:00",
            "registration_closes_at": "2025-06-30T23:59",
        },
        follow=True,
    )
    assert "Tanggal pendaftaran dan jadwal tahapan ikut digeser ke tahun 2026" in response.content.decode()
    kovablik.refresh_from_db()
    assert kovablik.registration_closes_at == datetime(2026, 6, 30, 23, 59, tzinfo=WIB)


def test_29_february_rolls_to_the_28th_in_a_common_year():
    assert roll_to_year(datetime(2028, 2, 29, 12, 0, tzinfo=WIB), -1) == datetime(2027, 2, 28, 12, 0, tzinfo=WIB)


def test_a_stage_from_another_edition_is_not_rolled(cast, kovablik):
    other = create_edition_from_preset(preset="kipp", body=cast.body, year=2025, actor=cast.organizer)
    stage = other.stages.first()
    stage.opens_at = datetime(2025, 7, 1, 8, 0, tzinfo=WIB)
    stage.save()
    update_edition(edition=kovablik, values=_same_dates(kovablik, year=2026), actor=cast.organizer)
    assert Stage.objects.get(pk=stage.pk).opens_at == datetime(2025, 7, 1, 8, 0, tzinfo=WIB)
