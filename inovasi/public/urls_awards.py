from django.urls import path

from inovasi.public.views import certificates

urlpatterns = [
    path("sertifikat/", certificates.certificate_lookup, name="certificate_lookup"),
    path("sertifikat/periksa-segel/", certificates.seal_check, name="certificate_seal_check"),
    path("sertifikat/<str:token>/", certificates.certificate_verify, name="certificate_verify"),
    path("sertifikat/<str:token>/unduh/", certificates.certificate_pdf, name="certificate_pdf"),
]
