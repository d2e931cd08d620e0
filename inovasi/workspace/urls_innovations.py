"""The innovation registry in the workspace: records, workflow, child records and evidence."""

from django.urls import path

from inovasi.workspace.views import corrections, evidence, innovation_parts, innovations

urlpatterns = [
    path("inovasi/", innovations.innovation_list, name="innovation_list"),
    path("inovasi/tinjauan/", innovations.review_queue, name="innovation_review_queue"),
    path("inovasi/baru/", innovations.innovation_create, name="innovation_create"),
    path("inovasi/cek-mirip/", innovations.innovation_duplicates, name="innovation_duplicates"),
    path("inovasi/<int:innovation_id>/", innovations.innovation_detail, name="innovation_detail"),
    path("inovasi/<int:innovation_id>/ubah/", innovations.innovation_edit, name="innovation_edit"),
    path("inovasi/<int:innovation_id>/ajukan/", innovations.innovation_submit, name="innovation_submit"),
    path("inovasi/<int:innovation_id>/pratinjau/", innovations.innovation_preview, name="innovation_preview"),
    path("inovasi/<int:innovation_id>/terbitkan/", innovations.innovation_publish, name="innovation_publish"),
    path("inovasi/<int:innovation_id>/kembalikan/", innovations.innovation_return, name="innovation_return"),
    path("inovasi/<int:innovation_id>/buka-revisi/", innovations.innovation_reopen, name="innovation_reopen"),
    path("inovasi/<int:innovation_id>/arsipkan/", innovations.innovation_archive, name="innovation_archive"),
    path("inovasi/<int:innovation_id>/pulihkan/", innovations.innovation_restore, name="innovation_restore"),
    path("inovasi/<int:innovation_id>/tahun-baru/", innovations.innovation_new_year, name="innovation_new_year"),
    path("inovasi/<int:innovation_id>/koreksi/", corrections.correction_propose, name="correction_propose"),
    path("koreksi/", corrections.correction_list, name="correction_list"),
    path("koreksi/<int:correction_id>/setujui/", corrections.correction_approve, name="correction_approve"),
    path("koreksi/<int:correction_id>/tolak/", corrections.correction_reject, name="correction_reject"),
    path("koreksi/<int:correction_id>/tarik/", corrections.correction_withdraw, name="correction_withdraw"),
    path("inovasi/<int:innovation_id>/versi/<int:year>/", innovations.innovation_version, name="innovation_version"),
    path("inovasi/<int:innovation_id>/replikasi/tambah/", innovation_parts.replication_add, name="replication_add"),
    path("inovasi/<int:innovation_id>/bukti/tambah/", evidence.evidence_add, name="evidence_add"),
    path("inovasi/<int:innovation_id>/<slug:part>/tambah/", innovation_parts.part_add, name="part_add"),
    path("inovasi/data/<slug:part>/<int:part_id>/ubah/", innovation_parts.part_edit, name="part_edit"),
    path("inovasi/data/<slug:part>/<int:part_id>/hapus/", innovation_parts.part_delete, name="part_delete"),
    path("replikasi/<int:replication_id>/ubah/", innovation_parts.replication_edit, name="replication_edit"),
    path("replikasi/<int:replication_id>/hapus/", innovation_parts.replication_delete, name="replication_delete"),
    path(
        "replikasi/<int:replication_id>/bukti/",
        evidence.replication_evidence_download,
        name="replication_evidence_download",
    ),
    path("bukti/<int:evidence_id>/ubah/", evidence.evidence_edit, name="evidence_edit"),
    path("bukti/<int:evidence_id>/hapus/", evidence.evidence_delete, name="evidence_delete"),
    path("bukti/<int:evidence_id>/unduh/", evidence.evidence_download, name="evidence_download"),
]
