"""Certificates: render, store, enqueue, sweep and bulk regeneration.

A certificate is a regenerable artefact: one PDF per endorsement in the private storage under a
stable name (`certificates/endorsement-<pk>.pdf`), replaced atomically when re-rendered. It is
*current* when `certificate_rendered_at` is on or after the endorsement's `updated_at` (every
change of status, validity or printed name saves the row); `certificate_rendered_at` records when
the render *started*, so a change made during a render leaves the certificate stale for the sweep.
"""

from __future__ import annotations

import logging
import os
import tempfile
from base64 import b64encode
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from core.mail import send_templated_email
from core.pdf import render_pdf
from endorsements.models import Endorsement, EndorsementStatus

from ..models import CertificateBatch

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
    """A date as people write it: 31 December 2027."""
    return f"{day.day} {day:%B %Y}"


def qr_data_uri(url: str) -> str:
    """The QR code of `url` as an SVG data: URI (no network, no files)."""
    import segno

    svg = segno.make(url, error="m").svg_inline(scale=4, border=2, dark="#1b1b1b")
    return "data:image/svg+xml;base64," + b64encode(svg.encode()).decode()


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


def certificate_pdf_bytes(endorsement: Endorsement) -> bytes:
    """The certificate PDF (one Letter landscape page) through the shared renderer."""
    return render_pdf(CERTIFICATE_TEMPLATE, certificate_context(endorsement))


def _store_replacing(name: str, data: bytes) -> str:
    """Write `data` under exactly `name`, replacing any previous file atomically.

    On a filesystem storage the bytes go to a temporary file in the same directory, then
    `os.replace` swaps it in, so a download never sees half a file. Other storages overwrite
    by delete-then-save (their own writes are atomic per object).
    """
    storage = private_storage()
    try:
        path = storage.path(name)
    except NotImplementedError:
        if storage.exists(name):
            storage.delete(name)
        return storage.save(name, ContentFile(data))
    directory = os.path.dirname(path)
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o640)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return name


def certificate_is_current(endorsement: Endorsement) -> bool:
    rendered = endorsement.certificate_rendered_at
    return bool(endorsement.certificate_file and rendered and rendered >= endorsement.updated_at)


def certificate_render(
    *, endorsement: Endorsement, force: bool = False, notify: bool = True
) -> bool:
    """Render and store the certificate of `endorsement`; returns False when it was current.

    Side effects, in order: the PDF written under the stable name (replacing the old one);
    `certificate_file`, `certificate_rendered_at` (the render's start) set and
    `certificate_error` cleared with an UPDATE that leaves `updated_at` alone; with `notify`, an
    email to the holder with a link to download it. Safe to run twice: an already current
    certificate is left alone unless `force` (bulk regeneration after a design change).
    """
    endorsement = (
        Endorsement.objects.select_related("category", "holder").filter(pk=endorsement.pk).first()
    )
    if endorsement is None:
        return False
    if not force and certificate_is_current(endorsement):
        return False
    started = timezone.now()
    data = certificate_pdf_bytes(endorsement)
    name = _store_replacing(certificate_storage_name(endorsement), data)
    Endorsement.objects.filter(pk=endorsement.pk).update(
        certificate_file=name, certificate_rendered_at=started, certificate_error=""
    )
    if notify:
        send_templated_email(
            "credentials_certificate_ready",
            to=endorsement.holder.email,
            context={
                "endorsement": endorsement,
                "valid_through": date_text(endorsement.valid_through),
                "link": settings.SITE_URL + reverse("credentials:my_endorsements"),
            },
        )
    return True


def certificate_failed(*, endorsement_id: int, error: str) -> None:
    """Record why the certificate could not be made (shown to staff; the holder sees
    "being prepared"). Leaves `updated_at` alone so the sweep does not retry it forever."""
    Endorsement.objects.filter(pk=endorsement_id).update(certificate_error=error[:2000])


def certificate_enqueue(endorsement: Endorsement, *, notify: bool = True) -> bool:
    """Queue the certificate render; meant to run after commit (`on_commit=certificate_enqueue`).

    If the broker cannot be reached the decision already saved stands: log, leave the
    certificate missing, and let `certificates_sweep_missing` queue it once the broker is back.
    Returns whether the task was queued.
    """
    from ..tasks import certificate_render as task

    try:
        task.apply_async(
            kwargs={"endorsement_id": endorsement.pk, "notify": notify},
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
        )
    except BrokerError:
        logger.warning(
            "broker unreachable: certificate for endorsement %s left for the sweep", endorsement.pk
        )
        return False
    return True


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
    """Queue renders for up to `limit` endorsements without a current certificate.

    Side effects: one task per endorsement (stops at the first broker error). Returns the count
    queued.
    """
    queued = 0
    for endorsement in endorsements_missing_certificate()[:limit]:
        if not certificate_enqueue(endorsement):
            break
        queued += 1
    return queued


@transaction.atomic
def certificate_batch_start(
    *, endorsement_ids: list[int], requested_by=None, description: str = "", chunk: int = CHUNK
) -> CertificateBatch:
    """Regenerate many certificates on the worker in chunks, with progress on the batch row.

    Side effects, in order: the CertificateBatch row; after commit, one chunk task per `chunk`
    endorsements.
    """
    ids = sorted(set(endorsement_ids))
    batch = CertificateBatch.objects.create(
        requested_by=requested_by, description=description[:200], total=len(ids)
    )
    chunk = max(1, chunk)

    def fan_out():
        from ..tasks import certificates_regenerate_chunk

        for start in range(0, len(ids), chunk):
            certificates_regenerate_chunk.delay(
                batch_id=batch.pk, endorsement_ids=ids[start : start + chunk]
            )

    transaction.on_commit(fan_out, robust=True)
    return batch


def certificate_batch_chunk(*, batch_id: int, endorsement_ids: list[int]) -> tuple[int, int]:
    """Re-render each endorsement of a chunk; count each success and failure on the batch.

    Side effects: per endorsement, the PDF replaced (or `certificate_error` recorded) and
    `done` or `failed` incremented with an F() expression. Returns (done, failed).
    """
    done = failed = 0
    for endorsement in Endorsement.objects.filter(pk__in=endorsement_ids).order_by("pk"):
        try:
            certificate_render(endorsement=endorsement, force=True, notify=False)
        except Exception as exc:  # one bad certificate must not stop the batch
            logger.exception("certificate for endorsement %s failed", endorsement.pk)
            certificate_failed(endorsement_id=endorsement.pk, error=f"{type(exc).__name__}: {exc}")
            failed += 1
            CertificateBatch.objects.filter(pk=batch_id).update(failed=F("failed") + 1)
        else:
            done += 1
            CertificateBatch.objects.filter(pk=batch_id).update(done=F("done") + 1)
    missing = len(set(endorsement_ids)) - done - failed
    if missing:  # deleted since the batch started: count them so the batch can finish
        CertificateBatch.objects.filter(pk=batch_id).update(failed=F("failed") + missing)
    return done, failed
