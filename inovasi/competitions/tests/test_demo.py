"""The demo tells the KOVABLIK stories with labels as data, and loading twice changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from inovasi.competitions.enums import ProposalState as S
from inovasi.competitions.models import Edition, Proposal, StageResult
from inovasi.demo.competitions import load_competitions
from inovasi.demo.organisations import load_organisations


@pytest.mark.slow
def test_the_demo_loads_kovablik_2020_2023_and_2025_idempotently(db):
    call_command("load_demo", stdout=StringIO())
    counts = (Edition.objects.count(), Proposal.objects.count(), StageResult.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (Edition.objects.count(), Proposal.objects.count(), StageResult.objects.count()) == counts
    # The IGA 2024 edition (BSKDN) carries the field verification of the Kota Batu story; the
    # edition of the current year (inovasi/demo/judging.py) is in desk evaluation.
    current = timezone.localdate().year
    assert sorted(Edition.objects.values_list("name", flat=True)) == sorted(
        [
            "Innovative Government Award 2024",
            "KOVABLIK Jawa Timur 2020",
            "KOVABLIK Jawa Timur 2023",
            "KOVABLIK Jawa Timur 2025",
            f"KOVABLIK Jawa Timur {current}",
        ]
    )
    labels = {
        (r.stage.edition.year, r.proposal.title, r.label)
        for r in StageResult.objects.published().select_related("stage__edition", "proposal")
    }
    assert labels == {
        (2020, "Segar Kagemi", "Top 30"),
        (2020, "Rumah Diapers", "Top 45"),
        (2023, "STMJ SAKERA", "Top Inovasi Terpuji"),
        (2023, "BAKSO SAKERA", "Top Inovasi Terpuji"),
    }
    pentas = Proposal.objects.get(edition__year=2025, title="PENTAS GEMILANG")
    assert (pentas.state, pentas.government.name) == (S.PASSED_ADMIN, "Pemerintah Kota Pasuruan")
    assert pentas.snapshot["answers"]["ringkasan"]["text"].startswith("Peserta didik mengolah limbah anorganik")


def test_without_the_story_innovations_the_editions_load_and_proposals_are_skipped(db):
    editions = load_competitions(load_organisations())
    assert sorted(editions) == [2020, 2023, 2025]
    assert not Proposal.objects.exists()
    assert editions[2023].stages.filter(label="Top Inovasi Terpuji").count() == 1
