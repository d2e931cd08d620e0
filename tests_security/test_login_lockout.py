"""Login throttling with django-axes, exercised through the real login form."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests_support import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = __import__("datetime").timedelta(minutes=15)
    return settings


def post_login(client, email, password, ip="203.0.113.7"):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_wrong_passwords_below_the_limit_show_the_normal_form_error(client, cast, axes_on):
    for _ in range(2):
        response = post_login(client, "op.a@uji.test", "salah-sekali-123")
    assert response.status_code == 200
    assert "Email atau kata sandi salah" in response.content.decode()
    assert AccessAttempt.objects.values_list("username", "failures_since_start").get() == ("op.a@uji.test", 2)


def test_the_third_failure_locks_the_email_and_ip_with_an_indonesian_message(client, cast, axes_on):
    for _ in range(3):
        response = post_login(client, "op.a@uji.test", "salah-sekali-123")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Terlalu banyak percobaan masuk" in body
    assert "setelah 3 kali kata sandi salah. Coba lagi dalam 15 menit." in body


def test_a_locked_pair_is_refused_even_with_the_right_password(client, cast, axes_on):
    for _ in range(3):
        post_login(client, "op.a@uji.test", "salah-sekali-123")
    response = post_login(client, "op.a@uji.test", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_email_is_counted_case_insensitively(client, cast, axes_on):
    post_login(client, "Op.A@uji.test", "salah-1-abcdef")
    post_login(client, " op.a@UJI.test", "salah-2-abcdef")
    response = post_login(client, "op.a@uji.test", "salah-3-abcdef")
    assert response.status_code == 429


def test_the_lock_is_per_email_and_ip_so_another_address_or_account_still_logs_in(client, cast, axes_on):
    for _ in range(3):
        post_login(client, "op.a@uji.test", "salah-sekali-123")
    other_ip = post_login(client, "op.a@uji.test", PASSWORD, ip="198.51.100.9")
    assert other_ip.status_code == 302
    assert other_ip["Location"] == reverse("accounts:home")
    client.logout()
    other_user = post_login(client, "admin.a@uji.test", PASSWORD)
    assert other_user.status_code == 302


def test_the_lock_expires_after_the_cool_off(client, cast, axes_on, time_machine):
    time_machine.move_to("2026-05-04 09:00 +07:00", tick=False)
    for _ in range(3):
        post_login(client, "op.a@uji.test", "salah-sekali-123")
    time_machine.move_to("2026-05-04 09:16 +07:00", tick=False)
    response = post_login(client, "op.a@uji.test", PASSWORD)
    assert response.status_code == 302


def test_a_successful_login_resets_the_failure_count(client, cast, axes_on):
    post_login(client, "op.a@uji.test", "salah-sekali-123")
    post_login(client, "op.a@uji.test", "salah-sekali-123")
    assert post_login(client, "op.a@uji.test", PASSWORD).status_code == 302
    assert AccessAttempt.objects.filter(username="op.a@uji.test").count() == 0


def test_the_django_admin_login_is_throttled_too(client, cast, axes_on):
    url = reverse("admin:login")
    for _ in range(3):
        response = client.post(
            url, {"username": "sys@uji.test", "password": "salah-sekali-123"}, REMOTE_ADDR="203.0.113.7"
        )
    assert response.status_code == 429
