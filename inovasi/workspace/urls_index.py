# URL patterns of this area; included from the audience's urls.py.
from django.urls import path

from inovasi.workspace.views import index_assessment as views

urlpatterns = [
    path("pemda/<int:government_id>/indeks/", views.index_home, name="index_home"),
    path("pemda/<int:government_id>/indeks/<int:year>/", views.assessment_detail, name="index_assessment"),
    path(
        "pemda/<int:government_id>/indeks/<int:year>/unduh.<str:fmt>",
        views.assessment_export,
        name="index_assessment_export",
    ),
    path("pemda/<int:government_id>/indeks/<int:year>/mulai/", views.assessment_start, name="index_start"),
    path("pemda/<int:government_id>/indeks/<int:year>/ajukan/", views.assessment_submit, name="index_submit"),
    path(
        "pemda/<int:government_id>/indeks/<int:year>/bawa-inovasi/",
        views.bring_forward,
        name="index_bring_forward",
    ),
    path(
        "pemda/<int:government_id>/indeks/<int:year>/indikator/<int:number>/",
        views.region_claim,
        name="index_region_claim",
    ),
    path(
        "pemda/<int:government_id>/indeks/<int:year>/inovasi/<int:innovation_id>/",
        views.innovation_claims,
        name="index_innovation_claims",
    ),
]
