from django.urls import include, path

from inovasi.organizer import audit_views, views

app_name = "organizer"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("penyelenggara/<int:body_id>/anggota/", views.body_members, name="body_members"),
    path("audit/", audit_views.audit_trail, name="audit_trail"),
    path("", include("inovasi.organizer.urls_index")),
    path("", include("inovasi.organizer.urls_competitions")),
    path("", include("inovasi.organizer.urls_judging")),
    path("", include("inovasi.organizer.urls_presentation")),
    path("", include("inovasi.organizer.urls_verification")),
    path("", include("inovasi.organizer.urls_awards")),
    path("", include("inovasi.organizer.urls_press")),
]
