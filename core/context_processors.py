from django.conf import settings

from .navigation import links_for


def portal(request):
    """What every page needs: who runs the portal and which roles the visitor holds."""
    user = getattr(request, "user", None)
    roles = user.role_names if user is not None and user.is_authenticated else frozenset()
    nav_menu, nav_home = links_for(user)
    return {
        "nav_menu": nav_menu,
        "nav_home": nav_home,
        "association_name": settings.ASSOCIATION_NAME,
        "association_code": settings.ASSOCIATION_CODE,
        "user_roles": roles,
        "debug_outbox": settings.DEBUG,
        "login_cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
