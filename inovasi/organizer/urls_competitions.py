from django.urls import path

from inovasi.organizer import competition_views as views
from inovasi.organizer import competition_views_review as review

urlpatterns = [
    path("kompetisi/", views.competition_list, name="competition_list"),
    path("kompetisi/baru/", views.competition_create, name="competition_create"),
    path("edisi/baru/", views.edition_create, name="edition_create"),
    path("edisi/<int:edition_id>/", views.edition_dashboard, name="edition_dashboard"),
    path("edisi/<int:edition_id>/pengaturan/", views.edition_settings, name="edition_settings"),
    path("edisi/<int:edition_id>/umumkan/", views.edition_publish, name="edition_publish"),
    path("edisi/<int:edition_id>/<slug:kind>/baru/", views.config_form, name="config_create"),
    path("edisi/<int:edition_id>/<slug:kind>/<int:pk>/ubah/", views.config_form, name="config_edit"),
    path("edisi/<int:edition_id>/<slug:kind>/<int:pk>/hapus/", views.config_delete, name="config_delete"),
    path("tahap/<int:stage_id>/rubrik/", views.rubric_edit, name="rubric_edit"),
    path("edisi/<int:edition_id>/proposal/", review.proposal_list, name="edition_proposals"),
    path("edisi/<int:edition_id>/ekspor.<slug:fmt>", review.export_proposals, name="edition_export"),
    path("edisi/<int:edition_id>/periksa-otomatis/", review.run_checks, name="edition_run_checks"),
    path("proposal/<int:proposal_id>/", review.proposal_review, name="proposal_review"),
    path("tahap/<int:stage_id>/daftar/", review.shortlist, name="stage_shortlist"),
    path("edisi/<int:edition_id>/sanggahan/", review.objection_list, name="edition_objections"),
    path("sanggahan/<int:objection_id>/", review.objection_resolve, name="objection_resolve"),
]
