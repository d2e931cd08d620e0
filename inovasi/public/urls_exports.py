from django.urls import path

from inovasi.public.views import exports

urlpatterns = [
    path("inovasi/ekspor/", exports.catalog_export, name="catalog_export"),
]
