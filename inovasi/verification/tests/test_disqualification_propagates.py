"""Issue 13, item 11: a proposal disqualified at any stage leaves every later stage and list; the
frozen lists keep their entries and readers show "didiskualifikasi pada … karena …"."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inovasi.audit.models import AuditEvent
from inovasi.competitions import shortlists
from inovasi.competitions.enums import DisqualificationSource, ObjectionState, ProposalState
from inovasi.competitions.models import Disqualification, StageResult
from inovasi.judging.stages import candidates
from inovasi.verification.enums import Recommendation
from inovasi.verification.tests.test_outcomes import _report

pytestmark = pytest.mark.django_db

REASON = "Alasan rekomendasi tim di lapangan."


@pytest.fixture
def listed(world):
    """BAKSO SAKERA and STMJ SAKERA on the published Top 90; the edition is public."""
    world.edition.is_published = True
    world.edition.save(update_fields=["is_published"])
    bakso, stmj = world.proposal("BAKSO SAKERA"), world.proposal("STMJ SAKERA", agency=world.cast.agency_b)
    top90 = world.edition.stages.get(label="Top 90")
    shortlists.publish_shortlist(stage=top90, proposals=[bakso, stmj], actor=world.cast.organizer)
    return bakso, stmj, top90


def test_a_proposal_disqualified_by_field_verification_leaves_the_final_stage(client, world, listed):
    bakso, stmj, top90 = listed
    _report(world, world.plan(bakso), Recommendation.DISQUALIFY)
    bakso.refresh_from_db()
    assert bakso.state == ProposalState.ELIMINATED
    record = Disqualification.objects.get(proposal=bakso)
    assert (record.stage, record.source, record.reason) == (world.stage, DisqualificationSource.VERIFICATION, REASON)
    assert record.annotation == f"didiskualifikasi pada Verifikasi lapangan (12-06-2025) karena {REASON}"
    event = AuditEvent.objects.get(action="proposal.disqualify")
    assert (event.before, event.after["state"], event.after["source"]) == (
        {"state": "shortlisted"},
        "eliminated",
        "verification",
    )

    top45 = world.edition.stages.get(label="Top 45")
    assert list(candidates(top45)) == [stmj]
    client.force_login(world.cast.organizer)
    response = client.get(reverse("organizer:stage_shortlist", args=[top45.pk]))
    assert [p.title for p in response.context["candidates"]] == ["STMJ SAKERA"]
    html = response.content.decode()
    assert "untuk sekarang panitia memilih" not in html
    assert f"BAKSO SAKERA — {record.annotation}" in html
    with pytest.raises(ValidationError) as error:
        shortlists.publish_shortlist(stage=top45, proposals=[bakso], actor=world.cast.organizer)
    assert error.value.messages == [f"BAKSO SAKERA tidak dapat masuk daftar: {record.annotation}."]

    # The frozen Top 90 list is not rewritten; readers annotate it.
    result = StageResult.objects.get(stage=top90, proposal=bakso)
    assert (result.label, result.rank, result.withdrawn_at) == ("Top 90", 1, None)
    page = client.get(reverse("public:edition_results", args=[world.edition.pk])).content.decode()
    assert "Didiskualifikasi pada Verifikasi lapangan (12-06-2025) karena " + REASON in page
    slides = client.get(reverse("public:edition_gallery_data", args=[world.edition.pk])).json()["slides"]
    labels = {slide["name"]: slide["label"] for slide in slides}
    api = client.get(f"/api/v1/editions/{world.edition.pk}/results").json()
    assert [(e["title"], e["disqualification"]) for e in api["stages"][0]["entries"]] == [
        ("BAKSO SAKERA", record.annotation),
        ("STMJ SAKERA", ""),
    ]
    assert labels == {"BAKSO SAKERA": f"Top 90 — {record.annotation}", "STMJ SAKERA": "Top 90"}


def test_an_upheld_objection_disqualifies_and_is_annotated(world, listed, frozen):
    bakso, _stmj, _top90 = listed
    window = world.edition.stages.get(kind="objection_window")
    objection = shortlists.file_objection(
        stage=window,
        proposal=bakso,
        reason="Inovasi ini belum berjalan satu tahun menurut dokumen anggaran daerah.",
        contact_name="Warga",
        contact_email="warga@contoh.test",
    )
    frozen.shift(60 * 60 * 24 * 4)
    shortlists.resolve_objection(
        objection=objection,
        outcome=ObjectionState.UPHELD,
        resolution="Terbukti belum berjalan satu tahun.",
        actor=world.cast.organizer,
    )
    record = Disqualification.objects.get(proposal=bakso)
    assert (record.stage, record.source) == (window, DisqualificationSource.OBJECTION)
    assert record.annotation.startswith("didiskualifikasi pada Masa sanggah publik (")
    assert record.annotation.endswith("karena Terbukti belum berjalan satu tahun.")


def test_a_later_list_cannot_be_longer_than_what_the_previous_list_left(world, listed):
    bakso, stmj, _top90 = listed
    top45 = world.edition.stages.get(label="Top 45")
    shortlists.publish_shortlist(stage=top45, proposals=[bakso], actor=world.cast.organizer)
    top30 = world.edition.stages.get(label="Top 30")
    with pytest.raises(ValidationError) as error:
        shortlists.publish_shortlist(stage=top30, proposals=[bakso, stmj], actor=world.cast.organizer)
    assert error.value.messages == [
        "Tahap ini tidak dapat meloloskan 2 proposal: daftar Top 45 hanya menyisakan 1 proposal yang masih bertahan."
    ]
    with pytest.raises(ValidationError) as error:
        shortlists.publish_shortlist(stage=top30, proposals=[stmj], actor=world.cast.organizer)
    assert error.value.messages == ["STMJ SAKERA tidak ada di daftar Top 45, jadi tidak dapat maju ke tahap ini."]
    assert [
        r.proposal for r in shortlists.publish_shortlist(stage=top30, proposals=[bakso], actor=world.cast.organizer)
    ] == [bakso]
