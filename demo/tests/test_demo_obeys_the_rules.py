"""`seed_demo` data obeys the rules: no demo application is submitted, in review, approved for
the exam or endorsed with an unmet checklist item.

Every such application's frozen checklist must be complete, item by item; where the snapshot is
the applicant's own portfolio (the demo accounts), the live checklist on the day it was
evaluated must agree. An application submitted under its category's emerging rules (endorsed as
emerging) may leave unmet only the items its requirement set lets be in progress (the
associations endorse reflective supervisors as emerging while they finish the leadership year
and the training on providing RSC: domain notes, "Review and decision")."""

from datetime import date

import pytest

from demo.seed import seed_demo
from endorsements.models import Application, ApplicationStatus
from endorsements.selectors import application_evaluation

pytestmark = pytest.mark.django_db
S = ApplicationStatus
NOT_YET_SUBMITTED = {S.DRAFT, S.WITHDRAWN}
# Where an application submitted under the emerging rules may stand (endorsed as emerging, or
# completed since; before that: submitted, in review).
EMERGING_STATUSES = {S.SUBMITTED, S.IN_REVIEW, S.ENDORSED_EMERGING, S.ENDORSED}


def test_every_submitted_or_endorsed_demo_application_meets_every_item():
    seed_demo(applicants=300, seed=7, progress=False)

    applications = list(
        Application.objects.exclude(status__in=NOT_YET_SUBMITTED).select_related(
            "applicant", "category", "requirement_set"
        )
    )
    statuses = {a.status for a in applications}

    assert {S.SUBMITTED, S.IN_REVIEW, S.EXAM_PENDING, S.ENDORSED} <= statuses
    emerging = [a for a in applications if a.emerging_requested]
    assert emerging, "the demo has an emerging case"
    for application in applications:
        checklist = application.snapshot["checklist"]
        unmet = {i["key"] for i in checklist["items"] if not i["met"]}
        assert checklist["items"], application.category.code
        if application.emerging_requested:
            assert application.status in EMERGING_STATUSES, application.status
            allowed = application.requirement_set.emerging_item_keys
            assert allowed and unmet <= allowed, (application.category.code, unmet - allowed)
        else:
            assert checklist["complete"] and not unmet, (application.category.code, unmet)
    # The demo accounts' applications freeze their own portfolio (generated people's borrow a
    # model portfolio, built and checked by the same engine).
    own = [a for a in applications if not a.applicant.email.endswith("@demo.example.org")]
    # applicant2's submitted IFA, the reviewers' endorsed IMHS and IFRS, applicant3's IFA in
    # review, the emerging and the lapsed holders' applications
    assert len(own) >= 6
    for application in own:
        on = date.fromisoformat(application.snapshot["evaluated_on"])
        evaluation = application_evaluation(application=application, on=on)
        missing = {i.key for i in evaluation.checklist.missing}
        allowed = (
            application.requirement_set.emerging_item_keys
            if application.emerging_requested
            else frozenset()
        )
        assert missing <= allowed, (application.applicant.email, application.category, missing)
