from django.urls import path

from inovasi.public.views import open_data

urlpatterns = [
    path("data.json", open_data.data_json, name="data_json"),
    path("data/", open_data.open_data_home, name="open_data"),
    path("data/katalog.jsonld", open_data.dcat_catalog, name="dcat_catalog"),
    path("data/<slug:slug>/", open_data.open_dataset, name="open_dataset"),
]
