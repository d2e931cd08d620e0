"""Which registry innovations count for a round, and why not; bringing running ones forward in bulk."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from inovasi.audit.models import AuditEvent
from inovasi.innovation_index import services
from inovasi.innovation_index.enums import IndicatorScope
from inovasi.innovation_index.models import IndexIndicator
from inovasi.innovation_index.queries import registry_innovations
from inovasi.innovation_index.tests.conftest import AFTER_WINDOW, make_innovation
from inovasi.innovations.enums import InnovationStatus
from inovasi.innovations.models import Innovation, InnovationVersion


def _mandatory(framework):
    return list(
        IndexIndicator.objects.filter(framework=framework, scope=IndicatorScope.INNOVATION, is_mandatory=True)
        .prefetch_related("options")
        .order_by("number")
    )


@pytest.fixture
def registry(cast, framework, in_window):
    return {
        "lama": make_innovation(cast.agency_a, "Lama 2024", year=2024),
        "draf": make_innovation(cast.agency_a, "Masih Draf", status=InnovationStatus.DRAFT),
        "arsip": make_innovation(cast.agency_a, "Diarsipkan 2024", year=2024, status=InnovationStatus.ARCHIVED),
        "baru": make_innovation(cast.agency_a, "Baru Tanpa Klaim"),
        "lengkap": make_innovation(cast.agency_a, "Lengkap"),
    }


def test_each_registry_innovation_says_whether_it_counts_and_why_not(cast, framework, registry):
    numbers = ", ".join(str(i.number) for i in _mandatory(framework))
    before = {r.innovation.name: r.reasons for r in registry_innovations(framework, cast.gov_a)}
    assert before["Lengkap"] == ["Penilaian mandiri belum dimulai."]

    assessment = services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a)
    for indicator in _mandatory(framework):
        services.set_claim(
            assessment=assessment,
            indicator=indicator,
            option=indicator.options.first(),
            innovation=registry["lengkap"],
            actor=cast.admin_a,
        )
    rows = {r.innovation.name: r for r in registry_innovations(framework, cast.gov_a, assessment)}
    assert {name: (r.counts, r.reasons, r.can_bring_forward) for name, r in rows.items()} == {
        "Lama 2024": (False, ["Tahun data 2024 di luar tahun pelaporan 2025–2026."], True),
        "Masih Draf": (False, ["Belum terbit di registri (status: Draf)."], False),
        "Diarsipkan 2024": (
            False,
            ["Diarsipkan: tidak berjalan lagi.", "Tahun data 2024 di luar tahun pelaporan 2025–2026."],
            False,
        ),
        "Baru Tanpa Klaim": (False, [f"Indikator wajib belum diklaim: {numbers}."], False),
        "Lengkap": (True, [], False),
    }


def test_the_assessment_screen_states_the_rule_and_the_reasons(client, cast, framework, registry):
    services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a)
    client.force_login(cast.admin_a)
    page = client.get(reverse("workspace:index_assessment", args=[cast.gov_a.pk, 2026])).content.decode()
    assert "tahun datanya 2025–2026" in page and "Dihitung saat ini: 0 dari 5 inovasi registri." in page
    assert page.count('class="registry-innovation-row"') == 5
    assert "Tahun data 2024 di luar tahun pelaporan 2025–2026." in page
    assert 'id="tombol-bawa"' in page and "Bawa 1 inovasi yang masih berjalan ke periode ini (tahun data 2026)" in page


def test_bringing_innovations_forward_needs_the_confirmation_and_audits_each_one(client, cast, framework, registry):
    second = make_innovation(cast.agency_a, "Lama 2023", year=2023)
    assessment = services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a)
    url = reverse("workspace:index_bring_forward", args=[cast.gov_a.pk, 2026])
    client.force_login(cast.admin_a)
    page = client.get(url).content.decode()
    assert page.count('class="bawa-row"') == 2 and "2023 → 2026" in page and "2024 → 2026" in page

    ids = [registry["lama"].pk, second.pk]
    refused = client.post(url, {"inovasi": ids})
    assert refused.status_code == 400 and "Centang pernyataan" in refused.content.decode()
    assert Innovation.objects.get(pk=second.pk).year == 2023

    response = client.post(url, {"inovasi": ids, "konfirmasi": "1"})
    assert response.status_code == 302
    assert sorted(Innovation.objects.filter(pk__in=ids).values_list("year", flat=True)) == [2026, 2026]
    assert sorted(InnovationVersion.objects.filter(innovation_id__in=ids).values_list("year", flat=True)) == [
        2023,
        2024,
    ]
    events = AuditEvent.objects.filter(action="index_assessment.bring_forward", object_id=str(assessment.pk))
    assert sorted((e.before["innovation"], e.before["year"], e.after["year"]) for e in events) == sorted(
        [(registry["lama"].pk, 2024, 2026), (second.pk, 2023, 2026)]
    )
    assert AuditEvent.objects.filter(action="innovation.new_year", object_id__in=[str(i) for i in ids]).count() == 2
    rows = {r.innovation.pk: r for r in registry_innovations(framework, cast.gov_a, assessment)}
    assert rows[second.pk].reasons[0].startswith("Indikator wajib belum diklaim")


def test_an_archived_or_foreign_innovation_is_not_brought_forward(cast, framework, registry):
    assessment = services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a)
    theirs = make_innovation(cast.agency_b, "Milik Malang", year=2024)
    for innovation, message in (
        (registry["arsip"], "belum terbit"),
        (theirs, "bukan milik Pemda ini"),
        (registry["baru"], "sudah termasuk tahun pelaporan"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.bring_innovations_forward(assessment=assessment, innovations=[innovation], actor=cast.admin_a)
    assert Innovation.objects.get(pk=registry["arsip"].pk).year == 2024


def test_bringing_forward_is_refused_once_the_window_has_closed(cast, framework, registry):
    assessment = services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a)
    with time_machine.travel(AFTER_WINDOW, tick=False), pytest.raises(ValidationError, match="sudah ditutup"):
        services.bring_innovations_forward(assessment=assessment, innovations=[registry["lama"]], actor=cast.admin_a)
    assert Innovation.objects.get(pk=registry["lama"].pk).year == 2024
