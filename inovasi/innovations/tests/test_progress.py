"""The one rule behind the task list, the submit pre-check and the form's "wajib" marks."""

import pytest
from django.core.exceptions import ValidationError

from inovasi.innovations import progress, services
from inovasi.innovations.enums import InnovationStatus as S
from inovasi.innovations.models import InnovationPerson, NarrativeGuide, Result
from inovasi.innovations.tests.builders import make_innovation

pytestmark = pytest.mark.django_db


def _statuses(innovation):
    return {t.key: t.status for t in progress.progress(innovation).tasks}


def test_a_bare_draft_has_not_started_and_cannot_be_submitted(cast):
    innovation = services.create_innovation(agency=cast.agency_a, actor=cast.operator_a, name="Baru")
    assert _statuses(innovation) == {
        "data": progress.IN_PROGRESS,  # the name and agency are there
        "narasi": progress.NOT_STARTED,
        "orang": progress.NOT_STARTED,
        "bukti": progress.NOT_STARTED,
        "ajukan": progress.CANNOT_START,
    }
    assert progress.progress(innovation).completed == 0


def test_the_tasks_fill_up_and_the_submit_check_reads_the_same_rule(cast):
    innovation = make_innovation(cast)
    record = progress.progress(innovation)
    assert (record.task("data").status, record.task("narasi").status) == (progress.DONE, progress.DONE)
    assert record.task("bukti").missing == ["Belum ada bukti."]
    assert record.missing == services.missing_for_submission(innovation) == ["Belum ada bukti."]
    with pytest.raises(ValidationError) as caught:
        services.submit_innovation(innovation=innovation, actor=cast.operator_a)
    assert caught.value.messages == record.missing
    services.add_part(innovation=innovation, model=InnovationPerson, actor=cast.operator_a, name="Anita")
    assert _statuses(innovation)["orang"] == progress.IN_PROGRESS
    services.add_part(
        innovation=innovation, model=Result, actor=cast.operator_a, metric="Petani", value=10, unit="orang", year=2025
    )
    services.add_evidence_link(innovation=innovation, actor=cast.operator_a, title="Video", url="https://youtu.be/a")
    record = progress.progress(innovation)
    assert (record.completed, record.total, record.percent, record.missing) == (4, 4, 100, [])
    assert record.task("ajukan").status == progress.NOT_STARTED
    services.submit_innovation(innovation=innovation, actor=cast.operator_a)
    innovation.refresh_from_db()
    assert _statuses(innovation)["ajukan"] == progress.DONE


def test_a_returned_record_marks_what_still_needs_fixing(cast):
    innovation = make_innovation(cast, status=S.RETURNED)
    services.update_innovation(innovation=innovation, actor=cast.operator_a, summary="")
    innovation.refresh_from_db()
    statuses = _statuses(innovation)
    assert statuses["narasi"] == progress.NEEDS_FIX
    assert statuses["ajukan"] == progress.NEEDS_FIX
    assert statuses["data"] == progress.DONE


def test_an_initiative_needs_no_evidence(cast):
    innovation = make_innovation(cast, stage="inisiatif")
    record = progress.progress(innovation)
    assert record.missing == [] and record.task("bukti").required is False


def test_every_narrative_section_has_a_guiding_question_stored_as_data():
    guides = dict(NarrativeGuide.objects.values_list("field", "question"))
    assert set(guides) == set(progress.NARRATIVE_FIELDS)
    assert all(q.endswith("?") for q in guides.values())
