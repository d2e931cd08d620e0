from django.apps import AppConfig
from django.core import serializers


class BackupsConfig(AppConfig):
    name = "inovasi.backups"
    label = "backups"
    verbose_name = "Backups"

    def ready(self):
        serializers.register_serializer("jsonexact", "inovasi.backups.serializer")
