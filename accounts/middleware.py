from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode


class StaffTwoFactorMiddleware:
    """Staff must pass the second factor before any page but the 2FA pages themselves.

    Applicants are not asked (their data is their own); reviewers, coordinators, registry
    admins and Django admin users are, including on the admin, whose site also refuses
    sessions that are not OTP-verified.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff_member
            and not user.is_verified()
            and not self._exempt(request.path)
        ):
            target = reverse("accounts:two_factor")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        exempt = (
            reverse("accounts:two_factor"),
            reverse("logout"),
            reverse("core:language"),
            "/static/",
            "/dev/",
        )
        return path.startswith(exempt)


class PreferredLanguageMiddleware:
    """A signed-in person reads the portal in the language stored on their account.

    After LocaleMiddleware (cookie, Accept-Language) and authentication: the account's choice
    wins, so it follows the person to every browser. Blank means "not chosen", and the
    browser's language stays.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", "") if user is not None else ""
        if language and user.is_authenticated and language != request.LANGUAGE_CODE:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language and user.is_authenticated:
            response.headers.setdefault("Content-Language", language)
        return response
