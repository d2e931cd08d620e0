"""Settings for running on several machines: the read replica, S3 media; each read from the environment."""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

SETTINGS_FILE = Path(__file__).resolve().parents[1] / "settings.py"
PRODUCTION = {
    "INOVASI_ENV": "production",
    "SECRET_KEY": "k3y-" + "x7Qp9vR2mZ8tL4wY6nB1cD5fG0hJ3kS7uE9iO2aT6yU8" * 2,
    "DATABASE_URL": "postgres://inovasi@db-primary.internal:5432/inovasi",
    "ALLOWED_HOSTS": "inovasi.example.go.id",
    "SITE_URL": "https://inovasi.example.go.id",
    "EMAIL_BACKEND": "smtp",
}


def load(monkeypatch, **env):
    for name in ("DATABASE_REPLICA_URL", "MEDIA_STORAGE", "AWS_STORAGE_BUCKET_NAME", "DEBUG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_a_replica_url_adds_a_replica_alias_that_mirrors_default_in_tests(monkeypatch):
    config = load(monkeypatch, **PRODUCTION, DATABASE_REPLICA_URL="postgres://inovasi@db-replica.internal:5432/inovasi")
    replica = config["DATABASES"]["replica"]
    assert (replica["HOST"], replica["NAME"], replica["TEST"]) == (
        "db-replica.internal",
        "inovasi",
        {"MIRROR": "default"},
    )
    assert config["DATABASE_ROUTERS"] == ["config.db_router.PrimaryReplicaRouter"]
    assert "config.db_router.PublicReadsOnReplicaMiddleware" in config["MIDDLEWARE"]


def test_without_a_replica_url_there_is_only_the_primary(monkeypatch):
    assert list(load(monkeypatch, **PRODUCTION)["DATABASES"]) == ["default"]


def test_production_refuses_a_replica_that_is_not_postgresql(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_URL must point to PostgreSQL"):
        load(monkeypatch, **PRODUCTION, DATABASE_REPLICA_URL="sqlite:////tmp/replica.sqlite3")


def test_a_replica_on_another_engine_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="same database engine"):
        load(monkeypatch, DATABASE_URL="sqlite:////tmp/primary.sqlite3", DATABASE_REPLICA_URL="postgres://x@h/db")


def test_media_on_the_file_system_by_default(monkeypatch):
    storage = load(monkeypatch)["STORAGES"]["default"]
    assert storage == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_s3_media_needs_a_bucket_name(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME is required"):
        load(monkeypatch, MEDIA_STORAGE="s3")


def test_a_misspelt_media_storage_stops_the_app(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="MEDIA_STORAGE='s4' must be one of filesystem, s3"):
        load(monkeypatch, MEDIA_STORAGE="s4")


def test_s3_media_points_at_the_configured_endpoint_without_public_acls(monkeypatch):
    options = load(
        monkeypatch,
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="inovasi-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.go.id",
        AWS_QUERYSTRING_EXPIRE="120",
    )["STORAGES"]["default"]["OPTIONS"]
    assert options["endpoint_url"] == "https://s3.example.go.id"
    assert (options["default_acl"], options["querystring_auth"], options["querystring_expire"]) == (None, True, 120)


def test_the_cache_is_per_process_unless_a_shared_directory_is_chosen(monkeypatch, tmp_path):
    monkeypatch.delenv("CACHE_BACKEND", raising=False)
    assert "CACHES" not in load(monkeypatch, **PRODUCTION)  # Django's per-process memory cache
    config = load(monkeypatch, **PRODUCTION, CACHE_BACKEND="file", CACHE_DIR=str(tmp_path))
    cache = config["CACHES"]["default"]
    assert (cache["BACKEND"], cache["LOCATION"]) == (
        "django.core.cache.backends.filebased.FileBasedCache",
        str(tmp_path),
    )
    with pytest.raises(ImproperlyConfigured, match="CACHE_BACKEND"):
        load(monkeypatch, **PRODUCTION, CACHE_BACKEND="memcache")


def test_a_page_cached_by_one_worker_is_served_by_another_from_the_shared_directory(
    client, cast, settings, tmp_path, monkeypatch
):
    # Two cache handlers on the same directory stand for two gunicorn workers of one server.
    from django.core.cache.backends.filebased import FileBasedCache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from inovasi.public.views import page_cache

    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    first, second = (FileBasedCache(str(tmp_path), {}) for _ in range(2))
    url = reverse("public:region_detail", args=["35.79"])
    monkeypatch.setattr(page_cache, "cache", first)
    assert client.get(url).status_code == 200
    monkeypatch.setattr(page_cache, "cache", second)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 1  # served from the other worker's entry
