from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "core"
    verbose_name = "Portal core"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's site (core.admin_site) as `admin.site`."""

    default = False  # named in INSTALLED_APPS; "core" itself means CoreConfig

    default_site = "core.admin_site.PortalAdminSite"
