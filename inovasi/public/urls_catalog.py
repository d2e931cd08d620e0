from django.urls import path

from inovasi.public.views import catalog, innovation, innovation_versions, region, replication

urlpatterns = [
    path("inovasi/", catalog.catalog, name="catalog"),
    path("inovasi/mirip/", innovation.similar_fragment, name="similar_innovations"),
    path("inovasi/<int:pk>/", innovation.innovation_detail, name="innovation_detail"),
    path("inovasi/<int:pk>/versi/<int:year>/", innovation_versions.innovation_version, name="innovation_version"),
    path("wilayah/<str:code>/", region.region_detail, name="region_detail"),
    path("replikasi/", replication.national, name="replication_national"),
]
