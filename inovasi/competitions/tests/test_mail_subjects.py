"""Proposal mail subjects are plain text: no HTML escaping, no line breaks."""

from django.core import mail

from .conftest import enter, make_innovation


def test_a_title_with_an_ampersand_and_a_newline_reaches_the_subject_as_typed(
    kovablik, cast, django_capture_on_commit_callbacks
):
    innovation = make_innovation(cast.agency_a, "Tani & Ternak\nTerpadu")
    with django_capture_on_commit_callbacks(execute=True):
        enter(kovablik, innovation, cast.operator_a, cast.admin_a)
    subjects = {m.subject for m in mail.outbox}
    assert "[Inovasi] Proposal \u201cTani & Ternak Terpadu\u201d: Diterima panitia" in subjects
