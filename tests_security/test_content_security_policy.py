"""The Content Security Policy header, and pages that respect it (no inline scripts)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

EXPECTED_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)

# (persona or None for anonymous, URL name, kwargs)
PAGES = [
    (None, "public:home", {}),
    (None, "public:catalog", {}),
    (None, "public:similar_innovations", {}),
    (None, "public:region_detail", {"code": "35.79"}),
    (None, "public:index_dashboard", {}),
    (None, "public:edition_list", {}),
    (None, "accounts:login", {}),
    (None, "accounts:password_reset", {}),
    ("operator_a", "accounts:profile", {}),
    ("operator_a", "workspace:dashboard", {}),
    ("operator_a", "workspace:innovation_list", {}),
    ("operator_a", "workspace:innovation_create", {}),
    ("operator_a", "workspace:proposal_list", {}),
    ("admin_a", "workspace:innovation_review_queue", {}),
    ("admin_a", "workspace:agency_list", {"government_id": "gov_a"}),
    ("admin_a", "workspace:member_list", {"government_id": "gov_a"}),
    ("admin_a", "workspace:import_start", {"government_id": "gov_a"}),
    ("admin_a", "workspace:index_home", {"government_id": "gov_a"}),
    ("organizer", "organizer:dashboard", {}),
    ("organizer", "organizer:competition_list", {}),
    ("organizer", "organizer:competition_create", {}),
    ("organizer", "organizer:index_frameworks", {}),
    ("juror", "jury:dashboard", {}),
    ("system_admin", "workspace:system_home", {}),
    ("system_admin", "workspace:system_user_list", {}),
]


def parse_policy(header):
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
        for part in (p.strip() for p in header.split(";"))
        if part
    }


def test_every_page_carries_the_policy_with_the_exact_directives(client):
    response = client.get(reverse("public:home"))
    assert parse_policy(response["Content-Security-Policy"]) == EXPECTED_DIRECTIVES


def test_the_api_schema_and_the_swagger_page_carry_the_same_policy(client):
    assert "Content-Security-Policy" in client.get("/api/v1/openapi.json")
    docs = client.get("/api/v1/docs")
    assert parse_policy(docs["Content-Security-Policy"]) == EXPECTED_DIRECTIVES
    page = docs.content.decode()
    assert "<script>" not in page and "cdn" not in page.lower()


@pytest.mark.parametrize(("persona", "name", "kwargs"), PAGES, ids=[p[1] for p in PAGES])
def test_main_pages_have_no_inline_script_and_no_inline_event_handler(client, cast, persona, name, kwargs):
    if persona:
        client.force_login(getattr(cast, persona))
    resolved = {k: getattr(cast, v).pk if isinstance(v, str) and hasattr(cast, v) else v for k, v in kwargs.items()}
    response = client.get(reverse(name, kwargs=resolved))
    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    html = response.content.decode()
    inline = [
        attrs for attrs in SCRIPT_TAG.findall(html) if "src=" not in attrs and 'type="application/json"' not in attrs
    ]
    assert inline == []
    assert INLINE_HANDLER.findall(html) == []
