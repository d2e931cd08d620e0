from django.urls import path

from inovasi.organizer import press_views

urlpatterns = [
    path("siaran-pers/", press_views.press_list, name="press_list"),
    path("siaran-pers/baru/", press_views.press_create, name="press_create"),
    path("siaran-pers/<int:release_id>/", press_views.press_edit, name="press_edit"),
    path("siaran-pers/<int:release_id>/pratinjau/", press_views.press_preview, name="press_preview"),
    path("siaran-pers/<int:release_id>/terbitkan/", press_views.press_publish, name="press_publish"),
    path("siaran-pers/<int:release_id>/tarik/", press_views.press_unpublish, name="press_unpublish"),
    path("siaran-pers/<int:release_id>/hitung-ulang/", press_views.press_regenerate, name="press_regenerate"),
]
