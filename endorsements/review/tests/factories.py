"""Factories for the review workflow: submitted applications with a realistic snapshot,
reviewers who hold an endorsement, assignments and reviews."""

import datetime as dt

import factory
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from competencies.selectors import requirement_set_in_effect
from endorsements.models import (
    Application,
    ApplicationStatus,
    Endorsement,
    EndorsementEvent,
    EndorsementStatus,
)
from endorsements.review.models import Assignment, Recommendation, Review
from endorsements.review.snapshot import SECTIONS
from endorsements.tests.factories import category


def snapshot_for(user, *, files: dict | None = None, rater_emails=(), training_hours="36") -> dict:
    """A snapshot of the shape `application_snapshot_build` documents (see
    endorsements/services/snapshot.py). `files`: {"transcript": StoredFile, "cv": StoredFile}."""
    files = files or {}
    transcript, cv = files.get("transcript"), files.get("cv")
    raters = list(rater_emails) or [
        "supervisor@example.org",
        "colleague@example.org",
        "rsc@example.org",
    ]
    return {
        "format": 2,
        "category": {"code": "IFA", "name": "Infant Family Associate"},
        "profile": {
            "display_name": user.full_name,
            "job_title": "Home visitor",
            "agency": {"name": "Hartford Healthy Start", "program_type": "home_visiting"},
            "work_county": "Hartford",
            "region": "North Central",
        },
        "education": [
            {
                "degree_level": "bachelor",
                "field_of_study": "Child development",
                "institution": "University of Connecticut",
                "year": 2015,
                "transcript": {
                    "file_id": transcript.pk,
                    "name": transcript.original_name,
                    "kind": "pdf",
                }
                if transcript
                else None,
            }
        ],
        "work": [
            {
                "employer": "Hartford Healthy Start",
                "role": "Home visitor",
                "start_date": "2020-01-01",
                "end_date": "2022-12-31",
                "hours_per_week": "37.5",
                "families_served": 25,
                "paid": True,
            }
        ],
        "training": [
            {
                "title": "Attachment and trauma",
                "provider": "CT-AIMH",
                "date": "2024-03-14",
                "hours": training_hours,
                "competencies": [{"id": 1, "name": "Attachment", "domain": "Theory"}],
            }
        ],
        "leadership": [],
        "documents": [
            {
                "kind": "cv",
                "title": "CV, March 2026",
                "file": {"file_id": cv.pk, "name": cv.original_name, "kind": "pdf"} if cv else None,
            }
        ],
        "rsc": {
            "counted_hours": "0",
            "sessions": [
                {
                    "date": "2026-01-05",
                    "hours": "1.0",
                    "provider_name": "Pat Provider",
                    "counted": False,
                    "reason": "Not needed for IFA",
                    "attestation_status": "confirmed",
                    "attestation_status_label": "Confirmed by the provider",
                }
            ],
        },
        "references": [
            {
                "rater_name": f"Rater {i}",
                "rater_email": email,
                "relationship": "supervisor",
                "counts": True,
                "not_enough_info_count": 1,
                "applicant_waived_access": i == 1,
                "answers": [
                    {
                        "item": 1,
                        "domain": "Reflection",
                        "text": "Reflects on own work",
                        "rating": 4,
                    },
                    {"item": 2, "domain": "Thinking", "text": "Solves problems", "rating": None},
                ],
                "comments": f"Confidential comment from rater {i}",
            }
            for i, email in enumerate(raters, start=1)
        ],
        "checklist": {
            "complete": True,
            "items": [
                {"label": "Education", "met": True, "detail": "Bachelor's degree"},
                {"label": "Training hours", "met": True, "detail": f"{training_hours} of 30 hours"},
                {"label": "References", "met": True, "detail": "3 of 3"},
            ],
        },
        "attestation": {
            "version": "2026",
            "typed_name": user.full_name,
            "attested_at": "2026-03-01",
        },
    }


class SubmittedApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    applicant = factory.SubFactory(UserFactory, roles=[Role.APPLICANT])
    category = factory.LazyFunction(lambda: category("IFA"))
    status = ApplicationStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    requirement_set = factory.LazyAttribute(
        lambda a: requirement_set_in_effect(category=a.category, on=timezone.localdate())
    )
    snapshot = factory.LazyAttribute(lambda a: snapshot_for(a.applicant))


def endorse(user, code: str = "IMHS", on: dt.date | None = None) -> Endorsement:
    """Make `user` a holder of category `code` from `on` (default: a year ago)."""
    on = on or timezone.localdate() - dt.timedelta(days=365)
    endorsement = Endorsement.objects.create(
        holder=user,
        category=category(code),
        number=f"TEST-{code}-{user.pk}",
        status=EndorsementStatus.ACTIVE,
        issued_on=on,
        valid_through=on + dt.timedelta(days=900),
        printed_name=user.full_name,
    )
    EndorsementEvent.objects.create(
        endorsement=endorsement,
        from_status="",
        to_status=EndorsementStatus.ACTIVE,
        effective_on=on,
        valid_through=endorsement.valid_through,
    )
    return endorsement


def qualified_reviewer(code: str = "IMHS", **kwargs):
    """A reviewer who holds an endorsement qualified to review the IFA to IMHS categories."""
    user = UserFactory(roles=[Role.REVIEWER], **kwargs)
    endorse(user, code)
    return user


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    application = factory.SubFactory(
        SubmittedApplicationFactory, status=ApplicationStatus.IN_REVIEW
    )
    reviewer = factory.SubFactory(UserFactory, roles=[Role.REVIEWER])
    round = 1
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=21))


def review_submitted(
    assignment, recommendation=Recommendation.ENDORSE, met=True, **kwargs
) -> Review:
    now = timezone.now()
    review = Review.objects.create(
        assignment=assignment,
        sections={key: {"met": met, "comment": ""} for key, _ in SECTIONS},
        recommendation=recommendation,
        submitted_at=now,
        **kwargs,
    )
    Assignment.objects.filter(pk=assignment.pk).update(completed_at=now)
    assignment.completed_at = now
    return review
