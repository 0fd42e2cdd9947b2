"""The coordinators' daily digest: one email a day with what waits for them, instead of an
email per event.

What it lists, as of the morning it is sent: applications whose reviews are all in (ready to
decide), resubmissions waiting for their reviewers, overdue reviews, held decisions, renewals
and holders' requests (completion, reinstatement) waiting, and renewal decisions overdue. A
coordinator's own application or credential is left out of their digest (they may not act
on it). Each coordinator's digest is claimed once per day (`CoordinatorDigestLog`), so the job
may run twice or in two workers and each still gets one email.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from core.mail import send_templated_email
from endorsements.models import Application, ApplicationStatus

from .models import CoordinatorDigestLog

S = ApplicationStatus


@dataclass
class DigestLine:
    person_id: int  # whose case it is (left out of that person's own digest)
    text: str  # names and codes only: the email writes the words around them
    link: str
    # Dates stay dates and labels stay lazy, so each coordinator's email writes them in the
    # coordinator's own language (the digest is built once, for all of them).
    detail: dict = field(default_factory=dict)


@dataclass
class Digest:
    ready: list[DigestLine] = field(default_factory=list)
    resubmitted: list[DigestLine] = field(default_factory=list)
    overdue_reviews: list[DigestLine] = field(default_factory=list)
    held: list[DigestLine] = field(default_factory=list)
    renewals: list[DigestLine] = field(default_factory=list)
    requests: list[DigestLine] = field(default_factory=list)
    overdue_renewals: list[DigestLine] = field(default_factory=list)

    SECTIONS = (
        "ready",
        "resubmitted",
        "overdue_reviews",
        "held",
        "renewals",
        "requests",
        "overdue_renewals",
    )

    def for_person(self, person_id: int) -> Digest:
        return Digest(
            **{
                name: [line for line in getattr(self, name) if line.person_id != person_id]
                for name in self.SECTIONS
            }
        )

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in self.SECTIONS)


def _link(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _label(application: Application) -> str:
    return f"{application.applicant.full_name}, {application.category.code}"


def digest_build(*, today: date) -> Digest:
    """What waits today, for every coordinator (a handful of queries, whatever the size)."""
    from endorsements.credentials.models import COORDINATOR_QUEUE, RenewalSubmission, RequestKind
    from endorsements.credentials.selectors import requests_waiting
    from endorsements.credentials.services.overdue import renewals_overdue
    from endorsements.review.models import Assignment, Decision, Outcome

    digest = Digest()
    held_ids = set(
        Decision.objects.filter(released_at__isnull=True).values_list("application_id", flat=True)
    )
    open_review = Assignment.objects.filter(application=OuterRef("pk"), completed_at__isnull=True)
    ready = (
        Application.objects.filter(status=S.IN_REVIEW)
        .annotate(n=Count("assignments"))
        .filter(n__gt=0)
        .filter(~Exists(open_review))
        .select_related("applicant", "category")
        .order_by("submitted_at", "pk")
    )
    for application in ready:
        if application.pk in held_ids:
            continue
        digest.ready.append(
            DigestLine(
                application.applicant_id,
                _label(application),
                _link("review:decide", application.pk),
            )
        )
    resubmitted = (
        Application.objects.filter(status=S.SUBMITTED, assignments__isnull=False)
        .distinct()
        .select_related("applicant", "category")
        .order_by("submitted_at", "pk")
    )
    for application in resubmitted:
        digest.resubmitted.append(
            DigestLine(
                application.applicant_id,
                _label(application),
                _link("review:decide", application.pk),
            )
        )
    overdue = (
        Assignment.objects.filter(
            completed_at__isnull=True, application__status=S.IN_REVIEW, due_on__lt=today
        )
        .select_related("reviewer", "application__applicant", "application__category")
        .order_by("due_on", "pk")
    )
    for assignment in overdue:
        application = assignment.application
        digest.overdue_reviews.append(
            DigestLine(
                application.applicant_id,
                _label(application),
                _link("review:decide", application.pk),
                {"reviewer": assignment.reviewer.full_name, "due_on": assignment.due_on},
            )
        )
    for decision in Decision.objects.filter(released_at__isnull=True).select_related(
        "application__applicant", "application__category"
    ):
        digest.held.append(
            DigestLine(
                decision.application.applicant_id,
                _label(decision.application),
                _link("review:held_decisions"),
                {"outcome": Outcome(decision.outcome).label},
            )
        )
    for submission in (
        RenewalSubmission.objects.filter(status__in=sorted(COORDINATOR_QUEUE))
        .select_related("endorsement__category")
        .order_by("submitted_at", "pk")
    ):
        endorsement = submission.endorsement
        digest.renewals.append(
            DigestLine(
                endorsement.holder_id,
                f"{endorsement.printed_name}, {endorsement.category.code}",
                _link("credentials:renewal_detail", submission.pk),
            )
        )
    for request in requests_waiting():
        endorsement = request.endorsement
        digest.requests.append(
            DigestLine(
                endorsement.holder_id,
                f"{endorsement.printed_name}, {endorsement.category.code}",
                _link("credentials:request_detail", request.pk),
                {"kind": RequestKind(request.kind).label},
            )
        )
    for row in renewals_overdue(today=today):
        endorsement = row.submission.endorsement
        digest.overdue_renewals.append(
            DigestLine(
                endorsement.holder_id,
                f"{endorsement.printed_name}, {endorsement.category.code}",
                _link("credentials:renewal_detail", row.submission.pk),
            )
        )
    return digest


def _claim_and_queue(coordinator: User, day: date, digest: Digest) -> bool:
    """Claim the coordinator's digest for `day` and queue its email, in one transaction: False
    when it was claimed already. A claim is never left without its email (the outbox sends
    it whenever the mail server takes it), and the email's key names the coordinator and the
    day, so the same digest is never queued twice."""
    try:
        with transaction.atomic():
            CoordinatorDigestLog.objects.create(
                coordinator=coordinator, day=day, sent_at=timezone.now()
            )
            send_templated_email(
                "coordinator_digest",
                to=coordinator.email,
                context={
                    "coordinator": coordinator,
                    "digest": digest,
                    "today": day,
                    "link": _link("review:inbox"),
                },
                idempotency_key=f"coordinator-digest:{coordinator.pk}:{day.isoformat()}",
                kind="coordinator_digest",
                about=coordinator,
            )
    except IntegrityError:
        return False
    return True


def coordinator_digests_send(*, today: date | None = None) -> int:
    """Email each active coordinator their digest for today, once, if anything waits.

    Side effects, per coordinator with something to see, in one transaction: a
    CoordinatorDigestLog row claims the day (a second run, or a second worker, queues
    nothing) and the email (`coordinator_digest`) is queued in the outbox. Returns the number
    queued.
    """
    today = today or timezone.localdate()
    digest = digest_build(today=today)
    sent = 0
    coordinators = User.objects.holding(Role.COORDINATOR).filter(is_active=True).order_by("pk")
    for coordinator in coordinators:
        mine = digest.for_person(coordinator.pk)
        if mine.empty or not _claim_and_queue(coordinator, today, mine):
            continue
        sent += 1
    return sent


__all__ = ["Digest", "DigestLine", "coordinator_digests_send", "digest_build"]
