from django.contrib import admin

from inovasi.organisations.models import Agency, Government, OrganizerBody


@admin.register(Government)
class GovernmentAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "is_active"]
    search_fields = ["name", "region__code"]
    list_select_related = ["region"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "government", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "government__name"]
    list_select_related = ["government", "parent"]
    raw_id_fields = ["government", "parent"]


@admin.register(OrganizerBody)
class OrganizerBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "government", "is_active"]
    raw_id_fields = ["government"]
