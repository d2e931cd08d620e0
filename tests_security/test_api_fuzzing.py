"""Property-based fuzzing of the API with Schemathesis, in-process through the WSGI app.

Every operation of /api/v1/openapi.json gets up to 25 generated requests; each response must not
be a 5xx and must match the documented status codes, content type and response schema, client
errors (401, 403, 404, 422 with their `{"detail": ...}` body) included: the schema declares them.
"""

import pytest
import schemathesis
from django.conf import settings as settings_module
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from inovasi.innovations.enums import InnovationStatus
from inovasi.innovations.tests.builders import make_innovation

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def published(cast):
    """One published innovation; also keeps the test's DB connection open across WSGI calls.

    Like Django's test client, detach `close_old_connections` from the request signals: otherwise the
    WSGI handler closes the connection that holds the test transaction (PostgreSQL).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield make_innovation(cast, status=InnovationStatus.PUBLISHED)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
def test_api_operations_never_fail_and_match_their_schema(case, published):
    response = case.call()
    case.validate_response(response)


judging = schema.include(path_regex="/judging/")


@pytest.fixture(params=["organizer", "juror"])
def session_cookie(request, cast, client):
    client.force_login(getattr(cast, request.param))
    name = settings_module.SESSION_COOKIE_NAME
    return {name: client.cookies[name].value}


@pytest.mark.slow
@judging.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
def test_judging_operations_with_a_session_never_fail_and_match_their_schema(case, published, session_cookie):
    response = case.call(cookies=session_cookie)
    assert response.status_code != 401
    case.validate_response(response)
