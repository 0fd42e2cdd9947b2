"""The verification API's docs page, written here from the OpenAPI schema.

django-ninja's own docs page (Swagger UI) is a JavaScript application in English that loads
from a CDN unless ninja's static files are installed; ours is an ordinary page in both
languages with no script at all. The operations and fields come from the schema, so the page
cannot forget one: a field with no explanation here raises, and a test opens the page.
"""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

OPERATIONS = {
    "credential_get": (
        _("Check one endorsement"),
        _(
            "Answers the endorsement with this number: its status, category and valid-through "
            "date. An unknown number answers 404 with the code not_found."
        ),
    ),
    "verifications_create": (
        _("Check many endorsements at once"),
        _(
            "Send up to 1,000 numbers, each with the person's name if you have it. Each gets a "
            "result, in the order sent, matched exactly as a staff roster is."
        ),
    ),
}

# Component, in the order the page shows them, and what each field means.
FIELDS = {
    "Credential": {
        "number": _("The endorsement number."),
        "status": _("active, emerging, suspended, lapsed, revoked or archived."),
        "current": _("true while the endorsement is in force (active or emerging)."),
        "category": _("The endorsement category's name, in English."),
        "category_code": _("The category's short code."),
        "valid_through": _("The last day the endorsement is valid, like 2027-06-30."),
    },
    "VerificationsIn": {
        "checks": _("The list of checks: one to 1,000."),
    },
    "Check": {
        "number": _("The endorsement number, as on the certificate (any capitalisation)."),
        "name": _(
            "Optional. The person's name as your records have it: only the last name is "
            "compared, ignoring case and accents."
        ),
    },
    "VerificationsOut": {
        "results": _("One result per check, in the order sent."),
    },
    "Result": {
        "number": _("The number as sent, without spaces around it."),
        "outcome": _(
            "matched: the endorsement was found (and the name, if sent, agrees); no_match: no "
            "endorsement has this number; name_differs: the number exists but the name is not "
            "its holder's."
        ),
        "credential": _("The endorsement (fields as above) when matched, else null."),
    },
    "Error": {
        "code": _(
            "A stable code: unauthorized, rate_limited, invalid_request, not_found, "
            "method_not_allowed."
        ),
        "message": _(
            "What went wrong, in the request's language (Accept-Language: English or Spanish; "
            "English otherwise)."
        ),
        "errors": _("For invalid_request: each problem, with its location and message."),
    },
    "ErrorDetail": {
        "location": _("Where the problem is, like body.checks.0.number."),
        "message": _("What is wrong there, in English."),
    },
}


def _type(spec: dict) -> str:
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in spec:
        kinds = [_type(s) for s in spec["anyOf"] if s.get("type") != "null"]
        return " | ".join(kinds) + " | null"
    if spec.get("type") == "array":
        return f"array of {_type(spec.get('items', {}))}"
    if "enum" in spec:
        return "string"
    return spec.get("format") or spec.get("type", "")


def docs_context() -> dict:
    """The operations and the fields of every schema component, each with its explanation."""
    from ..api import api

    schema = api.get_openapi_schema()
    operations = []
    for route, methods in schema["paths"].items():
        for method, op in methods.items():
            title, text = OPERATIONS[op["operationId"]]
            operations.append(
                {
                    "method": method.upper(),
                    "path": route,
                    "title": title,
                    "text": text,
                    "statuses": sorted(op["responses"]),
                }
            )
    components = schema["components"]["schemas"]
    if set(components) != set(FIELDS):
        raise RuntimeError(
            f"Explain these API schemas on the docs page: {set(components) ^ set(FIELDS)}"
        )
    models = []
    for name, helps in FIELDS.items():
        spec = components[name]
        properties = spec["properties"]
        if set(properties) != set(helps):
            raise RuntimeError(f"Explain these {name} fields: {set(properties) ^ set(helps)}")
        models.append(
            {
                "name": name,
                "fields": [
                    {
                        "name": field,
                        "type": _type(properties[field]),
                        "required": field in spec.get("required", ()),
                        "help": helps[field],
                    }
                    for field in properties
                ],
            }
        )
    return {"operations": operations, "models": models, "rate_limit": settings.API_RATE_LIMIT}


@require_GET
def api_docs(request):
    return render(request, "organisations/api_docs.html", docs_context())
