"""The system admin's screens under /ruang-kerja/sistem/ (system admins only)."""

from django.urls import path

from inovasi.workspace.views import system_admin, system_users

urlpatterns = [
    path("sistem/", system_admin.system_home, name="system_home"),
    path("sistem/penyelenggara/", system_admin.body_list, name="system_body_list"),
    path("sistem/penyelenggara/baru/", system_admin.body_create, name="system_body_create"),
    path("sistem/penyelenggara/<int:body_id>/ubah/", system_admin.body_edit, name="system_body_edit"),
    path("sistem/penyelenggara/<int:body_id>/status/", system_admin.body_set_active, name="system_body_set_active"),
    path("sistem/kotak-keluar/", system_admin.outbox, name="system_outbox"),
    path("sistem/kotak-keluar/<int:mail_id>/kirim-ulang/", system_admin.outbox_retry, name="system_outbox_retry"),
    path("sistem/pengguna/", system_users.user_list, name="system_user_list"),
    path("sistem/pengguna/<int:user_id>/", system_users.user_detail, name="system_user_detail"),
    path("sistem/pengguna/<int:user_id>/peran/", system_users.user_role_grant, name="system_user_role_grant"),
    path("sistem/pengguna/<int:user_id>/status/", system_users.user_set_active, name="system_user_set_active"),
    path(
        "sistem/pengguna/<int:user_id>/dua-langkah/atur-ulang/",
        system_users.two_factor_reset,
        name="system_two_factor_reset",
    ),
    path("sistem/peran/<int:membership_id>/cabut/", system_users.membership_revoke, name="system_membership_revoke"),
    path("sistem/undangan/", system_users.invitation_list, name="system_invitation_list"),
    path("sistem/undangan/<int:invitation_id>/batal/", system_users.invitation_cancel, name="system_invitation_cancel"),
    path(
        "sistem/undangan/<int:invitation_id>/kirim-ulang/",
        system_users.invitation_resend,
        name="system_invitation_resend",
    ),
]
