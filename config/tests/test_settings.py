import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "INOVASI_ENV": "production",
    "SECRET_KEY": "k3y-" + "x7Qp9vR2mZ8tL4wY6nB1cD5fG0hJ3kS7uE9iO2aT6yU8" * 2,
    "DATABASE_URL": "postgres://inovasi@127.0.0.1:5432/inovasi",
    "ALLOWED_HOSTS": "inovasi.example.go.id",
    "SITE_URL": "https://inovasi.example.go.id",
    "EMAIL_BACKEND": "smtp",
}


def manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "INOVASI_ENV",
            "SECRET_KEY",
            "DATABASE_URL",
            "ALLOWED_HOSTS",
            "SITE_URL",
            "EMAIL_BACKEND",
            "DEBUG",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def seal_env(settings, tmp_path):
    """A seal certificate and key for production (the development pair, generated into tmp_path)."""
    from inovasi.audit.seal import DEV_FILE, _dev_pem

    settings.SEAL_DEV_DIR = tmp_path
    _dev_pem()
    return {"SEAL_CERT_FILE": str(tmp_path / DEV_FILE), "SEAL_KEY_FILE": str(tmp_path / DEV_FILE)}


def test_production_passes_check_deploy(seal_env):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION_ENV, **seal_env})
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_flags_production_without_a_seal_certificate():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "SEAL_CERT_FILE and SEAL_KEY_FILE are not set" in result.stderr


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "Environment variable SECRET_KEY is required"),
        ("DATABASE_URL", "DATABASE_URL must point to PostgreSQL in production"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS is required in production"),
        ("SITE_URL", "SITE_URL must be the public https:// address in production"),
    ],
)
def test_production_refuses_to_start_without(missing, message):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_a_short_or_insecure_secret_key():
    result = manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": "django-insecure-" + "a" * 60})
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 random characters" in result.stderr


def test_production_refuses_debug_on():
    result = manage("check", env={**PRODUCTION_ENV, "DEBUG": "true"})
    assert "DEBUG must be off in production" in result.stderr


def test_a_misspelt_boolean_fails_loudly(monkeypatch):
    monkeypatch.setenv("DEBUG", "yess")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='yess' is not a boolean"):
        env_bool("DEBUG")


def test_interface_defaults_to_indonesian_in_jakarta_time(settings):
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert [code for code, _ in settings.LANGUAGES] == ["id", "en"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SITE_URL": "http://inovasi.example.go.id"}, "SITE_URL must be the public https:// address in production"),
        ({"EMAIL_BACKEND": "console"}, "EMAIL_BACKEND must be smtp in production"),
        ({"EMAIL_BACKEND": "locmem"}, "EMAIL_BACKEND must be smtp in production"),
    ],
)
def test_production_refuses_a_plain_http_site_url_or_a_mail_backend_that_reaches_no_one(env, message):
    result = manage("check", env={**PRODUCTION_ENV, **env})
    assert result.returncode != 0
    assert message in result.stderr


def test_load_demo_refuses_to_run_in_production():
    result = manage("load_demo", env=PRODUCTION_ENV)
    assert result.returncode == 1
    assert "load_demo menolak berjalan di produksi (INOVASI_ENV=production)." in result.stderr
