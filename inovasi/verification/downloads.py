"""Serving a visit photo: only after the caller checked the permission, with the one safe response.

The type served is the one detected from the bytes at upload (an image), never the browser's; the
small version is shown inline in `<img>`, the original is always an attachment. The headers are
those of every stored file (`inovasi.files.serving`): `nosniff`, a sandboxing CSP, `private,
no-store`.
"""

from django.http import FileResponse

from inovasi.files.serving import stored_file_response


def photo_response(photo, *, original: bool) -> FileResponse:
    if original or not photo.thumbnail:
        fieldfile, content_type, as_attachment = photo.file, photo.content_type, original
    else:
        fieldfile, content_type, as_attachment = photo.thumbnail, "image/jpeg", False
    return stored_file_response(fieldfile, content_type=content_type, force_download=as_attachment)
