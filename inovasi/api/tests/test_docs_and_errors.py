"""The API describes itself: an index at /api/v1/, local Swagger UI under the site's CSP, and every
client error an operation can answer declared in the schema with its body."""

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

ERROR_REF = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


def test_the_api_root_answers_a_short_index(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response.json() == {
        "name": "Inovasi API",
        "version": "1",
        "schema": "http://testserver/api/v1/openapi.json",
        "docs": "http://testserver/api/v1/docs",
        "guide": "docs/api.md",
    }


def test_the_docs_page_loads_the_vendored_swagger_ui_under_the_site_csp(client):
    response = client.get("/api/v1/docs")
    page = response.content.decode()
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "cdn" not in page.lower() and "unpkg" not in page
    assert '<script src="/static/vendor/swagger-ui-5.35.0/swagger-ui-bundle.js"></script>' in page
    assert '<script src="/static/inovasi/api-docs.js"></script>' in page
    # The only other script element is the JSON settings block, which browsers do not run.
    assert page.count("<script") == 3 and '<script type="application/json" id="swagger-settings">' in page
    assert finders.find("vendor/swagger-ui-5.35.0/swagger-ui-bundle.js")
    assert finders.find("inovasi/api-docs.js")


def _responses(client, path, method="get"):
    return client.get("/api/v1/openapi.json").json()["paths"][path][method]["responses"]


def test_an_operation_with_a_path_parameter_declares_404_and_422_with_the_error_body(client):
    responses = _responses(client, "/api/v1/regions/{code}")
    assert sorted(responses) == ["200", "404", "422"]
    assert responses["404"]["content"] == ERROR_REF


def test_a_session_or_token_operation_declares_401_403_and_the_token_limits(client):
    responses = _responses(client, "/api/v1/judging/stages/{stage_id}/ranking")
    assert sorted(responses) == ["200", "401", "403", "404", "409", "422", "429"]
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["Error"]
    assert schema["required"] == ["detail"]


def test_an_operation_without_parameters_declares_only_success(client):
    assert sorted(_responses(client, "/api/v1/judging/my-assignments")) == ["200", "401", "403"]
