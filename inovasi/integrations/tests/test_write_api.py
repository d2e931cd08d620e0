"""The write API: scopes × operations, the same record and audit events as the screen, field paths
on refusal, nothing half-written, and the token's owner as the boundary."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from inovasi.audit.models import AuditEvent
from inovasi.innovations import services
from inovasi.innovations.enums import InnovationStatus
from inovasi.innovations.models import Evidence, GovernmentAffair, Innovation, Replication
from inovasi.integrations import tokens
from inovasi.integrations.enums import SCOPES_FOR_OWNER, OwnerKind, Scope

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ALL_PEMDA_SCOPES = [s.value for s in SCOPES_FOR_OWNER[OwnerKind.GOVERNMENT]]


def bearer(plain):
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


@pytest.fixture
def draft(cast):
    return services.create_innovation(agency=cast.agency_a, actor=cast.admin_a, name="Among Tani Crop")


def issue(cast, owner, scopes):
    return tokens.issue_token(owner=owner, name="uji", scopes=scopes, actor=cast.admin_a)[1]


# Each operation: (scope it needs, how to call it). The matrix below runs every operation with a
# token holding every scope but that one (403) and with a token holding only that one (not 403).
def operations(cast, draft):
    base = "/api/v1/pemda/innovations"
    return {
        "list": (Scope.INNOVATIONS_WRITE, lambda c, h: c.get(base, **h)),
        "create": (
            Scope.INNOVATIONS_WRITE,
            lambda c, h: c.post(
                base, {"agency": cast.agency_a.pk, "name": "Baru"}, content_type="application/json", **h
            ),
        ),
        "read": (Scope.INNOVATIONS_WRITE, lambda c, h: c.get(f"{base}/{draft.pk}", **h)),
        "update": (
            Scope.INNOVATIONS_WRITE,
            lambda c, h: c.patch(f"{base}/{draft.pk}", {"summary": "Ringkas."}, content_type="application/json", **h),
        ),
        "evidence_link": (
            Scope.EVIDENCE_WRITE,
            lambda c, h: c.post(
                f"{base}/{draft.pk}/evidence/link",
                {"title": "Video", "url": "https://www.youtube.com/watch?v=abc"},
                content_type="application/json",
                **h,
            ),
        ),
        "evidence_file": (
            Scope.EVIDENCE_WRITE,
            lambda c, h: c.post(
                f"{base}/{draft.pk}/evidence/file",
                {"title": "SK", "file": SimpleUploadedFile("sk.pdf", PDF, "application/pdf")},
                **h,
            ),
        ),
    }


@pytest.mark.parametrize("operation", ["list", "create", "read", "update", "evidence_link", "evidence_file"])
def test_scopes_by_operations(client, cast, pemda_a, draft, operation):
    scope, call = operations(cast, draft)[operation]
    without = [s for s in ALL_PEMDA_SCOPES if s != scope]
    response = call(client, bearer(issue(cast, pemda_a, without)))
    assert response.status_code == 403, response.content
    assert scope.value in response.json()["detail"]
    response = call(client, bearer(issue(cast, pemda_a, [scope])))
    assert response.status_code in (200, 201), response.content


def test_replications_need_their_scope(client, cast, pemda_a):
    published = services.create_innovation(agency=cast.agency_a, actor=cast.admin_a, name="Terbit")
    Innovation.objects.filter(pk=published.pk).update(status=InnovationStatus.PUBLISHED)
    payload = {"adopter_kind": "government", "adopter_government": cast.gov_b.pk, "evidence_kind": "pks"}
    url = f"/api/v1/pemda/innovations/{published.pk}/replications"
    refused = client.post(
        url, payload, content_type="application/json", **bearer(issue(cast, pemda_a, ["innovations:write"]))
    )
    assert refused.status_code == 403
    created = client.post(
        url, payload, content_type="application/json", **bearer(issue(cast, pemda_a, ["replications:write"]))
    )
    assert created.status_code == 201, created.content
    assert Replication.objects.get().adopter_government == cast.gov_b


def test_no_token_a_wrong_token_and_a_body_token_are_refused_in_indonesian(client, cast, body, draft):
    assert client.get("/api/v1/pemda/innovations").json()["detail"].startswith("Belum masuk")
    wrong = client.get("/api/v1/pemda/innovations", **bearer("inv_abc_def"))
    assert (wrong.status_code, wrong.json()["detail"]) == (401, "Token API tidak dikenali.")
    body_token = tokens.issue_token(owner=body, name="b", scopes=["proposals:read"], actor=cast.organizer)[1]
    assert client.get("/api/v1/token", **bearer(body_token)).json()["owner_kind"] == "organizer_body"
    assert client.get("/api/v1/pemda/innovations", **bearer(body_token)).status_code == 403


def test_a_write_through_the_api_equals_the_same_write_on_the_screen(client, cast, pemda_a):
    values = {
        "agency": cast.agency_a.pk,
        "name": "Bank Sampah Digital",
        "form": "pelayanan_publik",
        "type": "digital",
        "stage": "penerapan",
        "started_on": "2022-03-01",
        "summary": "Warga menabung sampah dan melihat saldonya di ponsel.",
        "affairs": ["2.11"],
        "sdgs": [11, 12],
    }
    response = client.post(
        "/api/v1/pemda/innovations",
        values,
        content_type="application/json",
        **bearer(issue(cast, pemda_a, ["innovations:write"])),
    )
    assert response.status_code == 201, response.content
    by_api = Innovation.objects.get(pk=response.json()["id"])

    client.force_login(cast.admin_a)
    affair = GovernmentAffair.objects.get(code="2.11")
    form = {**values, "affairs": [affair.pk], "sdgs": [s.pk for s in by_api.sdgs.all()], "started_year_only": ""}
    screen = client.post("/ruang-kerja/inovasi/baru/", form)
    assert screen.status_code == 302, screen.content.decode()[:2000]
    by_screen = Innovation.objects.exclude(pk=by_api.pk).get(name="Bank Sampah Digital")

    assert services.content_snapshot(by_api) == services.content_snapshot(by_screen)
    events = AuditEvent.objects.filter(action="innovation.create").order_by("pk")
    assert [e.after for e in events] == [services.content_snapshot(by_api)] * 2
    assert {e.actor_id for e in events} == {cast.admin_a.pk}


def test_refusals_carry_field_paths_and_write_nothing(client, cast, pemda_a):
    headers = bearer(issue(cast, pemda_a, ["innovations:write"]))
    before = (Innovation.objects.count(), AuditEvent.objects.filter(action="innovation.create").count())
    response = client.post(
        "/api/v1/pemda/innovations",
        {"agency": cast.agency_b.pk, "name": "X", "affairs": ["2.11", "9.99"], "sdgs": [99]},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422
    locs = {tuple(d["loc"]): d["msg"] for d in response.json()["detail"]}
    assert locs[("body", "agency")] == "Perangkat daerah ini bukan milik Pemda token ini."
    assert locs[("body", "affairs", 1)] == "Kode urusan 9.99 tidak dikenal."
    assert ("body", "sdgs", 0) in locs
    unknown = client.post(
        "/api/v1/pemda/innovations",
        {"agency": cast.agency_a.pk, "name": "X", "warna": "biru"},
        content_type="application/json",
        **headers,
    )
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["msg"] == "Kolom ini tidak dikenal."
    bad_type = client.post(
        "/api/v1/pemda/innovations", {"agency": "satu", "name": "X"}, content_type="application/json", **headers
    )
    assert bad_type.json()["detail"][0]["msg"] == "Harus berupa bilangan bulat."
    not_json = client.post("/api/v1/pemda/innovations", "{", content_type="application/json", **headers)
    assert not_json.status_code in (400, 422)
    bad_service = client.post(
        "/api/v1/pemda/innovations",
        {"agency": cast.agency_a.pk, "name": "X", "form": "bukan-bentuk"},
        content_type="application/json",
        **headers,
    )
    assert bad_service.status_code == 422
    assert bad_service.json()["detail"][0]["loc"] == ["body", "form"]
    assert (Innovation.objects.count(), AuditEvent.objects.filter(action="innovation.create").count()) == before


def test_another_pemda_s_record_is_not_found_and_a_submitted_one_is_not_editable(client, cast, pemda_a, draft):
    headers = bearer(issue(cast, pemda_a, ["innovations:write", "evidence:write"]))
    other = services.create_innovation(agency=cast.agency_b, actor=cast.admin_b, name="Milik Malang")
    assert client.get(f"/api/v1/pemda/innovations/{other.pk}", **headers).status_code == 404
    assert (
        client.patch(
            f"/api/v1/pemda/innovations/{other.pk}", {"name": "Diambil"}, content_type="application/json", **headers
        ).status_code
        == 404
    )
    Innovation.objects.filter(pk=draft.pk).update(status=InnovationStatus.SUBMITTED)
    refused = client.patch(
        f"/api/v1/pemda/innovations/{draft.pk}", {"name": "Diubah"}, content_type="application/json", **headers
    )
    assert refused.status_code == 409 and "tidak dapat diubah" in refused.json()["detail"]
    assert Innovation.objects.get(pk=draft.pk).name == "Among Tani Crop"


def test_evidence_file_content_is_checked_like_on_the_screen(client, cast, pemda_a, draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    headers = bearer(issue(cast, pemda_a, ["evidence:write"]))
    url = f"/api/v1/pemda/innovations/{draft.pk}/evidence/file"
    fake = client.post(
        url, {"title": "SK", "file": SimpleUploadedFile("sk.pdf", b"MZ\x90\x00", "application/pdf")}, **headers
    )
    assert fake.status_code == 422 and fake.json()["detail"][0]["loc"] == ["body", "file"]
    ok = client.post(url, {"title": "SK", "file": SimpleUploadedFile("sk.pdf", PDF, "application/pdf")}, **headers)
    assert ok.status_code == 201 and len(ok.json()["sha256"]) == 64
    assert Evidence.objects.filter(innovation=draft).count() == 1


@override_settings(API_TOKEN_RATE_PER_MINUTE=3)
def test_a_token_is_rate_limited(client, cast, pemda_a):
    headers = bearer(issue(cast, pemda_a, ["innovations:write"]))
    codes = [client.get("/api/v1/pemda/innovations", **headers).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_the_write_operations_are_in_the_openapi_schema_with_bearer_security(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/pemda/innovations"]["post"]
    assert operation["security"] == [{"TokenAuth": []}]
    assert "422" in operation["responses"] and "401" in operation["responses"]
