"""The personas every app's tests meet: Kota Batu (region A, 35.79) and Kota Malang (region B, 35.73)
with an agency each, an organizer body, and one user per role (`Cast`, the root conftest's `cast`
fixture); `make_user` for more. An operator or Admin Pemda of one region must be refused on the other.
"""

from inovasi.accounts.enums import Role
from inovasi.accounts.models import Membership, User
from inovasi.organisations.enums import AgencyKind
from inovasi.organisations.models import Agency, Government, OrganizerBody
from inovasi.organisations.services import sync_governments
from inovasi.regions.services import load_regions
from tests_support import PASSWORD


def make_user(email, role=None, scope_field=None, scope=None, **extra):
    user = User.objects.create_user(email, PASSWORD, full_name=extra.pop("full_name", email.split("@")[0]), **extra)
    if role:
        Membership.objects.create(user=user, role=role, **({scope_field: scope} if scope_field else {}))
    return user


class Cast:
    """Objects and personas shared by most tests; built lazily per test."""

    def __init__(self):
        self.gov_a = Government.objects.get(region__code="35.79")
        self.gov_b = Government.objects.get(region__code="35.73")
        self.agency_a = Agency.objects.create(
            government=self.gov_a, name="Dinas Pertanian Kota Batu", kind=AgencyKind.DINAS
        )
        self.unit_a = Agency.objects.create(
            government=self.gov_a, name="UPT Benih Kota Batu", kind=AgencyKind.UPT, parent=self.agency_a
        )
        self.agency_b = Agency.objects.create(
            government=self.gov_b, name="Dinas Kesehatan Kota Malang", kind=AgencyKind.DINAS
        )
        self.body = OrganizerBody.objects.create(
            name="Biro Organisasi Jatim", short_name="Biro Org", government=Government.objects.get(region__code="35")
        )
        self.other_body = OrganizerBody.objects.create(name="KemenPAN-RB", short_name="PANRB")
        self.system_admin = make_user("sys@uji.test", Role.SYSTEM_ADMIN)
        self.admin_a = make_user("admin.a@uji.test", Role.PEMDA_ADMIN, "government", self.gov_a)
        self.admin_b = make_user("admin.b@uji.test", Role.PEMDA_ADMIN, "government", self.gov_b)
        self.operator_a = make_user("op.a@uji.test", Role.OPERATOR, "agency", self.agency_a)
        self.operator_b = make_user("op.b@uji.test", Role.OPERATOR, "agency", self.agency_b)
        self.organizer = make_user("panitia@uji.test", Role.ORGANIZER, "organizer_body", self.body)
        self.juror = make_user("juri@uji.test", Role.JUROR, "organizer_body", self.body)
        self.verifier = make_user("verif@uji.test", Role.VERIFIER, "organizer_body", self.body)
        self.no_role = make_user("tanpa.peran@uji.test")


def ensure_reference_data():
    """A transactional test (live server, parallel clients) flushes the database when it ends, data
    migrations included; put the regions, Pemda, urusan and SDGs back for the tests after it."""
    from inovasi.innovations.models import GovernmentAffair, SustainableDevelopmentGoal
    from inovasi.innovations.reference_data import load_reference_lists
    from inovasi.organisations.models import Government

    if not Government.objects.exists():
        load_regions()
        sync_governments()
    if not GovernmentAffair.objects.exists() or not SustainableDevelopmentGoal.objects.exists():
        load_reference_lists(GovernmentAffair, SustainableDevelopmentGoal)
