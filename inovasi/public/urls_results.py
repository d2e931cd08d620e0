from django.urls import path

from inovasi.public.views import gallery, press, results

urlpatterns = [
    path("kompetisi/<int:edition_id>/hasil/", results.edition_results, name="edition_results"),
    path(
        "kompetisi/<int:edition_id>/hasil/unduh.<str:fmt>",
        results.edition_results_export,
        name="edition_results_export",
    ),
    path("kompetisi/<int:edition_id>/galeri/", gallery.edition_gallery, name="edition_gallery"),
    path("kompetisi/<int:edition_id>/galeri/data.json", gallery.edition_gallery_data, name="edition_gallery_data"),
    path("berita/", press.press_list, name="press_list"),
    path("berita/<int:release_id>/", press.press_detail, name="press_detail"),
]
