"""Django admin is for superusers only, whatever `is_staff` says.

System admins (the role) use the workspace's system screens instead (`workspace:system_home`):
their writes run through audited services. Django admin stays as the technical operator's tool.
"""


def restrict_admin_to_superusers(site) -> None:
    def has_permission(request):
        user = request.user
        return bool(user.is_active and user.is_authenticated and user.has_perm("accounts.use_django_admin"))

    site.has_permission = has_permission
    site.site_header = "Inovasi — Admin Django"
    site.site_title = "Inovasi"
