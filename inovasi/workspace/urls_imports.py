from django.urls import path

from inovasi.workspace.views import imports

urlpatterns = [
    path("pemda/<int:government_id>/impor/", imports.import_start, name="import_start"),
    path("pemda/<int:government_id>/impor/templat.xlsx", imports.import_template, name="import_template"),
    path("pemda/<int:government_id>/impor-penghargaan/", imports.recognition_import, name="recognition_import"),
    path(
        "pemda/<int:government_id>/impor-penghargaan/templat.xlsx",
        imports.recognition_template,
        name="recognition_template",
    ),
    path("impor/<int:job_id>/", imports.import_detail, name="import_detail"),
    path("impor/<int:job_id>/galat.csv", imports.import_errors_csv, name="import_errors_csv"),
]
