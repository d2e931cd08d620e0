from django.urls import include, path

from inovasi.jury import confirm_views, presentation_views, views

app_name = "jury"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("penilaian/<int:assignment_id>/", views.score, name="score"),
    path("penilaian/<int:assignment_id>/konflik/", views.declare_conflict, name="declare_conflict"),
    path("penilaian/<int:assignment_id>/kirim/", confirm_views.confirm_submit, name="confirm_submit"),
    path("presentasi/", presentation_views.live, name="presentation_live"),
    path("presentasi/<int:assignment_id>/", presentation_views.panel_score, name="presentation_score"),
    path("", include("inovasi.jury.urls_verification")),
]
