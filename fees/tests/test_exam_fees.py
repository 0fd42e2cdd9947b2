"""The exam fee on approval to sit the exam, and the retake fee when a sitting fails."""

import datetime as dt

import pytest

from core.transitions import announce
from endorsements.review import services
from endorsements.review.models import ExamOutcome
from endorsements.review.tests.test_resubmission_exam_reminders import (
    exam_pending_application,
    sit,
)
from fees.models import FeeKind, Invoice, InvoiceReason
from fees.tests.factories import schedule

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fees():
    return schedule(**{FeeKind.EXAM_RETAKE: 7500})


def score_both(scores, *, passed):
    for score in scores:
        services.part2_score_record(score=score, passed=passed, comment="", actor=score.scorer)


def kinds_invoiced(application):
    return sorted(
        (invoice.reason, line.kind, line.amount_cents)
        for invoice in Invoice.objects.filter(application=application)
        for line in invoice.lines.all()
        if invoice.reason in (InvoiceReason.EXAM_APPROVED, InvoiceReason.EXAM_RETAKE)
    )


def test_approval_to_sit_the_exam_invoices_the_exam_fee():
    application = exam_pending_application()

    assert kinds_invoiced(application) == [(InvoiceReason.EXAM_APPROVED, FeeKind.EXAM, 10000)]


def test_a_failed_sitting_invoices_the_retake_once_and_a_replay_adds_nothing():
    application = exam_pending_application()
    sitting, scores = sit(application, "72")

    score_both(scores, passed=True)
    sitting.refresh_from_db()
    assert sitting.outcome == ExamOutcome.FAILED
    # The same change announced again (a replayed task, a second follower run): still one.
    announce(sitting, from_status=ExamOutcome.PENDING, to_status=ExamOutcome.FAILED)

    assert kinds_invoiced(application) == [
        (InvoiceReason.EXAM_APPROVED, FeeKind.EXAM, 10000),
        (InvoiceReason.EXAM_RETAKE, FeeKind.EXAM_RETAKE, 7500),
    ]
    retake = Invoice.objects.get(reason=InvoiceReason.EXAM_RETAKE)
    assert retake.person == application.applicant and retake.category == application.category


def test_each_failed_sitting_has_its_own_retake_invoice():
    application = exam_pending_application()
    _first, scores = sit(application, "60")
    score_both(scores, passed=False)
    _second, scores = sit(application, "65", sat_on=dt.date(2027, 4, 1))
    score_both(scores, passed=False)

    assert Invoice.objects.filter(reason=InvoiceReason.EXAM_RETAKE).count() == 2


def test_a_passed_sitting_owes_no_retake():
    application = exam_pending_application()
    _sitting, scores = sit(application, "90")

    score_both(scores, passed=True)

    assert not Invoice.objects.filter(reason=InvoiceReason.EXAM_RETAKE).exists()


def test_a_failure_on_a_closed_application_owes_no_retake():
    application = exam_pending_application()
    sitting, _scores = sit(application, "60")
    type(application).objects.filter(pk=application.pk).update(status="denied")

    announce(sitting, from_status=ExamOutcome.PENDING, to_status=ExamOutcome.FAILED)

    assert not Invoice.objects.filter(reason=InvoiceReason.EXAM_RETAKE).exists()
