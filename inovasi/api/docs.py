"""The API's own pages: the Swagger UI served from our static files, the index at /api/v1/, and the
error responses every operation can give, declared in the OpenAPI schema."""

import json

from django.shortcuts import render
from ninja.openapi.docs import Swagger, _csrf_needed

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "detail": {
            "title": "Detail",
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "object"}}],
        }
    },
    "required": ["detail"],
}

ERROR_DESCRIPTIONS = {
    401: "Belum masuk (sesi diperlukan) atau token API tidak sah.",
    403: "Tidak berhak, atau token tanpa cakupan yang diperlukan.",
    404: "Tidak ditemukan.",
    409: "Keadaan data tidak mengizinkan perubahan ini (misalnya inovasi sudah diajukan).",
    422: "Parameter atau isi tidak sah; `detail` memuat letak (`loc`) dan pesan tiap kolom.",
    429: "Terlalu banyak permintaan dengan token ini; coba lagi sebentar.",
}


class LocalSwagger(Swagger):
    """Swagger UI vendored under static/vendor (pinned version), started by a static script."""

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": json.dumps(self.settings), "api": api, "add_csrf": _csrf_needed(api)}
        return render(request, "api/docs.html", context)


def declare_errors(schema: dict) -> dict:
    """Add the client errors each operation can answer, with the `{"detail": ...}` body.

    422 for any operation with parameters (django-ninja validates them), 404 for one with a path
    parameter (an unknown ID), 401 and 403 for one that needs a session.
    """
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            params = operation.get("parameters", [])
            codes = set()
            if params or "requestBody" in operation:
                codes.add(422)
            if any(p.get("in") == "path" for p in params):
                codes.add(404)
            if operation.get("security"):
                codes |= {401, 403}
            if {"TokenAuth": []} in operation.get("security", []):
                codes.add(429)
                if 404 in codes:  # a record of the token's Pemda may be in a state that refuses the write
                    codes.add(409)
            for code in sorted(codes):
                operation["responses"].setdefault(
                    code,
                    {
                        "description": ERROR_DESCRIPTIONS[code],
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
    return schema
