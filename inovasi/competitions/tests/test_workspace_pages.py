"""The Pemda's journey through the workspace screens, and what other personas are refused."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inovasi.audit.models import AuditEvent
from inovasi.competitions import services
from inovasi.competitions.enums import ProposalState as S
from inovasi.competitions.models import Proposal, ProposalAnswer

from .conftest import complete, make_innovation, pdf


@pytest.fixture
def published(kovablik):
    kovablik.is_published = True
    kovablik.save()
    return kovablik


def _start(client, cast, edition, innovation):
    client.force_login(cast.operator_a)
    return client.post(
        reverse("workspace:proposal_start", args=[edition.pk]),
        {"innovation": innovation.pk, "group": edition.groups.get(code="umum").pk},
    )


def test_an_operator_starts_edits_uploads_and_sends_a_proposal_through_the_screens(client, cast, published):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop")
    response = _start(client, cast, published, innovation)
    proposal = Proposal.objects.get()
    assert response["Location"] == reverse("workspace:proposal_detail", args=[proposal.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Uraian summary inovasi Among Tani Crop" in page
    assert 'data-word-limit="200"' in page
    assert "inovasi/proposal-words.js" in page
    assert "<script>" not in page
    data = {"title": "Among Tani Crop"}
    for answer in proposal.answers.all():
        data[f"section-{answer.section_id}"] = answer.text or "Isi bagian."
    assert client.post(reverse("workspace:proposal_detail", args=[proposal.pk]), data).status_code == 302
    for requirement in published.attachment_requirements.filter(required=True):
        payload = {"url": "https://video.example/a"} if requirement.kind == "link" else {"file": pdf()}
        client.post(reverse("workspace:proposal_attach", args=[proposal.pk, requirement.pk]), payload)
    response = client.post(reverse("workspace:proposal_action", args=[proposal.pk, "kirim"]), follow=True)
    assert "Proposal dikirim ke Admin Pemda." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == S.AWAITING_APPROVAL
    assert proposal.attachments.count() == 4


def test_the_admin_pemda_approves_and_submits_through_the_screen(client, cast, published):
    proposal = services.create_proposal(
        edition=published,
        innovation=make_innovation(cast.agency_a, "Among Tani Crop"),
        group=published.groups.get(code="umum"),
        actor=cast.operator_a,
    )
    complete(proposal, cast.operator_a)
    services.send_to_admin(proposal=proposal, actor=cast.operator_a)
    client.force_login(cast.operator_a)
    assert client.post(reverse("workspace:proposal_action", args=[proposal.pk, "ajukan"])).status_code == 403
    client.force_login(cast.admin_a)
    response = client.post(reverse("workspace:proposal_action", args=[proposal.pk, "ajukan"]), follow=True)
    assert "Proposal disetujui dan diajukan ke panitia." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == S.SUBMITTED


def test_a_refused_submission_lists_every_rule_on_the_page(client, cast, published):
    proposal = services.create_proposal(
        edition=published,
        innovation=make_innovation(cast.agency_a, "Among Tani Crop", resources="kata " * 250),
        group=published.groups.get(code="umum"),
        actor=cast.operator_a,
    )
    client.force_login(cast.operator_a)
    page = client.post(reverse("workspace:proposal_action", args=[proposal.pk, "kirim"]), follow=True).content.decode()
    assert "Bagian \u201cSumber daya\u201d berisi 250 kata; batasnya 200 kata." in page
    assert "Lampiran \u201cTautan video inovasi\u201d belum diunggah." in page
    assert "Bagian \u201cAdaptabilitas: potensi replikasi\u201d wajib diisi." in page
    proposal.refresh_from_db()
    assert proposal.state == S.DRAFT


def test_an_ineligible_innovation_is_explained_on_the_start_form(client, cast, published):
    from datetime import date

    innovation = make_innovation(cast.agency_a, "Baru Sekali", started_on=date(2025, 1, 1))
    response = _start(client, cast, published, innovation)
    assert response.status_code == 200
    assert "Inovasi harus sudah diterapkan minimal 1 tahun" in response.content.decode()
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("who", ["operator_b", "admin_b", "organizer", "juror", "no_role"])
def test_another_regions_staff_and_others_cannot_open_or_change_a_proposal_by_its_id(client, cast, published, who):
    proposal = services.create_proposal(
        edition=published,
        innovation=make_innovation(cast.agency_a, "Among Tani Crop"),
        group=published.groups.get(code="umum"),
        actor=cast.operator_a,
    )
    before = AuditEvent.objects.count()
    client.force_login(getattr(cast, who))
    requirement = published.attachment_requirements.get(code="video")
    urls = [
        ("get", reverse("workspace:proposal_detail", args=[proposal.pk])),
        ("post", reverse("workspace:proposal_detail", args=[proposal.pk])),
        ("post", reverse("workspace:proposal_attach", args=[proposal.pk, requirement.pk])),
        ("post", reverse("workspace:proposal_action", args=[proposal.pk, "kirim"])),
        ("post", reverse("workspace:proposal_action", args=[proposal.pk, "tarik"])),
    ]
    for method, url in urls:
        response = getattr(client, method)(url, {"url": "https://x.example", "title": "Diretas"})
        assert response.status_code == 403, url
    assert AuditEvent.objects.count() == before
    proposal.refresh_from_db()
    assert (proposal.title, proposal.state) == ("Among Tani Crop", S.DRAFT)


def test_admin_pemda_of_region_b_cannot_submit_for_region_a(client, cast, published):
    proposal = complete(
        services.create_proposal(
            edition=published,
            innovation=make_innovation(cast.agency_a, "Among Tani Crop"),
            group=published.groups.get(code="umum"),
            actor=cast.operator_a,
        ),
        cast.operator_a,
    )
    services.send_to_admin(proposal=proposal, actor=cast.operator_a)
    client.force_login(cast.admin_b)
    for action in ("ajukan", "kembalikan"):
        response = client.post(reverse("workspace:proposal_action", args=[proposal.pk, action]), {"reason": "x"})
        assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.state == S.AWAITING_APPROVAL


def test_an_operator_cannot_enter_another_regions_innovation(client, cast, published):
    make_innovation(cast.agency_a, "Among Tani Crop")
    theirs = make_innovation(cast.agency_b, "Rumah Diapers")
    response = _start(client, cast, published, theirs)
    assert response.status_code == 200
    assert "Masukkan pilihan yang valid" in response.content.decode()
    assert not Proposal.objects.exists()


def test_an_out_of_scope_pemda_does_not_see_the_edition(client, cast, published):
    from inovasi.accounts.enums import Role
    from inovasi.accounts.models import Membership, User
    from inovasi.organisations.models import Government

    semarang = Government.objects.get(region__code="33.74")
    user = User.objects.create_user("admin.smg@uji.test", "x" * 12, full_name="Admin Semarang")
    Membership.objects.create(user=user, role=Role.PEMDA_ADMIN, government=semarang)
    client.force_login(user)
    page = client.get(reverse("workspace:proposal_list")).content.decode()
    assert "KOVABLIK Jawa Timur 2025" not in page
    assert "Belum ada kompetisi yang membuka pendaftaran untuk daerah Anda." in page
    client.force_login(cast.admin_a)
    assert "KOVABLIK Jawa Timur 2025" in client.get(reverse("workspace:proposal_list")).content.decode()


def _count(client, user, url):
    client.force_login(user)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def test_the_proposal_list_costs_the_same_queries_for_1_and_3_proposals(client, cast, published):
    umum = published.groups.get(code="umum")
    services.create_proposal(
        edition=published, innovation=make_innovation(cast.agency_a, "Inovasi 0"), group=umum, actor=cast.operator_a
    )
    one, page = _count(client, cast.admin_a, reverse("workspace:proposal_list"))
    assert page.count("Draf operator") == 1
    for n in (1, 2):
        services.create_proposal(
            edition=published,
            innovation=make_innovation(cast.unit_a, f"Inovasi {n}"),
            group=umum,
            actor=cast.operator_a,
        )
    three, page = _count(client, cast.admin_a, reverse("workspace:proposal_list"))
    assert page.count("Draf operator") == 3
    assert one == three


def test_the_proposal_page_costs_the_same_queries_for_1_and_3_attachments(client, cast, published):
    proposal = services.create_proposal(
        edition=published,
        innovation=make_innovation(cast.agency_a, "Among Tani Crop"),
        group=published.groups.get(code="umum"),
        actor=cast.operator_a,
    )
    letters = list(published.attachment_requirements.filter(kind="pdf")[:3])
    services.attach(proposal=proposal, requirement=letters[0], upload=pdf(), actor=cast.operator_a)
    url = reverse("workspace:proposal_detail", args=[proposal.pk])
    one, page = _count(client, cast.operator_a, url)
    assert page.count("Berkas tersimpan") == 1
    for letter in letters[1:]:
        services.attach(proposal=proposal, requirement=letter, upload=pdf(), actor=cast.operator_a)
    three, page = _count(client, cast.operator_a, url)
    assert page.count("Berkas tersimpan") == 3
    assert one == three
    assert ProposalAnswer.objects.filter(proposal=proposal).count() == 9


def test_an_out_of_scope_pemda_cannot_start_a_proposal_by_posting(client, cast, published):
    from inovasi.accounts.enums import Role
    from inovasi.accounts.models import Membership, User
    from inovasi.organisations.enums import AgencyKind
    from inovasi.organisations.models import Agency, Government

    semarang = Government.objects.get(region__code="33.74")
    agency = Agency.objects.create(government=semarang, name="Dinas Kominfo Semarang", kind=AgencyKind.DINAS)
    user = User.objects.create_user("op.smg@uji.test", "x" * 12, full_name="Operator Semarang")
    Membership.objects.create(user=user, role=Role.OPERATOR, agency=agency)
    innovation = make_innovation(agency, "Semarang Pintar")
    client.force_login(user)
    response = client.post(
        reverse("workspace:proposal_start", args=[published.pk]),
        {"innovation": innovation.pk, "group": published.groups.get(code="umum").pk},
    )
    assert response.status_code == 200
    assert "Tidak ada inovasi terbit yang dapat diikutkan." in response.content.decode()
    assert not Proposal.objects.exists()


def test_an_unpublished_edition_cannot_be_entered(client, cast, kovablik):
    client.force_login(cast.operator_a)
    assert client.get(reverse("workspace:proposal_start", args=[kovablik.pk])).status_code == 404


def test_the_operator_picks_a_category_of_this_edition_only(client, cast, published):
    from inovasi.competitions.editions import create_edition_from_preset

    mine = published.categories.create(code="digital", name="Layanan digital")
    other = create_edition_from_preset(preset="kipp", body=cast.other_body, year=2025, actor=cast.system_admin)
    foreign = other.categories.first()
    proposal = services.create_proposal(
        edition=published,
        innovation=make_innovation(cast.agency_a, "Among Tani Crop"),
        group=published.groups.get(code="umum"),
        actor=cast.operator_a,
    )
    client.force_login(cast.operator_a)
    url = reverse("workspace:proposal_detail", args=[proposal.pk])
    assert client.post(url, {"title": "Among Tani Crop", "category": foreign.pk}).status_code == 403
    assert client.post(url, {"title": "Among Tani Crop", "category": mine.pk}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.category == mine
    assert proposal.answers.get(section__code="ringkasan").text.startswith("Uraian summary")
