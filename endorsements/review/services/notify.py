"""Emails of the review workflow. Each function queues its message in the outbox, inside the
caller's transaction, under a key naming the event (so a retried step never sends twice)."""

from django.urls import reverse

from core.mail import send_templated_email, send_templated_emails
from endorsements.services.credentials import endorsement_news_key


def _link(name: str, *args) -> str:
    from django.conf import settings

    return settings.SITE_URL + reverse(name, args=args)


def _applicant_context(application) -> dict:
    from ..snapshot import SECTION_TITLES

    return {
        "application": application,
        "reopened": [SECTION_TITLES.get(s, s) for s in application.reopened_sections or []],
        "applicant": application.applicant,
        "category": application.category,
        "link": _link("core:home"),
    }


def applicant_notify(name: str, application, *, key: str, **extra) -> None:
    """Tell the applicant about a change of their application (`emails/review_<name>_*`);
    `key` names the change (a decision, an assignment round)."""
    send_templated_email(
        f"review_{name}",
        to=application.applicant.email,
        context={**_applicant_context(application), **extra},
        idempotency_key=f"review-{name}:{application.pk}:{key}",
        kind=f"review_{name}",
        about=application,
    )


def applicant_endorsed_notify(application, *, endorsement) -> None:
    """ "You are endorsed": the news the certificate's email waits for (same key)."""
    send_templated_email(
        "review_endorsed",
        to=application.applicant.email,
        context={**_applicant_context(application), "endorsement": endorsement},
        idempotency_key=endorsement_news_key(endorsement),
        kind="review_endorsed",
        about=application,
    )


def _assigned_email(assignment) -> dict:
    return {
        "name": "review_assigned",
        "to": assignment.reviewer.email,
        "context": {
            "assignment": assignment,
            "reviewer": assignment.reviewer,
            "category": assignment.application.category,
            "round": assignment.round,
            "link": _link("review:review", assignment.pk),
        },
        "idempotency_key": f"review-assigned:{assignment.pk}",
        "kind": "review_assigned",
        "about": assignment,
    }


def reviewers_assigned_notify(assignments) -> int:
    """Tell each reviewer of `assignments` (one query for all of them)."""
    return send_templated_emails([_assigned_email(a) for a in assignments])


def reviewer_assigned_notify(assignment) -> None:
    reviewers_assigned_notify([assignment])


def reviewer_reminder_notify(assignment) -> None:
    send_templated_email(
        "review_reminder",
        to=assignment.reviewer.email,
        context={
            "assignment": assignment,
            "reviewer": assignment.reviewer,
            "category": assignment.application.category,
            "link": _link("review:review", assignment.pk),
        },
        # Per due date: a reviewer given more time is reminded again before the new one.
        idempotency_key=f"review-reminder:{assignment.pk}:{assignment.due_on.isoformat()}",
        kind="review_reminder",
        about=assignment,
        reminder=True,
    )


def scorer_notify(score) -> None:
    send_templated_email(
        "review_exam_scoring",
        to=score.scorer.email,
        context={
            "scorer": score.scorer,
            "candidate_code": score.sitting.candidate_code,
            "link": _link("review:exam_score", score.pk),
        },
        idempotency_key=f"review-exam-scoring:{score.pk}",
        kind="review_exam_scoring",
        about=score,
    )


def reviewer_due_extended_notify(assignment) -> None:
    send_templated_email(
        "review_due_extended",
        to=assignment.reviewer.email,
        context={
            "assignment": assignment,
            "reviewer": assignment.reviewer,
            "category": assignment.application.category,
            "link": _link("review:review", assignment.pk),
        },
        idempotency_key=f"review-due-extended:{assignment.pk}:{assignment.due_on.isoformat()}",
        kind="review_due_extended",
        about=assignment,
    )
