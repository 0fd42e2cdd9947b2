"""Rendering: an email's subject, plain text and HTML from its templates, in one language.

Below both `queue` (messages rendered when they are queued) and `delivery` (messages rendered
on the worker when they are sent).
"""

from django.conf import settings
from django.template import engines
from django.template.loader import render_to_string
from django.utils import translation

# The engine for the plain-text parts: like the default one but without HTML escaping, so that
# O'Neil and "A & B" read as typed (settings.TEMPLATES names it).
PLAIN_TEXT_ENGINE = "plain_text"


def _base_context() -> dict:
    return {
        "site_url": settings.SITE_URL,
        "association_name": settings.ASSOCIATION_NAME,
        "association_code": settings.ASSOCIATION_CODE,
    }


def render_email(template: str, context: dict | None, *, language: str) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of `emails/<template>_subject.txt`, `_body.txt`, `_body.html`
    in `language`. Only the HTML part is escaped; the subject is one line."""
    ctx = {**_base_context(), **(context or {})}
    plain = engines[PLAIN_TEXT_ENGINE]
    with translation.override(language):
        subject = plain.get_template(f"emails/{template}_subject.txt").render(ctx)
        text = plain.get_template(f"emails/{template}_body.txt").render(ctx)
        html = render_to_string(f"emails/{template}_body.html", ctx)
    return " ".join(subject.split()), text, html
