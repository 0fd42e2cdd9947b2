from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes throttling for logins made through a web request.

    Authentication without a request (the shell, management commands, the test client's
    login()) has no client to throttle, so it is passed on to the next backend instead of
    raising.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def axes_username(request, credentials) -> str:
    """Throttle on the address as typed in any capitalisation (logins are case-insensitive)."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(value).strip().lower()


class RoleLoadingModelBackend(ModelBackend):
    """Django's model backend, reading the signed-in person's roles in the same query as the
    person: every signed-in page needs them (navigation, permission checks, 2FA), so this
    saves a query on each request."""

    def get_user(self, user_id):
        from accounts.models import User

        user = User.objects.signed_in(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
