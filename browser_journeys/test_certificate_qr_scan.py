"""A phone visitor scans a certificate's QR code: the photo path decodes through the jsQR fallback.

Headless Chromium on Linux has no BarcodeDetector, and the test removes it anyway so the vendored
jsQR path is the one exercised. The decoded address goes into the lookup field and the form is
submitted; an unknown code is answered "tidak ditemukan", never "dipalsukan". Without a camera the
button answers with a message instead of failing silently.
"""

from urllib.parse import parse_qs, urlsplit

import segno

NO_NATIVE_DETECTOR = "delete window.BarcodeDetector;"
NO_CAMERA = "Object.defineProperty(navigator, 'mediaDevices', {value: undefined, configurable: true});"


def _phone(browser, init_script):
    context = browser.new_context(
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    context.add_init_script(init_script)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def test_a_qr_photo_is_decoded_by_the_fallback_and_looked_up(live_server, transactional_db, browser, tmp_path):
    scanned = live_server.url + "/sertifikat/tidak-ada-kode-seperti-ini/"
    image = tmp_path / "qr-sertifikat.png"
    segno.make(scanned, error="m").save(str(image), scale=8, border=4)
    context, page = _phone(browser, NO_NATIVE_DETECTOR)
    try:
        served = []
        page.on("response", lambda r: served.append((urlsplit(r.url).path, r.status)))
        page.goto(live_server.url + "/sertifikat/")
        scan = page.locator("[data-qr-scan]")
        scan.wait_for(state="visible")
        assert scan.get_attribute("data-qr-engine") == "jsqr"
        assert ("/static/vendor/jsqr-1.4.0/jsQR.js", 200) in served
        assert ("/static/inovasi/qr-scan.js", 200) in served
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        with page.expect_navigation():
            page.set_input_files("#foto-kode-qr", str(image))
        query = parse_qs(urlsplit(page.url).query)
        assert query["kode"] == [scanned]
        assert "Sertifikat tidak ditemukan" in page.content()
        assert "dipalsukan" not in page.locator("h1").inner_text()
    finally:
        context.close()


def test_a_photo_without_a_qr_code_says_so(live_server, transactional_db, browser, tmp_path):
    image = tmp_path / "bukan-qr.png"
    segno.make("x").save(str(image), scale=1, border=0, dark="white")  # a blank white square
    context, page = _phone(browser, NO_NATIVE_DETECTOR)
    try:
        page.goto(live_server.url + "/sertifikat/")
        page.locator("[data-qr-scan]").wait_for(state="visible")
        page.set_input_files("#foto-kode-qr", str(image))
        status = page.locator("[data-qr-status]")
        status.filter(has_text="Tidak ada kode QR yang terbaca").wait_for()
        assert urlsplit(page.url).path == "/sertifikat/"
    finally:
        context.close()


def test_without_a_camera_the_button_explains_what_to_do(live_server, transactional_db, browser):
    context, page = _phone(browser, NO_CAMERA)
    try:
        page.goto(live_server.url + "/sertifikat/")
        page.locator("[data-qr-start]").click()
        page.locator("[data-qr-status]").filter(has_text="Kamera tidak tersedia").wait_for()
    finally:
        context.close()
