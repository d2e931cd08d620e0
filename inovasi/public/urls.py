from django.urls import path

from inovasi.public.views import home

app_name = "public"

urlpatterns = [
    path("", home.home, name="home"),
]
