from django.contrib import admin

from inovasi.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "is_autonomous"]
    list_filter = ["level", "is_autonomous"]
    search_fields = ["code", "name"]
