"""Worker tasks for certificates, renewals and reminders. Thin: load, call one service.

One module per service (`certificates`, `reminders`): each service hands work to the worker
through its own task module, so the only circles in the import graph are a task module and its
service. Celery finds them all through this package; task names are explicit and unchanged.

Every task here is safe to run twice (see each service), which is what makes `acks_late` safe:
a worker that dies mid-task gets its message redelivered.
"""

from .certificates import (
    certificate_render,
    certificate_rendition_render,
    certificates_regenerate_chunk,
    certificates_sweep_missing,
)
from .reminders import endorsements_lapse, renewal_reminders_and_lapses, renewal_reminders_send

__all__ = [
    "certificate_render",
    "certificate_rendition_render",
    "certificates_regenerate_chunk",
    "certificates_sweep_missing",
    "endorsements_lapse",
    "renewal_reminders_and_lapses",
    "renewal_reminders_send",
]
