from django.urls import include, path

from inovasi.workspace.views import agencies, dashboard, members

app_name = "workspace"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("pemda/<int:government_id>/perangkat-daerah/", agencies.agency_list, name="agency_list"),
    path("pemda/<int:government_id>/perangkat-daerah/baru/", agencies.agency_create, name="agency_create"),
    path("perangkat-daerah/<int:agency_id>/ubah/", agencies.agency_edit, name="agency_edit"),
    path("perangkat-daerah/<int:agency_id>/status/", agencies.agency_set_active, name="agency_set_active"),
    path("perangkat-daerah/<int:agency_id>/hapus/", agencies.agency_delete, name="agency_delete"),
    path("pemda/<int:government_id>/pengguna/", members.member_list, name="member_list"),
    path("", include("inovasi.workspace.urls_innovations")),
    path("", include("inovasi.workspace.urls_imports")),
    path("", include("inovasi.workspace.urls_index")),
    path("", include("inovasi.workspace.urls_proposals")),
    path("", include("inovasi.workspace.urls_integrations")),
    path("", include("inovasi.workspace.urls_system")),
]
