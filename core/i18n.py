"""The reader's language: the header's chooser, and who may correct the Spanish wording.

The chooser is a plain form (it works without JavaScript). A signed-in person's choice is
stored on their account (`User.preferred_language`), so it follows them to every device and
to the emails the portal sends them; an anonymous visitor's is kept in a cookie. Without a
choice the browser's Accept-Language decides (LocaleMiddleware), and English after that.
"""

from django.conf import settings
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language

from .access import language_keep

LANGUAGE_CODES = frozenset(code for code, _ in settings.LANGUAGES)


def language_choose(request):
    """POST `language` (and `next`, the page to go back to): remember it and go back."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    language = request.POST.get("language", "")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("core:home")
    response = HttpResponseRedirect(target)
    if language not in LANGUAGE_CODES or not check_for_language(language):
        return response
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # Stored on the account by accounts (`core.access`: core imports no app).
        language_keep(user, language)
    language_remember(response, language)
    return response


def language_remember(response, language: str) -> None:
    """Keep `language` in the browser's cookie too: it still holds after logging out."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=False,
    )


def can_translate(user) -> bool:
    """django-rosetta's gate: registry admins (who passed the second factor, as every staff
    member must before any page) correct the Spanish catalogue."""
    return bool(user.is_authenticated and user.is_registry_admin)
