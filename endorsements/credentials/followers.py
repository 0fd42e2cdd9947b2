"""The workflow's changes the credentials follow (registered in `CredentialsConfig.ready`).

An application endorsed (by a decision, an exam passed, an emerging endorsement completed)
has a credential issued or made active in the same transaction; its certificate is queued
after commit. The review, beside this sub-app, never imports it.
"""

from django.db import transaction

from endorsements.models import ApplicationStatus, Endorsement

from .services.certificates import certificate_enqueue

ENDORSED = {ApplicationStatus.ENDORSED, ApplicationStatus.ENDORSED_EMERGING}


def application_changed(*, instance, from_status: str, to_status: str) -> None:
    """After commit: queue the certificate render. If the broker is down the decision stands:
    `certificate_enqueue` logs it and the periodic sweep queues the render later. The "you are
    endorsed" email is already in the outbox, and the certificate's email waits for it."""
    if to_status not in ENDORSED:
        return
    endorsement = Endorsement.objects.filter(application_id=instance.pk).first()
    if endorsement is not None:
        transaction.on_commit(lambda: certificate_enqueue(endorsement), robust=True)


FOLLOWED = {"endorsements.Application": application_changed}
