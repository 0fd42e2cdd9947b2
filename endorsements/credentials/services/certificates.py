"""Certificates: render, store, enqueue, sweep and bulk regeneration.

A certificate is a regenerable artefact: one PDF per endorsement in the private storage under a
stable name (`certificates/endorsement-<pk>.pdf`), replaced atomically when re-rendered. It is
*current* when `certificate_rendered_at` is on or after the endorsement's `updated_at` (every
change of status, validity or printed name saves the row); `certificate_rendered_at` records when
the render *started*, so a change made during a render leaves the certificate stale for the sweep.

That certificate is in the portal's default language (English). The same certificate in another
language (`CertificateRendition`, `certificates/endorsement-<pk>-<language>.pdf`) is rendered by
the worker when someone first asks for it in that language, and again when asked after a change.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from core import formatting
from core.broker import enqueue
from core.files import store_atomically
from core.mail import send_templated_email
from core.pdf import render_pdf
from core.qr import qr_data_uri
from endorsements.models import Endorsement, EndorsementStatus
from endorsements.services.credentials import endorsement_news_key

from ..models import CertificateBatch, CertificateBatchItem, CertificateRendition

logger = logging.getLogger(__name__)

CERTIFICATE_TEMPLATE = "pdf/certificate.html"
SWEEP_LIMIT = 1000
CHUNK = 200
# Certificates are kept current for these statuses (a lapsed or revoked credential keeps its
# last certificate; verification shows the live status).
RENDERED_STATUSES = (EndorsementStatus.ACTIVE, EndorsementStatus.EMERGING)


def private_storage():
    """Looked up per call so tests can swap the storage."""
    return storages["private"]


def certificate_storage_name(endorsement: Endorsement) -> str:
    return f"certificates/endorsement-{endorsement.pk}.pdf"


def verify_url(endorsement: Endorsement) -> str:
    return settings.SITE_URL + reverse(
        "credentials:verify", kwargs={"code": endorsement.verification_code}
    )


def date_text(day: date) -> str:
    """A date as people write it in the active language: 31 December 2027 / 31 de diciembre de
    2027 (the portal's one date helper)."""
    return formatting.day(day)


def certificate_context(endorsement: Endorsement) -> dict:
    url = verify_url(endorsement)
    return {
        "association_name": settings.ASSOCIATION_NAME,
        "association_code": settings.ASSOCIATION_CODE,
        "printed_name": endorsement.printed_name,
        "category_name": endorsement.category.name,
        "category_code": endorsement.category.code,
        "number": endorsement.number,
        "issued_on": date_text(endorsement.issued_on),
        "valid_through": date_text(endorsement.valid_through),
        "emerging": endorsement.status == EndorsementStatus.EMERGING,
        "verify_url": url,
        "verify_short": url.split("://", 1)[-1],
        "qr": qr_data_uri(url),
    }


def certificate_language(language: str) -> str:
    """`language` if the portal offers it, else the default one."""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def certificate_pdf_bytes(endorsement: Endorsement, *, language: str = "") -> bytes:
    """The certificate PDF (one Letter landscape page) through the shared renderer, written in
    `language` (default: the portal's): its words, its dates and the category's name."""
    with translation.override(certificate_language(language)):
        return render_pdf(CERTIFICATE_TEMPLATE, certificate_context(endorsement))


def _store_replacing(name: str, data: bytes) -> str:
    """Write `data` under exactly `name`, replacing any previous file atomically (a download
    never sees half a file; a full disk leaves the old certificate in place)."""
    return store_atomically(private_storage(), name, data, replace=True)


def certificate_is_current(endorsement: Endorsement) -> bool:
    rendered = endorsement.certificate_rendered_at
    return bool(endorsement.certificate_file and rendered and rendered >= endorsement.updated_at)


def certificate_render(
    *, endorsement: Endorsement, force: bool = False, notify: bool = True
) -> bool:
    """Render and store the certificate of `endorsement`; returns False when it was current
    or another worker is rendering it right now.

    One transaction that holds the endorsement's row: the render is *claimed* by locking the
    row with SKIP LOCKED, so a decision's task and the sweep arriving together render and
    announce it once (the loser skips), and a worker that dies mid-render releases its claim
    with its transaction, for the sweep to redo. Side effects, in order: the PDF written under
    the stable name (replacing the old one); `certificate_file`, `certificate_rendered_at` (the
    render's start) set and `certificate_error` cleared with an UPDATE that leaves `updated_at`
    alone; with `notify` (or when the last render had failed: the holder was promised an
    email), the "certificate ready" email queued in the outbox, after any news of this
    version of the credential. A mail outage therefore never touches the certificate. Safe
    to run twice: a current certificate is left alone unless `force` (bulk regeneration).
    """
    with transaction.atomic():
        locked = (
            Endorsement.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("category", "holder")
            .filter(pk=endorsement.pk)
            .first()
        )
        if locked is None:
            return False
        if not force and certificate_is_current(locked):
            return False
        failed_before = bool(locked.certificate_error)
        started = timezone.now()
        data = certificate_pdf_bytes(locked)
        name = _store_replacing(certificate_storage_name(locked), data)
        Endorsement.objects.filter(pk=locked.pk).update(
            certificate_file=name, certificate_rendered_at=started, certificate_error=""
        )
        if notify or failed_before:
            certificate_ready_queue(endorsement=locked)
    return True


def certificate_rendition_storage_name(endorsement: Endorsement, language: str) -> str:
    return f"certificates/endorsement-{endorsement.pk}-{language}.pdf"


def rendition_is_current(rendition: CertificateRendition | None, endorsement: Endorsement) -> bool:
    if rendition is None or not rendition.file or rendition.rendered_at is None:
        return False
    return rendition.rendered_at >= endorsement.updated_at


def certificate_rendition_render(*, endorsement: Endorsement, language: str) -> bool:
    """Render and store the certificate of `endorsement` in `language` (not the default one:
    that is `certificate_render`); returns False when it was current, when another worker is
    rendering it right now, or when the endorsement never had a certificate.

    One transaction holding the rendition's row (created if missing, then locked with SKIP
    LOCKED, so two requests arriving together render it once). Side effects, in order: the PDF
    written under its stable name (replacing the old one); the row's `file`, `rendered_at` (the
    render's start) set and `error` cleared. No email: the person who asked is waiting on the
    page. Safe to run twice.
    """
    language = certificate_language(language)
    if language == settings.LANGUAGE_CODE:
        return certificate_render(endorsement=endorsement, notify=False)
    with transaction.atomic():
        rendition, _created = CertificateRendition.objects.get_or_create(
            endorsement_id=endorsement.pk, language=language
        )
        locked = (
            CertificateRendition.objects.select_for_update(skip_locked=True)
            .filter(pk=rendition.pk)
            .first()
        )
        if locked is None:
            return False
        current = (
            Endorsement.objects.select_related("category", "holder")
            .filter(pk=endorsement.pk)
            .first()
        )
        if current is None or not current.certificate_file:
            return False
        if rendition_is_current(locked, current):
            return False
        started = timezone.now()
        data = certificate_pdf_bytes(current, language=language)
        name = _store_replacing(certificate_rendition_storage_name(current, language), data)
        CertificateRendition.objects.filter(pk=locked.pk).update(
            file=name, rendered_at=started, error=""
        )
    return True


def certificate_rendition_failed(*, endorsement_id: int, language: str, error: str) -> None:
    """Record why the certificate in `language` could not be made (for staff)."""
    CertificateRendition.objects.filter(endorsement_id=endorsement_id, language=language).update(
        error=error[:2000]
    )


def certificate_rendition_request(*, endorsement: Endorsement, language: str) -> bool:
    """Ask the worker for the certificate in `language` (one bounded attempt to queue it; a
    request while the broker is away is simply made again when the person reloads the page).
    Returns whether the task was queued."""
    from ..tasks.certificates import certificate_rendition_render as task

    return enqueue(task, endorsement_id=endorsement.pk, language=certificate_language(language))


def certificate_file_for(endorsement: Endorsement, language: str) -> str:
    """The stored file of `endorsement`'s current certificate in `language`, or "" when it is
    still to be made (or made again) in that language."""
    language = certificate_language(language)
    if language == settings.LANGUAGE_CODE:
        return endorsement.certificate_file or ""
    rendition = CertificateRendition.objects.filter(
        endorsement_id=endorsement.pk, language=language
    ).first()
    return rendition.file if rendition_is_current(rendition, endorsement) else ""


def certificate_download_name(endorsement: Endorsement, language: str) -> str:
    with translation.override(certificate_language(language)):
        return gettext("%(number)s certificate.pdf") % {"number": endorsement.number}


def certificate_ready_queue(*, endorsement: Endorsement) -> int:
    """Queue the "your certificate is ready" email for this version of the credential (once
    per version), after any news of that version. Side effects: one outbox row."""
    return send_templated_email(
        "credentials_certificate_ready",
        to=endorsement.holder.email,
        context={
            "endorsement": endorsement,
            "valid_through": endorsement.valid_through,
            "link": settings.SITE_URL + reverse("credentials:my_endorsements"),
        },
        idempotency_key=f"certificate-ready:{endorsement.pk}:{endorsement.updated_at.isoformat()}",
        kind="certificate_ready",
        about=endorsement,
        after=endorsement_news_key(endorsement),
    )


def certificate_failed(*, endorsement_id: int, error: str) -> None:
    """Record why the certificate could not be made (shown to staff; the holder sees
    "being prepared"). Leaves `updated_at` alone so the sweep does not retry it forever."""
    Endorsement.objects.filter(pk=endorsement_id).update(certificate_error=error[:2000])


def certificate_enqueue(endorsement: Endorsement, *, notify: bool = True) -> bool:
    """Queue the certificate render; meant to run after commit (`on_commit=certificate_enqueue`).

    One bounded attempt (`core.broker.enqueue`): if the broker cannot be reached the decision
    already saved stands, the certificate stays missing, and `certificates_sweep_missing`
    queues it once the broker is back. Returns whether the task was queued.
    """
    from ..tasks.certificates import certificate_render as task

    return enqueue(task, endorsement_id=endorsement.pk, notify=notify)


def certificate_enqueue_on_commit(endorsement: Endorsement) -> None:
    """For callers outside a transaction's `on_commit` hook: queue once the write commits."""
    transaction.on_commit(lambda: certificate_enqueue(endorsement), robust=True)


def endorsements_missing_certificate() -> QuerySet[Endorsement]:
    """Current endorsements whose certificate is missing or older than their last change and
    has not failed (a failed render waits for staff)."""
    return (
        Endorsement.objects.filter(status__in=RENDERED_STATUSES, certificate_error="")
        .filter(
            Q(certificate_rendered_at__isnull=True) | Q(certificate_rendered_at__lt=F("updated_at"))
        )
        .order_by("pk")
    )


def certificates_sweep(*, limit: int = SWEEP_LIMIT) -> int:
    """Queue renders for up to `limit` endorsements without a current certificate, and resume
    stalled batches (`certificate_batches_resume`).

    Side effects: one task per endorsement (stops at the first broker error). Returns the count
    of renders queued.
    """
    queued = 0
    for endorsement in endorsements_missing_certificate()[:limit]:
        if not certificate_enqueue(endorsement):
            break
        queued += 1
    certificate_batches_resume()
    return queued


# A batch with certificates still waiting and none finished for this long lost its chunks (not
# queued because the broker was down, or its whole worker died): longer than the broker's
# visibility timeout, after which Redis would have redelivered them anyway.
BATCH_STALLED_AFTER = timedelta(minutes=10)


def certificate_batches_resume(*, now=None) -> int:
    """Queue again the waiting certificates of every stalled batch. Safe at any time: each
    certificate is claimed once, so a chunk queued twice renders and counts it once. Side
    effects: chunk tasks. Returns the number of certificates queued again."""
    from django.db.models import Exists, OuterRef, Subquery

    from ..tasks.certificates import certificates_regenerate_chunk

    now = now or timezone.now()
    cutoff = now - BATCH_STALLED_AFTER
    queued = 0
    items = CertificateBatchItem.objects.filter(batch=OuterRef("pk"))
    last_finished = (
        items.exclude(finished_at=None).order_by("-finished_at").values("finished_at")[:1]
    )
    stalled = (
        CertificateBatch.objects.filter(created_at__lt=cutoff)
        .filter(Exists(items.filter(outcome="")))
        .annotate(last=Subquery(last_finished))
        .filter(Q(last__isnull=True) | Q(last__lt=cutoff))
    )
    for batch in stalled:
        waiting = list(
            batch.items.filter(outcome="")
            .order_by("endorsement_id")
            .values_list("endorsement_id", flat=True)
        )
        for start in range(0, len(waiting), CHUNK):
            if not enqueue(
                certificates_regenerate_chunk,
                batch_id=batch.pk,
                endorsement_ids=waiting[start : start + CHUNK],
            ):
                return queued
            queued += len(waiting[start : start + CHUNK])
    return queued


@transaction.atomic
def certificate_batch_start(
    *, endorsement_ids: list[int], requested_by=None, description: str = "", chunk: int = CHUNK
) -> CertificateBatch:
    """Regenerate many certificates on the worker in chunks, with progress on the batch row.

    Side effects, in order: the CertificateBatch row and one CertificateBatchItem per
    endorsement; after commit, one chunk task per `chunk` endorsements (a chunk that cannot be
    queued is said in the log; the admin can start the batch again).
    """
    ids = sorted(set(endorsement_ids))
    batch = CertificateBatch.objects.create(
        requested_by=requested_by, description=description[:200], total=len(ids)
    )
    CertificateBatchItem.objects.bulk_create(
        [CertificateBatchItem(batch=batch, endorsement_id=pk) for pk in ids], batch_size=5000
    )
    chunk = max(1, chunk)

    def fan_out():
        from ..tasks.certificates import certificates_regenerate_chunk

        for start in range(0, len(ids), chunk):
            if not enqueue(
                certificates_regenerate_chunk,
                batch_id=batch.pk,
                endorsement_ids=ids[start : start + chunk],
            ):
                break

    transaction.on_commit(fan_out, robust=True)
    return batch


def _item_claim(batch_id: int, endorsement_id: int, outcome: str) -> bool:
    return bool(
        CertificateBatchItem.objects.filter(
            batch_id=batch_id, endorsement_id=endorsement_id, outcome=""
        ).update(outcome=outcome, finished_at=timezone.now())
    )


def certificate_batch_chunk(*, batch_id: int, endorsement_ids: list[int]) -> tuple[int, int]:
    """Re-render each endorsement of a chunk not yet done; count each exactly once.

    Per endorsement, one transaction: its batch item claimed (skipped when a first delivery of
    this chunk already did it), the PDF replaced (`certificate_render` with `force`; a
    certificate that had failed is announced to its holder), and `done` incremented. A
    failure is recorded instead (`certificate_error`, `failed` incremented). A worker killed
    mid-chunk leaves the rest unclaimed for the redelivered chunk. Returns (done, failed)
    counted by this run.
    """
    done = failed = 0
    for pk in sorted(set(endorsement_ids)):
        try:
            with transaction.atomic():
                if not _item_claim(batch_id, pk, CertificateBatchItem.Outcome.DONE):
                    continue  # counted by an earlier delivery of this chunk
                endorsement = Endorsement.objects.filter(pk=pk).first()
                if endorsement is None:
                    # Deleted since the batch started: counted so the batch can finish.
                    CertificateBatchItem.objects.filter(
                        batch_id=batch_id, endorsement_id=pk
                    ).update(outcome=CertificateBatchItem.Outcome.FAILED)
                    CertificateBatch.objects.filter(pk=batch_id).update(failed=F("failed") + 1)
                    failed += 1
                    continue
                certificate_render(endorsement=endorsement, force=True, notify=False)
                CertificateBatch.objects.filter(pk=batch_id).update(done=F("done") + 1)
            done += 1
        except Exception as exc:  # one bad certificate must not stop the batch
            logger.exception("certificate for endorsement %s failed", pk)
            with transaction.atomic():
                if _item_claim(batch_id, pk, CertificateBatchItem.Outcome.FAILED):
                    certificate_failed(endorsement_id=pk, error=f"{type(exc).__name__}: {exc}")
                    CertificateBatch.objects.filter(pk=batch_id).update(failed=F("failed") + 1)
                    failed += 1
    return done, failed
