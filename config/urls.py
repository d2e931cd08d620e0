from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from inovasi.accounts.admin_site import restrict_admin_to_superusers
from inovasi.api.endpoints import api

restrict_admin_to_superusers(admin.site)

urlpatterns = [
    path("", include("inovasi.public.urls")),
    path("akun/", include("inovasi.accounts.urls")),
    path("ruang-kerja/", include("inovasi.workspace.urls")),
    path("panitia/", include("inovasi.organizer.urls")),
    path("juri/", include("inovasi.jury.urls")),
    path("berkas/", include("inovasi.files.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]

handler400 = "inovasi.public.views.errors.bad_request"
handler403 = "inovasi.public.views.errors.permission_denied"
handler404 = "inovasi.public.views.errors.page_not_found"
handler500 = "inovasi.public.views.errors.server_error"
