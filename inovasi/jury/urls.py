from django.urls import include, path

from inovasi.jury import views

app_name = "jury"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("penilaian/<int:assignment_id>/", views.score, name="score"),
    path("penilaian/<int:assignment_id>/konflik/", views.declare_conflict, name="declare_conflict"),
    path("", include("inovasi.jury.urls_verification")),
]
