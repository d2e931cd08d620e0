from django.urls import path

from inovasi.public.views import editions

urlpatterns = [
    path("kompetisi/", editions.edition_list, name="edition_list"),
    path("kompetisi/<int:edition_id>/", editions.edition_detail, name="edition_detail"),
]
