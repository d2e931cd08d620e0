"""Django admin is for system admins only, whatever `is_staff` says."""


def restrict_admin_to_system_admins(site) -> None:
    def has_permission(request):
        user = request.user
        return bool(user.is_active and user.is_authenticated and user.has_perm("accounts.use_django_admin"))

    site.has_permission = has_permission
    site.site_header = "Inovasi — Admin sistem"
    site.site_title = "Inovasi"
