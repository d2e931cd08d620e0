from django.contrib import admin

from inovasi.innovations.models import NarrativeGuide


@admin.register(NarrativeGuide)
class NarrativeGuideAdmin(admin.ModelAdmin):
    list_display = ["field", "question"]
