from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from inovasi.accounts import views
from inovasi.accounts.forms import EmailAuthenticationForm

app_name = "accounts"

urlpatterns = [
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=EmailAuthenticationForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("dua-langkah/aktifkan/", views.two_factor_setup, name="two_factor_setup"),
    path("dua-langkah/verifikasi/", views.two_factor_verify, name="two_factor_verify"),
    path("profil/", views.profile, name="profile"),
    path("undangan/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path(
        "lupa-sandi/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "lupa-sandi/terkirim/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "atur-sandi/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "atur-sandi/selesai/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
