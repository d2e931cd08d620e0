from django.urls import include, path

from inovasi.public.views import home

app_name = "public"

urlpatterns = [
    path("", home.home, name="home"),
    path("", include("inovasi.public.urls_catalog")),
    path("", include("inovasi.public.urls_exports")),
    path("", include("inovasi.public.urls_index")),
    path("", include("inovasi.public.urls_competitions")),
    path("", include("inovasi.public.urls_results")),
    path("", include("inovasi.public.urls_awards")),
    path("", include("inovasi.public.urls_open_data")),
]
