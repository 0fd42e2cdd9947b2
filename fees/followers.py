"""The workflow's changes the fees app follows (registered in `FeesConfig.ready`).

Each follower runs inside the change's transaction (`core.transitions.announce`), so a
submission and its invoice commit together; nothing here talks to the network.
"""

from .services import invoices


def application_changed(*, instance, from_status: str, to_status: str) -> None:
    invoices.application_fees(application=instance, from_status=from_status, to_status=to_status)


def renewal_changed(*, instance, from_status: str, to_status: str) -> None:
    invoices.renewal_fees(submission=instance, from_status=from_status, to_status=to_status)


def request_changed(*, instance, from_status: str, to_status: str) -> None:
    invoices.request_fees(request=instance, from_status=from_status, to_status=to_status)


def exam_sitting_changed(*, instance, from_status: str, to_status: str) -> None:
    invoices.exam_retake_fees(sitting=instance, from_status=from_status, to_status=to_status)


def membership_changed(*, instance, from_status: str, to_status: str) -> None:
    invoices.membership_dues(membership=instance, from_status=from_status, to_status=to_status)


FOLLOWED = {
    "review.ExamSitting": exam_sitting_changed,
    "endorsements.Application": application_changed,
    "credentials.RenewalSubmission": renewal_changed,
    "credentials.CredentialRequest": request_changed,
    "memberships.Membership": membership_changed,
}
