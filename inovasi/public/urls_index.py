# URL patterns of this area; included from the audience's urls.py.
from django.urls import path

from inovasi.public.views import index_dashboard, index_region

urlpatterns = [
    path("indeks/", index_dashboard.index_dashboard, name="index_dashboard"),
    path("indeks/<int:year>/wilayah/<str:code>/", index_region.index_region, name="index_region"),
    path("indeks/<int:year>/unduh.<str:fmt>", index_dashboard.index_export, name="index_export"),
]
