"""The one response for a stored file, after the caller checked the permission.

- The type sent is the one recorded at upload (detected from the bytes), never guessed from the
  name; `X-Content-Type-Options: nosniff` stops a browser from guessing another.
- PDF and images are shown inline (the browser's PDF viewer, `<img>`), anything else downloads
  (`Content-Disposition: attachment`), always with a safe file name.
- `Content-Security-Policy: default-src 'none'; sandbox` on everything except an inline PDF:
  Chromium refuses to start its PDF viewer in a sandboxed document (crbug.com/413851, no sandbox
  token re-enables it), so an inline PDF gets `frame-ancestors 'self'` only; its type is pinned to
  `application/pdf`, which the upload check verified from the bytes, so it cannot render as HTML.
- `private, no-store`: no shared cache keeps a Pemda's documents.
- With media on S3 (`MEDIA_STORAGE=s3`) the bytes are not streamed through the app: the answer is a
  redirect to a pre-signed URL valid `AWS_QUERYSTRING_EXPIRE` seconds, with the same type and
  disposition set as response overrides.
"""

import posixpath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils.http import content_disposition_header
from django.utils.text import get_valid_filename

INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/webp", "image/gif"}


def safe_filename(name: str, fallback: str = "berkas") -> str:
    """The stored name's last part, reduced to letters, digits, dots, dashes and underscores."""
    base = posixpath.basename(name or "")
    try:
        cleaned = get_valid_filename(base)
    except SuspiciousFileOperation:  # "", ".", ".."
        cleaned = ""
    return cleaned[:120] or fallback


def stored_file_response(fieldfile, *, content_type: str, filename: str | None = None, force_download=False):
    if not fieldfile:
        raise Http404
    content_type = (content_type or "application/octet-stream").split(";")[0].strip().lower()
    inline = content_type in INLINE_TYPES and not force_download
    name = safe_filename(filename or fieldfile.name)
    disposition = content_disposition_header(not inline, name)
    if getattr(settings, "MEDIA_STORAGE", "filesystem") == "s3":
        url = fieldfile.storage.url(
            fieldfile.name,
            parameters={
                "ResponseContentType": content_type,
                "ResponseContentDisposition": disposition,
                "ResponseCacheControl": "private, no-store",
            },
        )
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response
    try:
        handle = fieldfile.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    if inline and content_type == "application/pdf":
        response["Content-Security-Policy"] = "frame-ancestors 'self'"
    else:
        response["Content-Security-Policy"] = "default-src 'none'; sandbox; frame-ancestors 'self'"
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
