# URL patterns of this area; included from the audience's urls.py.
from django.urls import path

from inovasi.organizer import index_views as views
from inovasi.organizer import index_workbench_views as workbench

urlpatterns = [
    path("indeks/", views.framework_list, name="index_frameworks"),
    path("indeks/<int:framework_id>/", views.framework_detail, name="index_framework"),
    path("indeks/<int:framework_id>/salin/", views.framework_copy, name="index_framework_copy"),
    path("indeks/<int:framework_id>/indikator/<int:indicator_id>/", views.indicator_edit, name="index_indicator"),
    path("indeks/<int:framework_id>/validasi/", views.validation_queue, name="index_validation_queue"),
    path("indeks/<int:framework_id>/validasi/klaim/", workbench.claim_workbench, name="index_workbench"),
    path("indeks/<int:framework_id>/validasi/klaim/terima/", workbench.claims_accept, name="index_claims_accept"),
    path("indeks/<int:framework_id>/validasi/klaim/<int:claim_id>/", workbench.claim_review, name="index_claim_review"),
    path("indeks/<int:framework_id>/validator/", workbench.validators, name="index_validators"),
    path("indeks/<int:framework_id>/validator/tugaskan/", workbench.validators_assign, name="index_validators_assign"),
    path("indeks/<int:framework_id>/umumkan/periksa/", views.publish_check, name="index_publish_check"),
    path("indeks/<int:framework_id>/hitung/", views.framework_compute, name="index_compute"),
    path("indeks/<int:framework_id>/umumkan/", views.framework_publish, name="index_publish"),
    path("indeks/<int:framework_id>/nomine/", views.nominees, name="index_nominees"),
    path("indeks/penilaian/<int:assessment_id>/", views.assessment_validate, name="index_assessment_validate"),
    path("indeks/penilaian/<int:assessment_id>/buka/", views.assessment_reopen, name="index_assessment_reopen"),
    path("indeks/klaim/<int:claim_id>/validasi/", views.claim_validate, name="index_claim_validate"),
]
