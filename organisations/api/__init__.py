"""The verification API (django-ninja): `GET /api/v1/credentials/<number>` and
`POST /api/v1/verifications`, for programs that check in bulk with an organisation's key.

Every answer is JSON, errors included (`{"code", "message"}`: the code is stable, the message
is written in the request's language, Accept-Language, English by default; the data stays in
English whatever the language, for the programs that parse it); a missing, wrong or revoked key
answers 401 with `WWW-Authenticate: Bearer`; each key has its own rate limit (429 with
`Retry-After`). The API reads no cookie and sets none, so it needs no CSRF token. Every
operation's call is one row in the audit trail (`audited`, below), answered or refused.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from ninja import NinjaAPI, Path, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from core.ratelimit import hit, hit_key

from ..models import ApiKey
from ..services import api as api_services
from . import schemas

WINDOW = 60  # seconds: API_RATE_LIMIT counts calls per minute


class RateLimited(Exception):
    pass


class ApiProblem(Exception):
    def __init__(self, status: int, code: str, message):
        super().__init__(code)
        self.status, self.code, self.message = status, code, message


class ApiKeyAuth(HttpBearer):
    """`Authorization: Bearer vk_…`. A caller over their limit gets 429 before the key is
    even looked at; callers without a valid key are limited per address."""

    def __call__(self, request: HttpRequest):
        header = request.headers.get("Authorization", "")
        scheme, _sep, token = header.partition(" ")
        key = None
        if scheme.lower() == "bearer" and token:
            key = api_services.api_key_authenticate(presented=token)
        if key is None:
            if not hit(scope="api-anon", request=request, limit=settings.API_RATE_LIMIT):
                raise RateLimited
            return None
        if not hit_key(scope="api", key=key.prefix, limit=settings.API_RATE_LIMIT, window=WINDOW):
            request.auth = key  # the audit row names the key that went over its limit
            raise RateLimited
        return key

    def authenticate(self, request, token):  # pragma: no cover - __call__ does it all
        return None


api = NinjaAPI(
    title="Endorsement verification API",
    version="1",
    description=(
        "Check endorsements in bulk with an organisation's API key. "
        "Send `Authorization: Bearer <key>`. Errors are JSON with a stable `code`."
    ),
    urls_namespace="api",
    openapi_url="/schema",
    docs_url=None,  # our own page (organisations.views.api_docs): no CDN, in both languages
    auth=ApiKeyAuth(),
)

ERRORS = {401: schemas.Error, 422: schemas.Error, 429: schemas.Error}


def _message(request, message, params: dict | None = None) -> str:
    """A lazy message in the request's language (LocaleMiddleware read it from Accept-Language
    into request.LANGUAGE_CODE), whatever language the view answers its data in."""
    language = getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        text = str(message)
    return text % params if params else text


def _error(
    request, status: int, code: str, message, params: dict | None = None, errors=None
) -> JsonResponse:
    body = {"code": code, "message": _message(request, message, params)}
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(body, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="verification API"'
    if status == 429:
        response["Retry-After"] = str(WINDOW)
    return response


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    return _error(
        request,
        401,
        "unauthorized",
        _(
            "Send a valid API key: Authorization: Bearer <key>. Keys that were revoked no "
            "longer work."
        ),
    )


@api.exception_handler(RateLimited)
def _rate_limited(request, exc):
    return _error(
        request,
        429,
        "rate_limited",
        _("Too many calls: at most %(limit)s a minute. Wait and try again."),
        {"limit": settings.API_RATE_LIMIT},
    )


def _location(loc) -> str:
    # ninja names the body parameter too ("body", "body", "checks", 0): callers send no such
    # level, so the location reads as their JSON does: body.checks.0.number.
    parts = [str(part) for part in loc]
    if parts[:2] == ["body", "body"]:
        del parts[1]
    return ".".join(parts)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    errors = [
        {"location": _location(error.get("loc", ())), "message": str(error.get("msg", ""))}
        for error in exc.errors
    ]
    return _error(
        request, 422, "invalid_request", _("The request is not valid: see errors."), errors=errors
    )


@api.exception_handler(ApiProblem)
def _problem(request, exc):
    return _error(request, exc.status, exc.code, exc.message)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    # ninja's own refusals, e.g. a body that is not JSON.
    return _error(request, exc.status_code, "invalid_request", str(exc))


@api.get(
    "/credentials/{number}",
    response={200: schemas.Credential, 404: schemas.Error, **ERRORS},
    url_name="credential",
    summary="Check one endorsement by its number",
    operation_id="credential_get",
)
def credential_get(
    request,
    number: str = Path(
        ...,
        max_length=schemas.NUMBER_MAX,
        pattern=schemas.PLAIN_TEXT,
        description="The endorsement number as printed on the certificate (any capitalisation).",
    ),
):
    """The endorsement with this number: its status, category and valid-through date.
    404 (`not_found`) when no endorsement has the number."""
    credential = api_services.credential_check(key=request.auth, number=number.strip())
    request.api_details = {"checks": 1, "matched": int(credential is not None)}
    if credential is None:
        raise ApiProblem(404, "not_found", _("No endorsement has this number."))
    return Status(200, credential)


@api.post(
    "/verifications",
    response={200: schemas.VerificationsOut, 400: schemas.Error, **ERRORS},
    url_name="verifications",
    summary="Check up to 1,000 endorsements at once",
    operation_id="verifications_create",
)
def verifications_create(request, body: schemas.VerificationsIn):
    """Check each number (and the name, if sent) as a roster would: one result per check,
    in the order sent."""
    results = api_services.credentials_check(
        key=request.auth, checks=[check.dict() for check in body.checks]
    )
    request.api_details = {
        "checks": len(results),
        "matched": sum(1 for r in results if r["outcome"] == "matched"),
    }
    return Status(200, {"results": results})


def audited(view):
    """Answer the data in English (messages: the request's language), never cache, and record
    the call in the audit trail."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        with translation.override("en"):
            response = view(request, *args, **kwargs)
        if response.status_code == 405:  # ninja's plain refusal, as JSON like every other
            allow = response.get("Allow", "")
            response = _error(
                request, 405, "method_not_allowed", _("Use %(methods)s here."), {"methods": allow}
            )
            response["Allow"] = allow
        response["Cache-Control"] = "no-store"
        auth = getattr(request, "auth", None)
        api_services.api_call_record(
            key=auth if isinstance(auth, ApiKey) else None,
            method=request.method,
            path=request.path,
            status=response.status_code,
            details=getattr(request, "api_details", None),
        )
        return response

    return wrapped


def not_found(request, rest=""):
    """Any other address under /api/v1/: a JSON 404, like the API's own."""
    return _error(request, 404, "not_found", _("No such API address: see /api/v1/schema."))


def urlpatterns(*, docs):
    """The API's URL patterns with `docs` (the server-rendered docs page, a view that reads
    this module's schema) mounted at docs/: the wiring passes it in, so this module never
    imports the views above it."""
    patterns, app_name, namespace = api.urls
    wrapped = []
    for pattern in patterns:
        if pattern.name in {"credential", "verifications"}:
            wrapped.append(path(str(pattern.pattern), audited(pattern.callback), name=pattern.name))
        elif pattern.name == "api-root":  # ninja's own answers 404: send people to the docs
            wrapped.append(path("", RedirectView.as_view(pattern_name="api:docs"), name="api-root"))
        else:
            wrapped.append(pattern)
    wrapped.append(path("docs/", docs, name="docs"))
    wrapped.append(path("<path:rest>", not_found))
    return wrapped, app_name, namespace
