"""The integrations desk as an Admin Pemda uses it: a token shown once, revoked after a confirmation
page, a webhook registered, pinged against a real receiver, its deliveries listed."""

from inovasi.integrations.models import ApiToken, WebhookDelivery, WebhookEndpoint
from inovasi.integrations.signing import HEADER, verify


def test_a_token_is_created_shown_once_and_revoked_after_confirmation(client, cast):
    client.force_login(cast.admin_a)
    home = client.get("/ruang-kerja/integrasi/")
    assert home.status_code == 302
    owner_url = home["Location"]
    page = client.get(owner_url)
    assert "Belum ada token" in page.content.decode()
    new = client.get(owner_url + "token/baru/").content.decode()
    assert "innovations:write" in new and "proposals:read" in new
    refused = client.post(owner_url + "token/baru/", {"name": "", "scopes": []})
    assert refused.status_code == 200 and "tidak boleh kosong" in refused.content.decode()
    created = client.post(owner_url + "token/baru/", {"name": "SIMDA Batu", "scopes": ["innovations:write"]})
    html = created.content.decode()
    token = ApiToken.objects.get()
    assert created["Cache-Control"] == "no-store"
    assert f"inv_{token.prefix}_" in html and "tidak akan ditampilkan lagi" in html
    plain = html.split('id="token-value" class="form-control font-monospace" readonly value="')[1].split('"')[0]
    assert client.get("/api/v1/token", HTTP_AUTHORIZATION=f"Bearer {plain}").json()["name"] == "SIMDA Batu"
    listing = client.get(owner_url).content.decode()
    assert plain not in listing and f"inv_{token.prefix}_…" in listing
    confirm = client.get(f"/ruang-kerja/integrasi/token/{token.pk}/cabut/")
    assert "tidak dapat dibatalkan" in confirm.content.decode()
    assert ApiToken.objects.get().revoked_at is None
    client.post(f"/ruang-kerja/integrasi/token/{token.pk}/cabut/")
    assert ApiToken.objects.get().revoked_at is not None
    assert client.get("/api/v1/token", HTTP_AUTHORIZATION=f"Bearer {plain}").status_code == 401


def test_a_webhook_is_registered_pinged_and_its_delivery_listed(client, cast, receiver):
    client.force_login(cast.admin_a)
    owner_url = client.get("/ruang-kerja/integrasi/")["Location"]
    with receiver() as server:
        bad = client.post(owner_url + "webhook/baru/", {"url": "bukan url", "events": ["results.published"]})
        assert "tidak sah" in bad.content.decode()
        created = client.post(owner_url + "webhook/baru/", {"url": server.url, "events": ["results.published"]})
        html = created.content.decode()
        secret = html.split('id="secret-value" class="form-control font-monospace" readonly value="')[1].split('"')[0]
        endpoint = WebhookEndpoint.objects.get()
        client.post(f"/ruang-kerja/integrasi/webhook/{endpoint.pk}/uji/")
    assert verify(secret, server.requests[0]["body"], server.requests[0]["headers"][HEADER])
    detail = client.get(f"/ruang-kerja/integrasi/webhook/{endpoint.pk}/").content.decode()
    assert "Uji coba (ping)" in detail and "Terkirim" in detail
    assert WebhookDelivery.objects.get().response_status == 200
    confirm = client.post(f"/ruang-kerja/integrasi/webhook/{endpoint.pk}/ganti-rahasia/")
    assert "rahasia lama langsung tidak berlaku" in confirm.content.decode().lower()
    assert WebhookEndpoint.objects.get().secret == secret
    client.post(f"/ruang-kerja/integrasi/webhook/{endpoint.pk}/ganti-rahasia/", {"konfirmasi": "1"})
    assert WebhookEndpoint.objects.get().secret != secret


def test_bad_query_strings_and_unknown_owners_do_not_break_the_pages(client, cast):
    client.force_login(cast.admin_a)
    assert client.get("/ruang-kerja/integrasi/pemda-abc/").status_code == 404
    assert client.get("/ruang-kerja/integrasi/pemda-99999999/").status_code == 404
    assert client.get("/ruang-kerja/integrasi/lain-1/").status_code == 404
    owner_url = client.get("/ruang-kerja/integrasi/")["Location"]
    assert client.get(owner_url, {"halaman": "zz"}).status_code == 200
