"""Real image bytes for the tests, drawn with Pillow, with the EXIF a phone camera writes."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

# Kota Batu town square (Alun-alun), roughly: 7°52'01.56"S 112°31'26.04"E.
BATU = {"lat": (7.0, 52.0, 1.56), "lat_ref": "S", "lon": (112.0, 31.0, 26.04), "lon_ref": "E"}


def image_bytes(
    fmt="JPEG",
    *,
    taken="2025:06:10 09:30:00",
    offset="",
    gps=BATU,
    make="samsung",
    model="Galaxy A54",
    size=(64, 48),
    exif=True,
) -> bytes:
    image = Image.new("RGB", size, (30, 120, 60))
    out = io.BytesIO()
    if not exif:
        image.save(out, fmt)
        return out.getvalue()
    data = Image.Exif()
    if make:
        data[ExifTags.Base.Make] = make
    if model:
        data[ExifTags.Base.Model] = model
    main = data.get_ifd(ExifTags.IFD.Exif)
    if taken:
        main[ExifTags.Base.DateTimeOriginal] = taken
    if offset:
        main[ExifTags.Base.OffsetTimeOriginal] = offset
    if gps:
        place = data.get_ifd(ExifTags.IFD.GPSInfo)
        place[ExifTags.GPS.GPSLatitudeRef] = gps["lat_ref"]
        place[ExifTags.GPS.GPSLatitude] = gps["lat"]
        place[ExifTags.GPS.GPSLongitudeRef] = gps["lon_ref"]
        place[ExifTags.GPS.GPSLongitude] = gps["lon"]
    image.save(out, fmt, exif=data)
    return out.getvalue()


def photo(name="lokasi.jpg", data=None, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes() if data is None else data, content_type=content_type)


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
