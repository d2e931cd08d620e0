from django.urls import path

from inovasi.jury import views

app_name = "jury"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
