"""django.contrib.admin with Minfu's admin site (see admin_site.py). Kept apart so that
loading this app config imports no models."""

from django.contrib.admin.apps import AdminConfig


class MinfuAdminConfig(AdminConfig):
    default_site = "minfu.web.admin_site.MinfuAdminSite"
