from django.urls import path

from inovasi.organizer import award_views as views

P = "edisi/<int:edition_id>/penghargaan/"

urlpatterns = [
    path(P, views.award_list, name="award_list"),
    path(P + "pengaturan/", views.award_setup, name="award_setup"),
    path(P + "pengaturan/dari-tahap/", views.labels_from_stages, name="award_labels_from_stages"),
    path(P + "label/baru/", views.label_form, name="award_label_create"),
    path(P + "label/<int:label_id>/ubah/", views.label_form, name="award_label_edit"),
    path(P + "label/<int:label_id>/hapus/", views.label_delete, name="award_label_delete"),
    path(P + "acara/baru/", views.ceremony_form, name="ceremony_create"),
    path(P + "acara/<int:ceremony_id>/ubah/", views.ceremony_form, name="ceremony_edit"),
    path(P + "acara/<int:ceremony_id>/hapus/", views.ceremony_delete, name="ceremony_delete"),
    path(P + "beri/", views.award_give, name="award_give"),
    path(P + "impor-tahap/", views.award_import, name="award_import"),
    path(P + "penerima/<int:award_id>/ubah/", views.award_edit, name="award_edit"),
    path(P + "penerima/<int:award_id>/hapus/", views.award_delete, name="award_delete"),
    path(P + "penerima/<int:award_id>/sertifikat/", views.certificate_generate, name="certificate_generate"),
    path(P + "sertifikat/buat-semua/", views.certificate_generate_all, name="certificate_generate_all"),
    path(P + "sertifikat/proses/<int:batch_id>/", views.certificate_batch, name="certificate_batch"),
    path(P + "sertifikat/<int:certificate_id>/cabut/", views.certificate_revoke, name="certificate_revoke"),
    path(P + "ekspor.<slug:fmt>", views.award_export, name="award_export"),
]
