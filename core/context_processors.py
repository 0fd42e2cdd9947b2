from django.conf import settings

from .navigation import links_for


def portal(request):
    """What every page needs: who runs the portal, and the links for the visitor's roles."""
    nav_menu, nav_home = links_for(getattr(request, "user", None))
    return {
        "nav_menu": nav_menu,
        "nav_home": nav_home,
        "association_name": settings.ASSOCIATION_NAME,
        "association_code": settings.ASSOCIATION_CODE,
        "debug_outbox": settings.DEBUG,
        "login_cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
