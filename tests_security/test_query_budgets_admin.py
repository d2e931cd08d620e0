"""Query budgets of this round's lists: the system admin's bodies, users, invitations and outbox,
and the corrections list. Each costs the same queries for 1 item as for 3 (see budget.py)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from inovasi.accounts.enums import Role
from inovasi.accounts.models import Invitation
from inovasi.innovations.corrections import propose_correction
from inovasi.innovations.enums import InnovationStatus
from inovasi.organisations.models import OrganizerBody
from inovasi.outbox.enums import MailState
from inovasi.outbox.models import OutgoingMail
from inovasi.search.tests.factories import make_innovation
from tests_security.budget import constant_queries
from tests_support.personas import make_user


def _count(marker):
    return lambda body: body.count(marker)


def test_the_body_list_costs_the_same_for_1_and_3_bodies(client, cast):
    OrganizerBody.objects.create(name="Badan Anggaran Uji 1", short_name="BAU1")

    def grow():
        for i in (2, 3):
            body = OrganizerBody.objects.create(name=f"Badan Anggaran Uji {i}", short_name=f"BAU{i}")
            make_user(f"panitia{i}@uji.test", Role.ORGANIZER, "organizer_body", body)

    constant_queries(
        client,
        reverse("workspace:system_body_list"),
        data={"q": "Anggaran"},
        count=_count("Badan Anggaran Uji"),
        grow=grow,
        user=cast.system_admin,
    )


def test_the_user_list_costs_the_same_for_1_and_3_users(client, cast):
    make_user("anggaran1@uji.test", Role.OPERATOR, "agency", cast.agency_a, full_name="Pengguna Anggaran 1")

    def grow():
        make_user("anggaran2@uji.test", Role.PEMDA_ADMIN, "government", cast.gov_b, full_name="Pengguna Anggaran 2")
        make_user("anggaran3@uji.test", Role.ORGANIZER, "organizer_body", cast.body, full_name="Pengguna Anggaran 3")

    constant_queries(
        client,
        reverse("workspace:system_user_list"),
        data={"q": "Anggaran"},
        count=_count("Pengguna Anggaran"),
        grow=grow,
        user=cast.system_admin,
    )


def test_the_invitation_list_costs_the_same_for_1_and_3_invitations(client, cast):
    def invite(i, **scope):
        Invitation.objects.create(
            email=f"undangan{i}@uji.test",
            full_name=f"Undangan Anggaran {i}",
            token=f"undangan-anggaran-{i}",
            invited_by=cast.system_admin,
            expires_at=timezone.now() + timedelta(days=7),
            **scope,
        )

    invite(1, role=Role.JUROR, organizer_body=cast.body)
    constant_queries(
        client,
        reverse("workspace:system_invitation_list"),
        count=_count("Undangan Anggaran"),
        grow=lambda: (
            invite(2, role=Role.PEMDA_ADMIN, government=cast.gov_a),
            invite(3, role=Role.OPERATOR, agency=cast.agency_b),
        ),
        user=cast.system_admin,
    )


def test_the_outbox_costs_the_same_for_1_and_3_mails(client, cast):
    def mail(i):
        OutgoingMail.objects.create(
            to=f"gagal{i}@uji.test", subject=f"Surel Anggaran {i}", body="-", state=MailState.FAILED, attempts=6
        )

    mail(1)
    constant_queries(
        client,
        reverse("workspace:system_outbox"),
        count=_count("Surel Anggaran"),
        grow=lambda: (mail(2), mail(3)),
        user=cast.system_admin,
    )


def test_the_correction_list_costs_the_same_for_1_and_3_corrections(client, cast):
    def proposed(i, agency):
        innovation = make_innovation(agency, f"Rekam Terbit {i}", status=InnovationStatus.PUBLISHED)
        propose_correction(
            innovation=innovation,
            field="name",
            new_value=f"Koreksi Anggaran {i}",
            reason="Salah ketik pada nama.",
            actor=cast.admin_a,
        )

    proposed(1, cast.agency_a)
    constant_queries(
        client,
        reverse("workspace:correction_list"),
        count=_count("Koreksi Anggaran"),
        grow=lambda: (proposed(2, cast.agency_a), proposed(3, cast.unit_a)),
        user=cast.admin_a,
    )
