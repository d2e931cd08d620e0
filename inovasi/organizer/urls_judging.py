from django.urls import path

from inovasi.organizer import judging_jury_views as jury_views
from inovasi.organizer import judging_views as views

urlpatterns = [
    path("edisi/<int:edition_id>/juri/", jury_views.jury, name="judging_jury"),
    path("tahap/<int:stage_id>/penjurian/", views.stage_desk, name="judging_stage"),
    path("tahap/<int:stage_id>/penjurian/penugasan/", views.assignment_list, name="judging_assignments"),
    path("tahap/<int:stage_id>/penjurian/tugaskan-otomatis/", views.assign_auto, name="judging_assign_auto"),
    path("tahap/<int:stage_id>/penjurian/tugaskan/", views.assign_manual, name="judging_assign"),
    path("tahap/<int:stage_id>/penjurian/tugas/<int:assignment_id>/hapus/", views.unassign, name="judging_unassign"),
    path("tahap/<int:stage_id>/penjurian/impor/<slug:what>/", views.import_csv, name="judging_import"),
    path("tahap/<int:stage_id>/penjurian/kecualikan-konflik/", views.waive, name="judging_waive"),
    path("tahap/<int:stage_id>/penjurian/ganti-juri/", views.replace, name="judging_replace"),
    path("tahap/<int:stage_id>/penjurian/tetapkan/periksa/", views.close_check, name="judging_close_check"),
    path("tahap/<int:stage_id>/penjurian/tetapkan/", views.close, name="judging_close"),
    path("tahap/<int:stage_id>/penjurian/buka-kembali/", views.reopen, name="judging_reopen"),
    path("tahap/<int:stage_id>/penjurian/umumkan/periksa/", views.publish_check, name="judging_publish_check"),
    path("tahap/<int:stage_id>/penjurian/umumkan/", views.publish, name="judging_publish"),
    path("tahap/<int:stage_id>/penjurian/berita-acara.pdf", views.minutes, name="judging_minutes"),
    path("tahap/<int:stage_id>/penjurian/keandalan/", jury_views.reliability, name="judging_reliability"),
    path("tahap/<int:stage_id>/penjurian/jadwal/", jury_views.slots, name="judging_slots"),
    path("tahap/<int:stage_id>/penjurian/ekspor.<slug:fmt>", views.export, name="judging_export"),
]
