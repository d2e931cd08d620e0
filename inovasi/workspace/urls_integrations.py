from django.urls import path

from inovasi.workspace.views import integrations as views

urlpatterns = [
    path("integrasi/", views.integration_home, name="integration_home"),
    path("integrasi/<slug:slug>/", views.integration_owner, name="integration_owner"),
    path("integrasi/<slug:slug>/token/baru/", views.token_create, name="token_create"),
    path("integrasi/token/<int:token_id>/cabut/", views.token_revoke, name="token_revoke"),
    path("integrasi/<slug:slug>/webhook/baru/", views.endpoint_create, name="endpoint_create"),
    path("integrasi/webhook/<int:endpoint_id>/", views.endpoint_detail, name="endpoint_detail"),
    path("integrasi/webhook/<int:endpoint_id>/<slug:action>/", views.endpoint_action, name="endpoint_action"),
    path("integrasi/pengiriman/<int:delivery_id>/kirim-ulang/", views.delivery_resend, name="delivery_resend"),
]
