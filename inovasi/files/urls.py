"""/berkas/<kind>/<id>/: one path shape and one view for every stored file (see `inovasi.files`)."""

from django.urls import path

from inovasi.files import views

app_name = "files"

urlpatterns = [
    path("lampiran/<int:file_id>/", views.open_file, {"kind": "lampiran"}, name="proposal_attachment"),
    path("bukti-indeks/<int:file_id>/", views.open_file, {"kind": "bukti-indeks"}, name="claim_evidence"),
    path("bukti/<int:file_id>/", views.open_file, {"kind": "bukti"}, name="evidence"),
    path("replikasi/<int:file_id>/", views.open_file, {"kind": "replikasi"}, name="replication_evidence"),
    path("foto/<int:file_id>/", views.open_file, {"kind": "foto"}, name="visit_photo"),
]
