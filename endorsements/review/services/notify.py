"""Emails of the review workflow. Each function sends one templated message; callers queue it
with `transaction.on_commit` so nothing is sent for work that rolled back."""

from django.urls import reverse

from core.mail import send_templated_email


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


def applicant_notify(name: str, application, **extra) -> None:
    """Tell the applicant about a change of their application (`emails/review_<name>_*`)."""
    send_templated_email(
        f"review_{name}",
        to=application.applicant.email,
        context={**_applicant_context(application), **extra},
    )


def reviewer_assigned_notify(assignment) -> None:
    send_templated_email(
        "review_assigned",
        to=assignment.reviewer.email,
        context={
            "assignment": assignment,
            "reviewer": assignment.reviewer,
            "category": assignment.application.category,
            "round": assignment.round,
            "link": _link("review:review", assignment.pk),
        },
    )


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
    )
