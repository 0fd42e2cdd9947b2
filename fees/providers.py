"""Online card payment: the extension point, not an implementation.

The portal takes no card payments itself and stores no card data. An association that wants
online payment picks a provider (Stripe, Square, a bank's hosted page) and writes a subclass of
`CardProvider` that (1) sends the person to the provider's hosted payment page for an invoice
and (2) turns the provider's signed webhook into a payment. Set `FEES_CARD_PROVIDER` to its
dotted path. The provider's webhook posts to `/fees/webhooks/card/` (`fees:card_webhook`):
without a provider configured that URL answers 404; with one whose `handle_webhook` is not
written, 501.

A real `handle_webhook` verifies the provider's signature (reject with 401 otherwise), finds
the invoice by the number passed as the provider's metadata, and records the payment through
`fees.services.payment_record` (method `online_card`, the provider's charge id as reference,
`seen_outstanding` from the invoice row it locks) with a staff service account as the
recorder, idempotently per charge id (the reference), then answers 200.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string


class CardProvider:
    """What a card payment provider must do for the portal."""

    name = ""

    def checkout_url(self, *, invoice, return_url: str) -> str:
        """The provider's hosted page where the person pays `invoice` (no card data here)."""
        raise NotImplementedError

    def handle_webhook(self, request: HttpRequest) -> HttpResponse:
        """Verify and record one webhook call (see the module docstring)."""
        raise NotImplementedError


def card_provider() -> CardProvider | None:
    """The configured provider, or None (`FEES_CARD_PROVIDER` empty)."""
    path = getattr(settings, "FEES_CARD_PROVIDER", "")
    return import_string(path)() if path else None
