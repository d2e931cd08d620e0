"""Serving a visit photo: only after the caller checked the permission, with safe headers.

The type served is the one detected from the bytes at upload (an image), never the browser's; the
small version is shown inline in `<img>`, the original is always an attachment. `nosniff`, a
sandboxing CSP and `private, no-store` keep a browser from rendering or caching it as anything else.
"""

import posixpath

from django.http import FileResponse, Http404


def photo_response(photo, *, original: bool) -> FileResponse:
    if original or not photo.thumbnail:
        fieldfile, content_type, as_attachment = photo.file, photo.content_type, original
    else:
        fieldfile, content_type, as_attachment = photo.thumbnail, "image/jpeg", False
    try:
        handle = fieldfile.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=as_attachment,
        filename=posixpath.basename(fieldfile.name),
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
