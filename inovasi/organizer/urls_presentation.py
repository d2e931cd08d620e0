from django.urls import path

from inovasi.organizer import presentation_views as views

urlpatterns = [
    path("tahap/<int:stage_id>/presentasi/ruang/", views.room, name="presentation_room"),
    path("tahap/<int:stage_id>/presentasi/ruang/status/", views.room_status, name="presentation_room_status"),
    path("presentasi/sesi/<int:slot_id>/tutup/", views.close_slot, name="presentation_close_slot"),
]
