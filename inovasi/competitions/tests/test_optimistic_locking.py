"""Two people editing one proposal: a stale save is refused, kept on screen and audited; double
submits are harmless. (Real parallel clients: tests_security/test_concurrency.py.)"""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from inovasi.audit.models import AuditEvent
from inovasi.competitions import services
from inovasi.competitions.enums import ProposalState as S
from inovasi.competitions.models import Proposal

from .conftest import complete, make_innovation


@pytest.fixture
def published(kovablik):
    kovablik.is_published = True
    kovablik.save()
    return kovablik


@pytest.fixture
def draft(published, cast):
    return services.create_proposal(
        edition=published,
        innovation=make_innovation(cast.agency_a, "Among Tani Crop"),
        group=published.groups.get(code="umum"),
        actor=cast.operator_a,
    )


def _section(proposal, code):
    return proposal.answers.select_related("section").get(section__code=code).section


def test_a_save_based_on_an_old_version_is_refused_nothing_written_and_the_refusal_audited(draft, cast):
    summary = _section(draft, "ringkasan")
    opened_at = draft.version
    services.update_proposal(
        proposal=draft, answers={summary.pk: "Teks operator."}, version=opened_at, actor=cast.operator_a
    )
    with pytest.raises(services.StaleProposal) as refused:
        services.update_proposal(
            proposal=draft, answers={summary.pk: "Teks admin."}, version=opened_at, actor=cast.admin_a
        )
    assert refused.value.changes == [
        {"field": f"section-{summary.pk}", "label": summary.title, "saved": "Teks operator."}
    ]
    assert refused.value.current_version == opened_at + 1
    assert "sudah diubah oleh op.a pada 2 Juni 2025 10.00 WIB" in refused.value.messages[0]
    assert draft.answers.get(section=summary).text == "Teks operator."
    event = AuditEvent.objects.get(action="proposal.stale_refused")
    assert (event.actor, event.after["submitted_version"], event.after["current_version"]) == (
        cast.admin_a,
        opened_at,
        opened_at + 1,
    )
    assert event.after["fields"] == [f"section-{summary.pk}"]


def test_saving_again_with_the_current_version_overwrites_deliberately(draft, cast):
    summary = _section(draft, "ringkasan")
    services.update_proposal(proposal=draft, answers={summary.pk: "Satu."}, version=1, actor=cast.operator_a)
    services.update_proposal(proposal=draft, answers={summary.pk: "Dua."}, version=2, actor=cast.admin_a)
    draft.refresh_from_db()
    assert (draft.version, draft.answers.get(section=summary).text) == (3, "Dua.")


def test_the_same_input_sent_twice_is_saved_once(draft, cast):
    summary = _section(draft, "ringkasan")
    for _attempt in range(2):
        services.update_proposal(
            proposal=draft, answers={summary.pk: "Sama.\r\nBaris dua."}, version=1, actor=cast.operator_a
        )
    draft.refresh_from_db()
    assert draft.version == 2
    assert AuditEvent.objects.filter(action="proposal.update").count() == 1
    assert not AuditEvent.objects.filter(action="proposal.stale_refused").exists()


def test_every_state_move_bumps_the_version(draft, cast):
    complete(draft, cast.operator_a)
    before = Proposal.objects.get(pk=draft.pk).version
    services.send_to_admin(proposal=draft, actor=cast.operator_a)
    assert Proposal.objects.get(pk=draft.pk).version == before + 1


def test_approving_text_that_changed_after_the_admin_opened_it_is_refused(draft, cast):
    complete(draft, cast.operator_a)
    services.send_to_admin(proposal=draft, actor=cast.operator_a)
    seen_by_admin = Proposal.objects.get(pk=draft.pk).version
    summary = _section(draft, "ringkasan")
    services.update_proposal(proposal=draft, answers={summary.pk: "Diubah lagi."}, actor=cast.operator_a)
    with pytest.raises(services.StaleProposal) as refused:
        services.approve_and_submit(proposal=draft, version=seen_by_admin, actor=cast.admin_a)
    assert "Tindakan Anda belum dijalankan" in refused.value.messages[0]
    assert Proposal.objects.get(pk=draft.pk).state == S.AWAITING_APPROVAL
    assert AuditEvent.objects.get(action="proposal.stale_refused").after["action"] == "proposal.submit"


def test_submitting_twice_submits_once_and_says_so(draft, cast, django_capture_on_commit_callbacks):
    complete(draft, cast.operator_a)
    services.send_to_admin(proposal=draft, actor=cast.operator_a)
    version = Proposal.objects.get(pk=draft.pk).version
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_and_submit(proposal=draft, version=version, actor=cast.admin_a)
    sent = len(mail.outbox)
    with pytest.raises(ValidationError) as second:
        services.approve_and_submit(proposal=draft, version=version, actor=cast.admin_a)
    assert second.value.code == "already_done"
    assert second.value.messages == ["Proposal ini sudah diajukan ke panitia pada 2 Juni 2025 10.00 WIB."]
    assert AuditEvent.objects.filter(action="proposal.submit").count() == 1
    assert len(mail.outbox) == sent


def test_the_edit_page_keeps_the_refused_input_and_shows_the_saved_version(client, draft, cast):
    summary = _section(draft, "ringkasan")
    url = reverse("workspace:proposal_detail", args=[draft.pk])
    client.force_login(cast.admin_a)
    page = client.get(url).content.decode()
    assert '<input type="hidden" name="version" value="1">' in page
    services.update_proposal(
        proposal=draft, answers={summary.pk: "Versi operator yang baru."}, version=1, actor=cast.operator_a
    )
    response = client.post(
        url, {"version": "1", "title": "Among Tani Crop", f"section-{summary.pk}": "Versi admin yang belum tersimpan."}
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Versi admin yang belum tersimpan.</textarea>" in page
    assert "Versi operator yang baru." in page
    assert "Isian Anda tetap ditampilkan" in page
    assert '<input type="hidden" name="version" value="2">' in page
    again = client.post(
        url, {"version": "2", "title": "Among Tani Crop", f"section-{summary.pk}": "Versi admin yang belum tersimpan."}
    )
    assert again.status_code == 302
    assert draft.answers.get(section=summary).text == "Versi admin yang belum tersimpan."


def test_saving_a_proposal_submitted_meanwhile_keeps_the_typed_text_on_screen(client, draft, cast):
    summary = _section(draft, "ringkasan")
    complete(draft, cast.operator_a)
    client.force_login(cast.operator_a)
    url = reverse("workspace:proposal_detail", args=[draft.pk])
    version = Proposal.objects.get(pk=draft.pk).version
    services.send_to_admin(proposal=draft, actor=cast.operator_a)
    services.approve_and_submit(proposal=draft, actor=cast.admin_a)
    response = client.post(url, {"version": version, f"section-{summary.pk}": "Teks yang tidak boleh hilang."})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Proposal berstatus “Diterima panitia”, sehingga isian Anda tidak dapat disimpan lagi." in page
    assert "Teks yang tidak boleh hilang." in page


def test_another_regions_operator_still_gets_403_when_posting_to_a_proposal(client, draft, cast):
    client.force_login(cast.operator_b)
    assert client.post(reverse("workspace:proposal_detail", args=[draft.pk]), {"version": 1}).status_code == 403


def test_starting_the_same_proposal_twice_lands_on_the_first_one(client, published, cast):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop")
    client.force_login(cast.operator_a)
    data = {"innovation": innovation.pk, "group": published.groups.get(code="umum").pk}
    url = reverse("workspace:proposal_start", args=[published.pk])
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    proposal = Proposal.objects.get()
    assert first["Location"] == second.redirect_chain[0][0] == reverse("workspace:proposal_detail", args=[proposal.pk])
    assert "Inovasi ini sudah diikutkan pada" in second.content.decode()


@pytest.mark.parametrize(
    ("action", "message"),
    [("kirim", "Proposal ini sudah dikirim ke Admin Pemda."), ("tarik", "Proposal ini sudah ditarik.")],
)
def test_a_double_clicked_action_button_is_a_no_op_with_a_clear_message(client, draft, cast, action, message):
    complete(draft, cast.operator_a)
    client.force_login(cast.admin_a)
    url = reverse("workspace:proposal_action", args=[draft.pk, action])
    version = Proposal.objects.get(pk=draft.pk).version
    client.post(url, {"version": version})
    events = AuditEvent.objects.count()
    response = client.post(url, {"version": version}, follow=True)
    assert message in response.content.decode()
    assert AuditEvent.objects.count() == events
