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
        "profile": {
            "name": user.full_name,
            "job_title": "Home visitor",
            "agency": "Hartford Healthy Start",
            "county": "Hartford",
            "region": "North Central",
        },
        "education": [
            {
                "degree_level": "bachelor",
                "field_of_study": "Child development",
                "institution": "University of Connecticut",
                "year": 2015,
                "file_id": transcript.pk if transcript else None,
                "file_name": transcript.original_name if transcript else "",
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
                "competency_ids": [],
            }
        ],
        "leadership": [],
        "documents": [
            {
                "kind": "cv",
                "title": "CV, March 2026",
                "file_id": cv.pk if cv else None,
                "file_name": cv.original_name if cv else "",
            }
        ],
        "rsc": {
            "total_hours": "0",
            "sessions": [],
        },
        "references": [
            {
                "rater_name": f"Rater {i}",
                "rater_email": email,
                "relationship": "supervisor",
                "waived": i == 1,
                "counts": True,
                "not_enough_information": 1,
                "answers": {"reflection": 4, "working_with_others": 5, "thinking": 4},
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
        "attestation": {"ethics_signed": True, "signed_on": "2026-03-01"},
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
