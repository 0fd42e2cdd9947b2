"""`seed_demo` data obeys the rules: no demo application is submitted, in review, approved for
the exam or endorsed with an unmet checklist item.

Every such application's frozen checklist must be complete, item by item; where the snapshot is
the applicant's own portfolio (the demo accounts), the live checklist on the day it was
evaluated must agree."""

from datetime import date

import pytest

from endorsements.demo import seed_demo
from endorsements.models import Application, ApplicationStatus
from endorsements.selectors import application_evaluation

pytestmark = pytest.mark.django_db
S = ApplicationStatus
NOT_YET_SUBMITTED = {S.DRAFT, S.WITHDRAWN}


def test_every_submitted_or_endorsed_demo_application_meets_every_item():
    seed_demo(applicants=300, seed=7, progress=False)

    applications = list(
        Application.objects.exclude(status__in=NOT_YET_SUBMITTED).select_related(
            "applicant", "category", "requirement_set"
        )
    )
    statuses = {a.status for a in applications}

    assert {S.SUBMITTED, S.IN_REVIEW, S.EXAM_PENDING, S.ENDORSED} <= statuses
    for application in applications:
        checklist = application.snapshot["checklist"]
        unmet = [i["key"] for i in checklist["items"] if not i["met"]]
        assert checklist["complete"] and not unmet, (application.category.code, unmet)
        assert checklist["items"], application.category.code
    # The demo accounts' applications freeze their own portfolio (generated people's borrow a
    # model portfolio, built and checked by the same engine).
    own = [a for a in applications if not a.applicant.email.endswith("@demo.example.org")]
    assert len(own) >= 3  # applicant2's submitted IFA, the reviewers' endorsed IMHS and IFRS
    for application in own:
        on = date.fromisoformat(application.snapshot["evaluated_on"])
        evaluation = application_evaluation(application=application, on=on)
        missing = [i.key for i in evaluation.checklist.missing]
        assert evaluation.complete, (application.applicant.email, application.category, missing)
