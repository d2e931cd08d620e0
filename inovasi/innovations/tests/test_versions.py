"""Yearly versions are readable: listed, opened per year, compared with the year before.

Public: versions of published records only. Workspace: the innovation's managers. API: the same
as the public page.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inovasi.innovations import services
from inovasi.innovations.enums import InnovationStage, InnovationStatus
from inovasi.innovations.models import Partner
from inovasi.innovations.tests.builders import make_innovation
from inovasi.innovations.versions import version_of, word_diff, years_of


@pytest.fixture
def three_years(cast):
    """Among Tani Crop: frozen 2023 and 2024, current 2025, published; the summary changes each year."""
    innovation = make_innovation(cast, year=2023, stage=InnovationStage.UJI_COBA, evidence=True)
    services.start_new_year(innovation=innovation, year=2024, actor=cast.operator_a)
    innovation.refresh_from_db()
    services.update_innovation(
        innovation=innovation,
        actor=cast.operator_a,
        summary="Petani memesan benih, pupuk dan alat lewat aplikasi.",
        stage=InnovationStage.PENERAPAN,
    )
    services.add_part(innovation=innovation, model=Partner, actor=cast.operator_a, name="Bank Jatim")
    services.start_new_year(innovation=innovation, year=2025, actor=cast.operator_a)
    innovation.refresh_from_db()
    services.update_innovation(
        innovation=innovation, actor=cast.operator_a, summary="Petani memesan benih, pupuk dan alat lewat WhatsApp."
    )
    services.submit_innovation(innovation=innovation, actor=cast.operator_a)
    services.publish_innovation(innovation=innovation, actor=cast.admin_a)
    innovation.refresh_from_db()
    return innovation


def _by_key(version):
    return {c.key: c for c in version.changes}


def test_years_are_listed_newest_first_with_the_current_one_marked(three_years):
    assert [(e.year, e.is_current) for e in years_of(three_years)] == [(2025, True), (2024, False), (2023, False)]


def test_a_version_is_compared_field_by_field_with_the_year_before(three_years):
    version = version_of(three_years, 2024)
    assert (version.year, version.previous_year, version.is_current) == (2024, 2023, False)
    changes = _by_key(version)
    assert {c.key for c in version.changed} == {"stage", "summary", "partners"}
    assert (changes["stage"].before, changes["stage"].after) == ("Uji coba", "Penerapan")
    assert changes["partners"].added == ["Bank Jatim"] and changes["partners"].removed == []
    added = "".join(text for op, text in changes["summary"].segments if op == "added")
    removed = "".join(text for op, text in changes["summary"].segments if op == "removed")
    assert "alat" in added and "alat" not in removed
    assert not changes["name"].changed
    assert (changes["started_on"].after, changes["affairs"].after) == ("1 Maret 2021", ["Pangan"])


def test_the_earliest_year_has_nothing_to_compare_and_the_current_year_compares_with_the_last_frozen(three_years):
    first = version_of(three_years, 2023)
    assert first.previous_year is None and first.changed == []
    current = version_of(three_years, 2025)
    assert current.is_current and current.previous_year == 2024
    assert [c.key for c in current.changed] == ["summary"]
    assert version_of(three_years, 2022) is None
    assert version_of(three_years, "abc") is None


def test_word_diff_marks_removed_and_added_words():
    assert word_diff("lewat aplikasi Android", "lewat WhatsApp Android") == [
        ("same", "lewat "),
        ("removed", "aplikasi"),
        ("added", "WhatsApp"),
        ("same", " Android"),
    ]


def test_public_page_lists_and_opens_versions(client, three_years):
    page = client.get(f"/inovasi/{three_years.pk}/").content.decode()
    assert f'href="/inovasi/{three_years.pk}/versi/2024/"' in page
    response = client.get(f"/inovasi/{three_years.pk}/versi/2024/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "version-field--changed" in body and "<ins>" in body and "Bank Jatim" in body
    assert "3 bagian berubah dibanding tahun 2023" in body
    assert client.get(f"/inovasi/{three_years.pk}/versi/2022/").status_code == 404
    assert client.get(f"/inovasi/{three_years.pk}/versi/99999999999/").status_code == 404


def test_public_sees_no_version_of_an_unpublished_record(client, cast, three_years):
    services.archive_innovation(innovation=three_years, actor=cast.admin_a, reason="Tidak berjalan lagi.")
    assert client.get(f"/inovasi/{three_years.pk}/versi/2024/").status_code == 404
    assert client.get(f"/api/v1/innovations/{three_years.pk}/versions").status_code == 404
    assert client.get(f"/api/v1/innovations/{three_years.pk}/versions/2024").status_code == 404


def test_workspace_version_page_for_managers_only(client, cast, three_years):
    services.archive_innovation(innovation=three_years, actor=cast.admin_a, reason="Tidak berjalan lagi.")
    url = f"/ruang-kerja/inovasi/{three_years.pk}/versi/2024/"
    client.force_login(cast.operator_a)
    assert client.get(url).status_code == 200
    detail = client.get(f"/ruang-kerja/inovasi/{three_years.pk}/").content.decode()
    assert f'href="{url}"' in detail
    client.force_login(cast.operator_b)
    assert client.get(url).status_code == 403


def test_api_lists_and_returns_versions(client, three_years):
    listed = client.get(f"/api/v1/innovations/{three_years.pk}/versions").json()
    assert [(v["year"], v["is_current"]) for v in listed] == [(2025, True), (2024, False), (2023, False)]
    assert listed[1]["url"] == f"/api/v1/innovations/{three_years.pk}/versions/2024"
    data = client.get(listed[1]["url"]).json()
    assert (data["year"], data["previous_year"]) == (2024, 2023)
    stage = next(c for c in data["changes"] if c["field"] == "stage")
    assert (stage["changed"], stage["before"], stage["after"]) == (True, "Uji coba", "Penerapan")
    partners = next(c for c in data["changes"] if c["field"] == "partners")
    assert (partners["before"], partners["after"]) == ([], ["Bank Jatim"])
    assert client.get(f"/api/v1/innovations/{three_years.pk}/versions/2019").status_code == 404
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/innovations/{innovation_id}/versions/{year}" in paths


def test_version_page_queries_do_not_grow_with_the_number_of_years(client, cast, three_years):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/inovasi/{three_years.pk}/versi/2024/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    services.start_new_year(innovation=three_years, year=2026, actor=cast.operator_a)
    three_years.refresh_from_db()
    assert (three_years.year, three_years.status) == (2026, InnovationStatus.PUBLISHED)
    assert count() == before
