from django.urls import path

from inovasi.organizer import views

app_name = "organizer"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("penyelenggara/<int:body_id>/anggota/", views.body_members, name="body_members"),
]
