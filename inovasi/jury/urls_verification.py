from django.urls import path

from inovasi.jury import verification_views as views

urlpatterns = [
    path("kunjungan/", views.visit_list, name="visit_list"),
    path("kunjungan/<int:visit_id>/", views.visit_form, name="visit_form"),
    path("kunjungan/<int:visit_id>/foto/", views.photo_add, name="visit_photo_add"),
    path("kunjungan/<int:visit_id>/foto/<int:photo_id>/hapus/", views.photo_delete, name="visit_photo_delete"),
    path("kunjungan/foto/<int:photo_id>/", views.photo, name="visit_photo"),
]
