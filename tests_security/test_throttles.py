"""Throttles beyond one e-mail + address: password reset per account and per address, login
failures per account across addresses, per address across accounts, and overall."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from inovasi.outbox.models import OutgoingMail
from tests_support import PASSWORD

pytestmark = pytest.mark.django_db

RESET_REFUSED = "Permintaan atur ulang kata sandi terlalu sering. Tunggu 60 menit, lalu coba lagi"


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


def reset(client, email, ip="203.0.113.7"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_password_reset_is_limited_per_account_across_addresses(client, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [reset(client, "op.a@uji.test", ip=f"203.0.113.{n}") for n in range(1, 6)]
    assert [r.status_code for r in answers] == [302, 302, 302, 200, 200]
    assert RESET_REFUSED in answers[3].content.decode()
    assert [m.to for m in mail.outbox] == [["op.a@uji.test"]] * 3
    assert OutgoingMail.objects.filter(to="op.a@uji.test", state="sent").count() == 3
    assert mail.outbox[0].subject == "Atur ulang kata sandi Inovasi"


def test_password_reset_is_limited_per_client_address_across_accounts(client, cast, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 2
    answers = [reset(client, email) for email in ("op.a@uji.test", "admin.a@uji.test", "op.b@uji.test")]
    assert [r.status_code for r in answers] == [302, 302, 200]
    assert RESET_REFUSED in answers[2].content.decode()
    assert reset(client, "op.b@uji.test", ip="198.51.100.9").status_code == 302


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 4
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 5
    settings.LOGIN_GLOBAL_FAILURE_LIMIT = 7
    return settings


def login(client, email, password, ip):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_an_account_guessed_from_many_addresses_is_refused_even_with_the_right_password(client, cast, axes_on):
    for n in range(4):
        login(client, "op.a@uji.test", "salah-sekali-123", ip=f"203.0.113.{n + 1}")
    response = login(client, "op.a@uji.test", PASSWORD, ip="198.51.100.9")
    assert response.status_code == 200
    assert "Terlalu banyak percobaan masuk untuk akun ini. Coba lagi dalam 15 menit." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert login(client, "admin.a@uji.test", PASSWORD, ip="198.51.100.9").status_code == 302


def test_one_address_trying_many_accounts_is_refused(client, cast, axes_on):
    for email in ("op.a@uji.test", "admin.a@uji.test", "op.b@uji.test", "admin.b@uji.test", "panitia@uji.test"):
        login(client, email, "salah-sekali-123", ip="203.0.113.7")
    response = login(client, "juri@uji.test", PASSWORD, ip="203.0.113.7")
    assert "Terlalu banyak percobaan masuk dari alamat ini." in response.content.decode()
    assert login(client, "juri@uji.test", PASSWORD, ip="198.51.100.9").status_code == 302


def test_failures_everywhere_pause_every_login(client, cast, axes_on):
    for n, email in enumerate(["op.a@uji.test", "admin.a@uji.test", "op.b@uji.test", "admin.b@uji.test"] * 2):
        login(client, email, "salah-sekali-123", ip=f"203.0.113.{n + 1}")
    response = login(client, "panitia@uji.test", PASSWORD, ip="198.51.100.9")
    assert "Layanan masuk sedang dibatasi karena banyak percobaan gagal." in response.content.decode()
