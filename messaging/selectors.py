"""Reads of the outbox: the delivery of the messages about some objects."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from .models import Message


def latest_messages_about(
    objects: Iterable[models.Model], *, kinds: Iterable[str]
) -> dict[int, Message]:
    """{object pk: the newest message of `kinds` about it}, in one query for all objects."""
    objects = list(objects)
    if not objects:
        return {}
    label = objects[0]._meta.label_lower
    latest: dict[int, Message] = {}
    rows = (
        Message.objects.filter(
            about_type=label, about_id__in=[str(o.pk) for o in objects], kind__in=list(kinds)
        )
        .only("pk", "about_id", "kind", "recipient", "status", "reason", "sent_at", "created_at")
        .order_by("-created_at", "-pk")
    )
    for message in rows:
        latest.setdefault(int(message.about_id), message)
    return latest
