"""MEDIA_STORAGE=s3: evidence goes to an S3-compatible bucket, stays private, and comes back intact.

The bucket is served by moto's S3 server (a third-party S3 implementation) running in this process
on a loopback port; our code talks to it over HTTP through django-storages and boto3 exactly as it
would talk to AWS S3 or MinIO. The storage settings are those config/settings.py builds from the
environment variables, not a copy.
"""

import runpy
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import pytest
from django.urls import reverse

from inovasi.innovations.models import Evidence
from inovasi.innovations.tests.builders import PDF_BYTES, make_innovation, upload

SETTINGS_FILE = Path(__file__).resolve().parents[1] / "settings.py"
BUCKET = "inovasi-uji"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "kunci-uji", "AWS_SECRET_ACCESS_KEY": "rahasia-uji"}


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch, tmp_path):
    """Our settings evaluated with MEDIA_STORAGE=s3, and an empty private bucket behind them."""
    settings.MEDIA_ROOT = tmp_path / "media"
    env = {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_S3_ADDRESSING_STYLE": "path",
        **CREDENTIALS,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    configured = runpy.run_path(str(SETTINGS_FILE))
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )
    s3.create_bucket(Bucket=BUCKET)
    settings.STORAGES = configured["STORAGES"]  # resets default_storage (Django's setting_changed)
    yield s3
    for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        s3.delete_object(Bucket=BUCKET, Key=item["Key"])
    s3.delete_bucket(Bucket=BUCKET)


def test_the_s3_settings_keep_files_private_and_never_overwrite(bucket, settings):
    options = settings.STORAGES["default"]["OPTIONS"]
    assert settings.STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (options["bucket_name"], options["default_acl"], options["querystring_auth"]) == (BUCKET, None, True)
    assert options["file_overwrite"] is False


def test_an_evidence_upload_lands_in_the_private_bucket_and_downloads_intact(client, cast, bucket, settings):
    innovation = make_innovation(cast)
    client.force_login(cast.operator_a)
    url = reverse("workspace:evidence_add", args=[innovation.pk])
    response = client.post(
        url, {"mode": "berkas", "berkas-title": "SK Inovasi", "berkas-upload": upload("sk.pdf", PDF_BYTES)}
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()

    # The object is in the bucket, byte for byte, readable by its owner only.
    stored = bucket.get_object(Bucket=BUCKET, Key=evidence.file.name)
    assert stored["Body"].read() == PDF_BYTES
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=evidence.file.name)["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]
    assert all("AllUsers" not in g["Grantee"].get("URI", "") for g in grants)
    assert not Path(settings.MEDIA_ROOT).exists()  # nothing written to the app server's disk

    # Nobody reads it from the bucket without a signature; a generated link is signed and short-lived.
    plain = f"{settings.STORAGES['default']['OPTIONS']['endpoint_url']}/{BUCKET}/{evidence.file.name}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(plain, timeout=10)  # noqa: S310 - a loopback URL built above
    assert refused.value.code == 403
    assert "X-Amz-Signature=" in evidence.file.url and "X-Amz-Expires=300" in evidence.file.url

    # Through the app: the permission-checked download streams it back from the bucket.
    response = client.get(reverse("workspace:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"] == 'attachment; filename="sk.pdf"'
    client.logout()
    response = client.get(reverse("workspace:evidence_download", args=[evidence.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_a_second_upload_with_the_same_name_gets_its_own_object(client, cast, bucket):
    innovation = make_innovation(cast)
    client.force_login(cast.operator_a)
    url = reverse("workspace:evidence_add", args=[innovation.pk])
    for title in ("SK 2023", "SK 2024"):
        client.post(url, {"mode": "berkas", "berkas-title": title, "berkas-upload": upload("sk.pdf", PDF_BYTES)})
    names = sorted(Evidence.objects.values_list("file", flat=True))
    assert len(set(names)) == 2
    keys = sorted(item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"])
    assert keys == names
