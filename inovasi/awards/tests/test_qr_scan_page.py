"""The verification page offers a camera/photo QR scan, from vendored files only (no CDN).

The decoding itself runs in the browser: browser_journeys/test_certificate_qr_scan.py feeds a QR
image through the jsQR fallback.
"""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db

SCRIPTS = (
    '<script src="/static/vendor/jsqr-1.4.0/jsQR.js"></script>',
    '<script src="/static/inovasi/qr-scan.js"></script>',
)


@pytest.mark.parametrize("query", [{}, {"kode": "KOVABLIK-2025/T30/0O1"}], ids=["empty form", "not found page"])
def test_the_lookup_pages_render_the_scan_button_and_load_the_vendored_scripts(client, query):
    response = client.get(reverse("public:certificate_lookup"), query)
    page = response.content.decode()
    assert "data-qr-start" in page and "Pindai dengan kamera" in page
    assert 'id="form-kode-sertifikat"' in page and 'data-qr-form="form-kode-sertifikat"' in page
    assert "Kamera tidak tersedia di perangkat atau peramban ini" in page  # the no-camera message, translated
    assert 'type="file" id="foto-kode-qr" accept="image/*"' in page
    for script in SCRIPTS:
        assert script in page
    assert not re.search(r"(src|href)=\"https?://", page)  # no CDN: every script and style is ours
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_scripts_and_the_licence_are_vendored():
    jsqr = finders.find("vendor/jsqr-1.4.0/jsQR.js")
    assert jsqr and finders.find("inovasi/qr-scan.js")
    with open(finders.find("vendor/jsqr-1.4.0/LICENSE"), encoding="utf-8") as licence:
        assert "Apache License" in licence.read()
    with open(jsqr, encoding="utf-8") as source:
        assert "sourceMappingURL" not in source.read()
