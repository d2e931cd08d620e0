"""The outbox in Django admin (superusers): every row, filterable by state, with a retry action.

System admins see the same rows on the workspace's system screens (`workspace:system_outbox`)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from inovasi.outbox import services
from inovasi.outbox.models import OutgoingMail


def _system_admin(request) -> bool:
    return request.user.has_perm("accounts.use_django_admin")


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "state", "attempts", "next_attempt_at", "sent_at", "last_error"]
    list_filter = ["state"]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in OutgoingMail._meta.fields]
    actions = ["retry_selected"]

    def has_module_permission(self, request):
        return _system_admin(request)

    def has_view_permission(self, request, obj=None):
        return _system_admin(request)

    def has_change_permission(self, request, obj=None):
        return _system_admin(request)  # only the retry action writes; every field is read-only

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # never lost: a failed mail stays until it is sent

    @admin.action(description=_("Kirim ulang surel terpilih"))
    def retry_selected(self, request, queryset):
        n = services.retry(mails=list(queryset), actor=request.user)
        self.message_user(
            request,
            ngettext("%(n)s surel dimasukkan kembali ke antrean.", "%(n)s surel dimasukkan kembali ke antrean.", n)
            % {"n": n},
            messages.SUCCESS,
        )
