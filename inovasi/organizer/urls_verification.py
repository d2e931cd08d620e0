from django.urls import path

from inovasi.organizer import verification_views as views

urlpatterns = [
    path("verifikasi/", views.home, name="verification_home"),
    path("tahap/<int:stage_id>/verifikasi/", views.stage_desk, name="verification_stage"),
    path("tahap/<int:stage_id>/verifikasi/rencana/", views.plan, name="verification_plan"),
    path("tahap/<int:stage_id>/verifikasi/kebijakan/", views.policy, name="verification_policy"),
    path("tahap/<int:stage_id>/verifikasi/ekspor.csv", views.export, name="verification_export"),
    path("verifikasi/kunjungan/<int:visit_id>/", views.visit_detail, name="verification_visit"),
    path("verifikasi/kunjungan/<int:visit_id>/ubah/", views.visit_edit, name="verification_visit_edit"),
    path("verifikasi/kunjungan/<int:visit_id>/terima/", views.visit_accept, name="verification_visit_accept"),
    path("verifikasi/kunjungan/<int:visit_id>/kembalikan/", views.visit_return, name="verification_visit_return"),
    path("verifikasi/kunjungan/<int:visit_id>/batalkan/", views.visit_cancel, name="verification_visit_cancel"),
    path("verifikasi/foto/<int:photo_id>/", views.photo, name="verification_photo"),
]
