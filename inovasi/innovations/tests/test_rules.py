"""The permission matrix: personas × actions on Pemkot Batu's innovations (region A)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from inovasi.innovations.enums import InnovationStatus as S
from inovasi.innovations.models import Evidence
from inovasi.innovations.tests.builders import make_innovation

PERSONAS = [
    "anonymous",
    "no_role",
    "operator_a",
    "operator_b",
    "admin_a",
    "admin_b",
    "organizer",
    "juror",
    "system_admin",
]
MANAGERS = {"operator_a", "admin_a", "system_admin"}
REVIEWERS = {"admin_a", "system_admin"}

# (permission, status of the innovation, personas allowed)
MATRIX = [
    ("innovations.view_innovation", S.DRAFT, MANAGERS),
    ("innovations.view_innovation", S.SUBMITTED, MANAGERS),
    ("innovations.view_innovation", S.ARCHIVED, MANAGERS),
    ("innovations.view_innovation", S.PUBLISHED, set(PERSONAS)),
    ("innovations.change_innovation", S.DRAFT, MANAGERS),
    ("innovations.change_innovation", S.RETURNED, MANAGERS),
    ("innovations.change_innovation", S.SUBMITTED, set()),
    ("innovations.change_innovation", S.PUBLISHED, set()),
    ("innovations.submit_innovation", S.DRAFT, MANAGERS),
    ("innovations.submit_innovation", S.PUBLISHED, set()),
    ("innovations.review_innovation", S.SUBMITTED, REVIEWERS),
    ("innovations.review_innovation", S.DRAFT, set()),
    ("innovations.archive_innovation", S.PUBLISHED, REVIEWERS),
    ("innovations.archive_innovation", S.SUBMITTED, set()),
    ("innovations.restore_innovation", S.ARCHIVED, REVIEWERS),
    ("innovations.start_new_year", S.PUBLISHED, MANAGERS),
    ("innovations.start_new_year", S.SUBMITTED, set()),
    ("innovations.change_outcomes", S.PUBLISHED, MANAGERS),
    ("innovations.change_outcomes", S.ARCHIVED, set()),
]


def _user(cast, persona):
    return AnonymousUser() if persona == "anonymous" else getattr(cast, persona)


@pytest.mark.parametrize(("perm", "status", "allowed"), MATRIX, ids=[f"{p}-{s}" for p, s, _ in MATRIX])
def test_the_innovation_permission_matrix(cast, perm, status, allowed):
    innovation = make_innovation(cast, status=status)
    granted = {persona for persona in PERSONAS if _user(cast, persona).has_perm(perm, innovation)}
    assert granted == allowed


def test_the_operator_of_a_parent_agency_manages_its_units_innovations_but_not_the_other_way(cast):
    from conftest import make_user
    from inovasi.accounts.enums import Role

    unit_operator = make_user("op.unit@uji.test", Role.OPERATOR, "agency", cast.unit_a)
    of_unit = make_innovation(cast, agency=cast.unit_a, name="Benih Unggul")
    of_dinas = make_innovation(cast, name="Kartu Tani")
    assert cast.operator_a.has_perm("innovations.change_innovation", of_unit)
    assert unit_operator.has_perm("innovations.change_innovation", of_unit)
    assert not unit_operator.has_perm("innovations.view_innovation", of_dinas)


def test_who_may_record_a_new_innovation_for_an_agency(cast):
    granted = {p for p in PERSONAS if _user(cast, p).has_perm("innovations.add_innovation", cast.unit_a)}
    assert granted == MANAGERS


@pytest.mark.parametrize(
    ("status", "is_public", "allowed"),
    [
        (S.PUBLISHED, True, set(PERSONAS)),
        (S.PUBLISHED, False, MANAGERS),
        (S.DRAFT, True, MANAGERS),
        (S.ARCHIVED, True, MANAGERS),
    ],
)
def test_the_evidence_permission_matrix(cast, status, is_public, allowed):
    innovation = make_innovation(cast, status=status)
    evidence = Evidence.objects.create(
        innovation=innovation, kind="link", title="x", url="https://a.id", is_public=is_public
    )
    granted = {p for p in PERSONAS if _user(cast, p).has_perm("innovations.view_evidence", evidence)}
    assert granted == allowed


def test_private_evidence_is_closed_to_operators_of_other_agencies_of_the_same_pemda(cast):
    from conftest import make_user
    from inovasi.accounts.enums import Role
    from inovasi.organisations.models import Agency

    other = Agency.objects.create(government=cast.gov_a, name="Bappeda Kota Batu", kind="badan")
    colleague = make_user("op.bappeda@uji.test", Role.OPERATOR, "agency", other)
    evidence = Evidence.objects.create(
        innovation=make_innovation(cast), kind="link", title="x", url="https://a.id", is_public=False
    )
    assert not colleague.has_perm("innovations.view_evidence", evidence)
    assert not colleague.has_perm("innovations.view_innovation", evidence.innovation)
    assert cast.admin_a.has_perm("innovations.view_evidence", evidence)
