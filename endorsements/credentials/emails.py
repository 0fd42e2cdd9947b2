"""Messages of this app that the outbox renders on the worker (see messaging.renderers)."""

from messaging import renderers

from .services import reminders


@renderers.register(reminders.RENEWAL_REMINDER_RENDERER)
def renewal_reminder(*, reminder_id: int):
    return reminders.renewal_reminder_render(reminder_id=reminder_id)
