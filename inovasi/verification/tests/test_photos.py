"""Photos are checked by their bytes, and their EXIF time and place are read (real Pillow images)."""

import io
from datetime import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from inovasi.verification import photos
from inovasi.verification.tests.builders import HTML_BYTES, PDF_BYTES, image_bytes, photo

WIB = photos.WIB


@pytest.mark.parametrize(("fmt", "mime"), [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")])
def test_a_phone_photo_gives_its_type_hash_size_time_place_and_camera(fmt, mime):
    data = image_bytes(fmt, offset="+07:00")
    info = photos.check_photo(photo("IMG 0001 (1).JPG", data))
    assert info.content_type == mime
    assert info.size == len(data)
    assert len(info.sha256) == 64
    assert info.name == f"img-0001-1.{photos.uploads.EXTENSIONS[mime]}"
    assert (info.width, info.height) == (64, 48)
    assert info.taken_at == datetime(2025, 6, 10, 9, 30, tzinfo=WIB)
    assert info.taken_at_raw == "2025:06:10 09:30:00 +07:00"
    assert (info.latitude, info.longitude) == (Decimal("-7.867100"), Decimal("112.523900"))
    assert info.camera == "samsung Galaxy A54"


def test_a_camera_time_without_offset_is_read_as_wib():
    info = photos.check_photo(photo(data=image_bytes(taken="2024:11:14 10:05:00")))
    assert info.taken_at.isoformat() == "2024-11-14T10:05:00+07:00"
    assert info.taken_at_raw == "2024:11:14 10:05:00"


def test_a_camera_offset_is_respected():
    info = photos.check_photo(photo(data=image_bytes(taken="2024:11:14 11:05:00", offset="+08:00")))
    assert info.taken_at.astimezone(WIB) == datetime(2024, 11, 14, 10, 5, tzinfo=WIB)


def test_a_photo_without_exif_is_accepted_with_empty_metadata():
    info = photos.check_photo(photo(data=image_bytes(exif=False)))
    assert (info.taken_at, info.taken_at_raw, info.latitude, info.longitude, info.camera) == (None, "", None, None, "")


def test_impossible_gps_values_are_ignored_not_fatal():
    broken = {"lat": (95.0, 0.0, 0.0), "lat_ref": "N", "lon": (112.0, 31.0, 26.04), "lon_ref": "E"}
    info = photos.check_photo(photo(data=image_bytes(gps=broken)))
    assert (info.latitude, info.longitude) == (None, None)
    assert info.taken_at is not None


def test_a_garbled_exif_time_keeps_the_raw_text_only():
    info = photos.check_photo(photo(data=image_bytes(taken="kemarin sore")))
    assert (info.taken_at, info.taken_at_raw) == (None, "kemarin sore")


@pytest.mark.parametrize(
    ("name", "data"),
    [("foto.jpg", PDF_BYTES), ("foto.jpg", HTML_BYTES), ("foto.png", b"GIF89a" + b"\x00" * 64)],
)
def test_files_that_are_not_jpeg_png_or_webp_are_refused_by_content(name, data):
    with pytest.raises(ValidationError) as caught:
        photos.check_photo(photo(name, data))
    assert caught.value.messages == [
        f"“{name}” bukan foto JPEG, PNG atau WebP. Isi berkas yang diperiksa, bukan namanya."
    ]


def test_a_file_with_a_jpeg_header_but_no_image_is_refused_as_broken():
    data = image_bytes()[:40] + b"\x00" * 200
    with pytest.raises(ValidationError) as caught:
        photos.check_photo(photo("rusak.jpg", data))
    assert caught.value.messages == ["Foto “rusak.jpg” rusak atau tidak dapat dibaca sebagai gambar."]


def test_an_oversized_photo_is_refused_before_reading(settings):
    settings.VERIFICATION_PHOTO_MAX_BYTES = 500
    with pytest.raises(ValidationError) as caught:
        photos.check_photo(photo("besar.jpg", image_bytes(size=(400, 300))))
    size = len(image_bytes(size=(400, 300)))
    assert caught.value.messages == [
        f"Foto “besar.jpg” terlalu besar ({(size + 1023) // 1024} KB). Ukuran maksimum 1 KB."
    ]


def test_the_limit_defaults_to_the_evidence_limit(settings):
    settings.EVIDENCE_MAX_BYTES = 3 * 1024 * 1024
    assert photos.max_photo_bytes() == 3 * 1024 * 1024


def test_too_many_pixels_are_refused(settings):
    settings.VERIFICATION_PHOTO_MAX_PIXELS = 1000
    with pytest.raises(ValidationError) as caught:
        photos.check_photo(photo("panorama.jpg", image_bytes(size=(64, 48))))
    assert caught.value.messages == ["Foto “panorama.jpg” terlalu besar resolusinya (64 × 48 piksel)."]


def test_the_thumbnail_is_a_small_jpeg_without_metadata():
    small = photos.thumbnail_bytes(image_bytes("PNG", size=(1600, 1200)))
    with Image.open(io.BytesIO(small)) as image:
        assert image.format == "JPEG"
        assert image.size == (800, 600)
        assert dict(image.getexif()) == {}


def test_distance_between_two_points_in_batu_is_about_right():
    # Alun-alun Batu to Jatim Park 3 is roughly 2.3 km.
    km = photos.distance_km(-7.8671, 112.5239, -7.8822, 112.5084)
    assert 2.0 < km < 2.6


def _bilevel_png(width: int, height: int) -> bytes:
    """A PNG of width × height black pixels, one bit each: tiny on disk, huge once decoded."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height, 9))
        + chunk(b"IEND", b"")
    )


def test_a_small_png_of_forty_megapixels_is_refused_before_it_is_decoded():
    data = _bilevel_png(6300, 6300)
    assert len(data) < 120_000
    with pytest.raises(ValidationError) as caught:
        photos.check_photo(photo("bom.png", data, content_type="image/png"))
    assert caught.value.messages == ["Foto “bom.png” terlalu besar resolusinya (6300 × 6300 piksel)."]
    assert photos.max_photo_pixels() == 24_000_000
