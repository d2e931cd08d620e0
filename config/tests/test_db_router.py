"""The read-replica router: anonymous public reads go to `replica`, everything else to `default`.

The replica here is a second connection to the test database (what `TEST: {"MIRROR": "default"}`
gives when DATABASE_REPLICA_URL is set), so each query can be attributed to the alias it used. A
second connection only sees committed rows, and the router keeps reads inside a transaction on the
primary, so these tests run in autocommit mode (`transaction=True`, the database is emptied after
each test; the reference lists are loaded again when missing).
"""

import pytest
from django.db import connections, router
from django.test.utils import CaptureQueriesContext

from config.db_router import REPLICA, reads_on_replica
from inovasi.innovations.models import GovernmentAffair, Innovation, SustainableDevelopmentGoal
from inovasi.innovations.reference_data import load_reference_lists
from inovasi.organisations.models import OrganizerBody
from inovasi.organisations.services import sync_governments
from inovasi.regions.models import Region
from inovasi.regions.services import load_regions

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup):
    """A `replica` alias mirroring the test database, unless DATABASE_REPLICA_URL already made one.

    Module-scoped so it exists before pytest-django sets up each test's allowed databases.
    """
    added = REPLICA not in connections.settings
    if added:
        default = connections["default"].settings_dict
        connections.settings[REPLICA] = {**default, "TEST": {**default["TEST"], "MIRROR": "default"}}
    yield
    connections[REPLICA].close()
    if added:
        del connections[REPLICA]
        del connections.settings[REPLICA]


@pytest.fixture
def replica():
    if not Region.objects.filter(code="35.79").exists():  # an earlier transactional test emptied it
        load_regions()
        sync_governments()
        load_reference_lists(GovernmentAffair, SustainableDevelopmentGoal)
    return connections[REPLICA]


class Capture:
    """The SQL each alias ran inside the block."""

    def __enter__(self):
        self._contexts = {alias: CaptureQueriesContext(connections[alias]) for alias in ("default", REPLICA)}
        for ctx in self._contexts.values():
            ctx.__enter__()
        return self

    def __exit__(self, *exc):
        for ctx in self._contexts.values():
            ctx.__exit__(*exc)

    def sql(self, alias) -> list[str]:
        return [q["sql"] for q in self._contexts[alias].captured_queries]

    def writes(self, alias) -> list[str]:
        return [sql for sql in self.sql(alias) if sql.lstrip().upper().startswith(WRITES)]


def test_an_anonymous_visitor_reads_public_pages_and_the_api_from_the_replica(client, replica):
    with Capture() as seen:
        response = client.get("/wilayah/35.79/")
    assert response.status_code == 200
    assert "Kota Batu" in response.content.decode()
    assert any('"regions_region"' in sql for sql in seen.sql(REPLICA))
    assert any('"innovations_innovation"' in sql for sql in seen.sql(REPLICA))
    assert seen.sql("default") == []

    with Capture() as seen:
        response = client.get("/api/v1/regions", {"parent": "35"})
    assert response.json()["count"] == 38  # 29 kabupaten and 9 kota of Jawa Timur
    assert seen.sql(REPLICA) and seen.sql("default") == []


def test_catalog_search_and_its_facet_counts_are_read_from_the_replica(client, replica):
    # A search with a filter counts its facets with raw SQL (one materialised match): that SQL too
    # must run on the replica, not on the primary's connection.
    with Capture() as seen:
        response = client.get("/inovasi/", {"q": "pelayanan", "province": "35"})
    assert response.status_code == 200
    assert any("hits" in sql for sql in seen.sql(REPLICA))
    assert seen.sql("default") == []


def test_a_signed_in_user_reads_everything_from_the_primary(client, replica):
    from inovasi.accounts.models import User

    client.force_login(User.objects.create_user("pembaca@uji.test", "Sandi-Uji-Panjang-1", full_name="Pembaca"))
    with Capture() as seen:
        response = client.get("/wilayah/35.79/")
    assert response.status_code == 200
    assert any('"regions_region"' in sql for sql in seen.sql("default"))
    assert seen.sql(REPLICA) == []


def test_the_workspace_is_never_routed_to_the_replica_even_anonymously(client):
    with Capture() as seen:
        response = client.get("/ruang-kerja/")
    assert response.status_code == 302  # to the login page
    assert seen.sql(REPLICA) == []


def test_a_write_during_a_replica_read_goes_to_the_primary():
    with reads_on_replica(), Capture() as seen:
        body = OrganizerBody.objects.create(name="Penyelenggara Sementara", short_name="PS")
        OrganizerBody.objects.filter(pk=body.pk).update(short_name="PS2")
        assert OrganizerBody.objects.get(pk=body.pk).short_name == "PS2"  # read: replica
        body.delete()
    assert seen.writes(REPLICA) == []
    assert {sql.split()[0] for sql in seen.writes("default")} == {"INSERT", "UPDATE", "DELETE"}
    assert any('"organisations_organizerbody"' in sql for sql in seen.sql(REPLICA))


def test_reads_inside_a_transaction_on_the_primary_stay_on_the_primary():
    from django.db import transaction

    with reads_on_replica(), Capture() as seen, transaction.atomic():
        list(Region.objects.all()[:1])
    assert seen.sql(REPLICA) == [] and seen.sql("default")


def test_sessions_and_accounts_are_always_read_from_the_primary():
    from django.contrib.sessions.models import Session

    from inovasi.accounts.models import User

    with reads_on_replica():
        assert router.db_for_read(Session) == "default"
        assert router.db_for_read(User) == "default"
        assert router.db_for_read(Innovation) == REPLICA
        assert router.db_for_write(Innovation) == "default"
    assert router.db_for_read(Innovation) == "default"


def test_the_router_keeps_the_replica_out_of_migrations():
    assert router.allow_migrate(REPLICA, "innovations") is False
    assert router.allow_migrate("default", "innovations") is True
