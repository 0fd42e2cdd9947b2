"""The mail provider's webhook: bounces and spam complaints (Postmark's format)."""

import base64
import binascii
import json
import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .services import postmark_bounce_record

logger = logging.getLogger(__name__)

WEBHOOK_USER = "postmark"


def _authorised(request) -> bool:
    """HTTP Basic auth with the shared secret, as Postmark sends it when the webhook URL is
    set as https://postmark:<MAIL_WEBHOOK_SECRET>@host/messaging/webhooks/postmark/."""
    secret = settings.MAIL_WEBHOOK_SECRET
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not secret or not header.startswith("Basic "):
        return False
    try:
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return False
    return constant_time_compare(user, WEBHOOK_USER) & constant_time_compare(password, secret)


@csrf_exempt  # a server-to-server call, authenticated by the shared secret instead
@require_POST
def postmark_webhook(request):
    if not _authorised(request):
        response = HttpResponse("Unauthorised", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Basic realm="mail webhook"'
        return response
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return HttpResponseBadRequest("Not JSON", content_type="text/plain")
    if not isinstance(payload, dict):
        return HttpResponseBadRequest("Not a JSON object", content_type="text/plain")
    message = postmark_bounce_record(payload=payload)
    logger.info("mail webhook %s: %s", payload.get("RecordType"), message.pk if message else "-")
    # 200 either way: Postmark retries non-2xx answers, and an unknown message will not appear.
    return HttpResponse("OK", content_type="text/plain")
