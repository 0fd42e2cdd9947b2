"""The delivery line people read beside an emailed link, in Spanish, with Spanish dates."""

from datetime import datetime

import pytest
from django.template import loader
from django.utils import timezone, translation

from messaging.models import FailureReason, Message, MessageStatus

pytestmark = pytest.mark.django_db


def _render(**context) -> str:
    with translation.override("es"):
        return loader.get_template("messaging/_delivery.html").render(context)


def test_a_sent_link_says_when_in_spanish():
    sent = Message(status=MessageStatus.SENT, sent_at=timezone.make_aware(datetime(2026, 3, 4, 9)))

    html = _render(message=sent, address="ana@example.org")

    assert "enviado a ana@example.org el 4 de marzo de 2026." in html
    assert "emailed to" not in html and "March" not in html


def test_an_undelivered_link_gives_the_reason_in_spanish():
    failed = Message(
        status=MessageStatus.BOUNCED, reason=FailureReason.BOUNCED, recipient="ana@example.org"
    )

    html = _render(message=failed)

    assert "No entregado" in html
    assert "el mensaje rebotó: la dirección no acepta correo" in html
    assert "did not arrive" not in html


def test_a_link_not_sent_yet_says_so_in_spanish():
    assert "todavía no se envió" in _render(message=None)
