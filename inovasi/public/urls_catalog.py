from django.urls import path

from inovasi.public.views import catalog, innovation, region, replication

urlpatterns = [
    path("inovasi/", catalog.catalog, name="catalog"),
    path("inovasi/mirip/", innovation.similar_fragment, name="similar_innovations"),
    path("inovasi/<int:pk>/", innovation.innovation_detail, name="innovation_detail"),
    path("wilayah/<str:code>/", region.region_detail, name="region_detail"),
    path("replikasi/", replication.national, name="replication_national"),
]
