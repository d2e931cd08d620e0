"""Checking site photos and reading their EXIF time and place.

A photo is accepted only if its bytes are a JPEG, PNG or WebP image (`innovations.uploads`, by
content, never by name), within the size limit, and Pillow can decode it. The original bytes are
stored unchanged, so the SHA-256 recorded is the one of the file the team took. From the EXIF block
we read DateTimeOriginal (falling back to DateTime), OffsetTimeOriginal when the camera wrote it,
the GPS position and the camera make/model. A camera time without offset is taken as WIB (the
system's time zone) and the raw text is kept beside it. Broken or missing EXIF never refuses a
photo: the fields stay empty and the organizer sees "tidak ada".
"""

import io
import math
import re
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from inovasi.innovations import uploads

WIB = ZoneInfo("Asia/Jakarta")
PHOTO_TYPES = frozenset({uploads.JPEG, uploads.PNG, uploads.WEBP})
PILLOW_FORMATS = {uploads.JPEG: "JPEG", uploads.PNG: "PNG", uploads.WEBP: "WEBP"}
# 24 megapixels: twice a phone camera's default 12 MP, a DSLR's full frame. The size is read from the
# header before anything is decoded, so a 115 KB PNG of 39.7 MP (119 MB decoded) is refused unread;
# what passes decodes to at most ~96 MB (RGBA), and JPEGs are decoded at 1/8 scale (`draft`).
DEFAULT_MAX_PIXELS = 24_000_000
# Every Pillow use in the process (certificates, thumbnails) treats more than twice this as a bomb
# (Pillow warns above MAX_IMAGE_PIXELS and raises above twice it; its default is 89 MP).
Image.MAX_IMAGE_PIXELS = 2 * DEFAULT_MAX_PIXELS
_EXIF_TIME = re.compile(r"^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")
SIX_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class PhotoInfo:
    content_type: str
    size: int
    sha256: str
    name: str
    width: int
    height: int
    taken_at: datetime | None
    taken_at_raw: str
    latitude: Decimal | None
    longitude: Decimal | None
    camera: str


def max_photo_bytes() -> int:
    """VERIFICATION_PHOTO_MAX_BYTES if set, else the evidence limit (EVIDENCE_MAX_BYTES, 10 MB)."""
    return int(getattr(settings, "VERIFICATION_PHOTO_MAX_BYTES", 0) or uploads.max_bytes())


def max_photo_pixels() -> int:
    return int(getattr(settings, "VERIFICATION_PHOTO_MAX_PIXELS", 0) or DEFAULT_MAX_PIXELS)


def _mb(size: int) -> str:
    if size < 1024 * 1024:
        return f"{(size + 1023) // 1024} KB"
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"


def _printable(value, limit: int) -> str:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    text = "".join(ch for ch in str(value or "") if ch.isprintable()).strip()
    return text[:limit]


def parse_exif_time(raw: str, offset: str = "") -> datetime | None:
    """'2024:11:14 10:05:00' (+ optional '+07:00') → an aware datetime; WIB when no offset."""
    match = _EXIF_TIME.match(raw or "")
    if not match:
        return None
    try:
        naive = datetime(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    zone = WIB
    offset_match = _OFFSET.match(offset or "")
    if offset_match:
        sign, hours, minutes = offset_match.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes))
        if delta <= timedelta(hours=14):
            zone = timezone(delta if sign == "+" else -delta)
    return naive.replace(tzinfo=zone)


def _rational(value) -> float:
    if isinstance(value, tuple) and len(value) == 2:
        numerator, denominator = value
        return float(numerator) / float(denominator) if denominator else math.nan
    return float(value)


def gps_degrees(dms, ref, limit: int) -> Decimal | None:
    """EXIF degrees/minutes/seconds + N/S/E/W reference → signed decimal degrees (None if unusable)."""
    try:
        degrees, minutes, seconds = (_rational(v) for v in dms)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    value = degrees + minutes / 60 + seconds / 3600
    if not math.isfinite(value) or not (0 <= minutes < 60 and 0 <= seconds < 60):
        return None
    ref = _printable(ref, 1).upper()
    if ref in ("S", "W"):
        value = -value
    elif ref not in ("N", "E"):
        return None
    if abs(value) > limit:
        return None
    return Decimal(str(value)).quantize(SIX_PLACES)


def read_exif(image) -> dict:
    """Time, place and camera from a Pillow image's EXIF; empty values where absent or broken."""
    found = {"taken_at": None, "taken_at_raw": "", "latitude": None, "longitude": None, "camera": ""}
    try:
        exif = image.getexif()
        main = exif.get_ifd(ExifTags.IFD.Exif)
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    except Exception:
        return found
    raw = _printable(main.get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime), 40)
    offset = _printable(main.get(ExifTags.Base.OffsetTimeOriginal), 10)
    found["taken_at_raw"] = f"{raw} {offset}".strip() if raw else ""
    found["taken_at"] = parse_exif_time(raw, offset)
    if gps:
        found["latitude"] = gps_degrees(gps.get(ExifTags.GPS.GPSLatitude), gps.get(ExifTags.GPS.GPSLatitudeRef), 90)
        found["longitude"] = gps_degrees(gps.get(ExifTags.GPS.GPSLongitude), gps.get(ExifTags.GPS.GPSLongitudeRef), 180)
        if found["latitude"] is None or found["longitude"] is None:
            found["latitude"] = found["longitude"] = None
    make = _printable(exif.get(ExifTags.Base.Make), 60)
    model = _printable(exif.get(ExifTags.Base.Model), 60)
    found["camera"] = (model if make and model.lower().startswith(make.lower()) else f"{make} {model}").strip()[:120]
    return found


def _not_an_image(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” bukan foto JPEG, PNG atau WebP. Isi berkas yang diperiksa, bukan namanya.") % {"name": name},
        code="bad_type",
    )


def check_photo(upload) -> PhotoInfo:
    """Validate one uploaded photo and read its metadata; raise ValidationError in Indonesian."""
    name = _printable(getattr(upload, "name", ""), 120) or _("foto")
    limit = max_photo_bytes()
    if upload.size and upload.size > limit:
        raise ValidationError(
            _("Foto “%(name)s” terlalu besar (%(size)s). Ukuran maksimum %(limit)s.")
            % {"name": name, "size": _mb(upload.size), "limit": _mb(limit)},
            code="too_big",
        )
    try:
        checked = uploads.check_upload(upload, allowed=PHOTO_TYPES)
    except ValidationError as exc:
        if getattr(exc, "code", None) == "bad_type":
            raise _not_an_image(name) from None
        raise ValidationError(f"“{name}”: {' '.join(exc.messages)}", code=getattr(exc, "code", None)) from None
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != PILLOW_FORMATS[checked.content_type]:
                    raise _not_an_image(name)
                width, height = image.size
                if width * height > max_photo_pixels():
                    raise ValidationError(
                        _("Foto “%(name)s” terlalu besar resolusinya (%(w)s × %(h)s piksel).")
                        % {"name": name, "w": width, "h": height},
                        code="too_many_pixels",
                    )
                metadata = read_exif(image)
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ValidationError(
            _("Foto “%(name)s” terlalu besar resolusinya.") % {"name": name}, code="too_many_pixels"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Warning):
        raise ValidationError(
            _("Foto “%(name)s” rusak atau tidak dapat dibaca sebagai gambar.") % {"name": name}, code="broken"
        ) from None
    return PhotoInfo(
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        name=checked.name,
        width=width,
        height=height,
        **metadata,
    )


THUMBNAIL_PIXELS = 800


def thumbnail_bytes(data: bytes) -> bytes:
    """A JPEG at most 800 px on its longer side, upright (EXIF orientation applied), no metadata."""
    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
        image = ImageOps.exif_transpose(image)
        if image.mode not in ("RGB", "L"):
            background = Image.new("RGB", image.size, "white")
            rgba = image.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            image = background
        image.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=80, optimize=True)
    return out.getvalue()


def thumbnail_or_none(data: bytes) -> bytes | None:
    """The thumbnail, or None when Pillow cannot draw one (the original is then shown instead)."""
    try:
        return thumbnail_bytes(data)
    except (OSError, ValueError, SyntaxError):
        return None


def distance_km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance in kilometres (haversine)."""
    lat1, lon1, lat2, lon2 = (math.radians(float(v)) for v in (lat1, lon1, lat2, lon2))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(a))


def photo_notes(photo, visit) -> list[str]:
    """What an organizer should notice about a photo: no EXIF, another day, far from the site."""
    notes = []
    if photo.taken_at is None:
        notes.append(_("Tanpa waktu EXIF."))
    elif photo.taken_at.astimezone(WIB).date() != visit.visit_date:
        notes.append(_("Diambil pada tanggal lain dari tanggal kunjungan."))
    if not photo.has_gps:
        notes.append(_("Tanpa lokasi GPS."))
    elif visit.latitude is not None and visit.longitude is not None:
        km = distance_km(photo.gps_latitude, photo.gps_longitude, visit.latitude, visit.longitude)
        if km > 1:
            notes.append(_("Diambil %(km)s km dari koordinat lokasi.") % {"km": f"{km:.1f}".replace(".", ",")})
    return notes
