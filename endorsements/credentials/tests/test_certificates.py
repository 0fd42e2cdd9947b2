import io
import os
from datetime import date

import pytest
from django.core import mail
from django.core.files.storage import storages
from django.db import transaction
from pypdf import PdfReader

from endorsements.models import Endorsement, EndorsementStatus
from endorsements.services.transitions import endorsement_transition

from ..services import certificates
from ..services.certificates import certificate_enqueue
from .factories import endorsement

pytestmark = pytest.mark.django_db


def pdf_text(name: str) -> str:
    with storages["private"].open(name, "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def test_certificate_render_stores_pdf_with_the_credentials_facts():
    e = endorsement(printed_name="Maya Okafor", issued_on=date(2025, 3, 1))

    assert certificates.certificate_render(endorsement=e) is True

    e.refresh_from_db()
    assert e.certificate_file == f"certificates/endorsement-{e.pk}.pdf"
    assert e.certificate_rendered_at is not None and e.certificate_error == ""
    text = pdf_text(e.certificate_file)
    for expected in (
        "Maya Okafor",
        "Infant Family Associate",
        "IFA",
        e.number,
        "1 March 2025",
        "31 December 2026",
        "Connecticut Association for Infant Mental Health",
    ):
        assert expected in text


def test_certificate_page_is_letter_landscape():
    e = endorsement()
    certificates.certificate_render(endorsement=e)
    e.refresh_from_db()
    with storages["private"].open(e.certificate_file, "rb") as handle:
        page = PdfReader(io.BytesIO(handle.read())).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (792, 612)


def test_certificate_hostile_name_is_printed_as_text():
    e = endorsement(printed_name='<img src="x.png">Zoe & <b>Co</b>')

    certificates.certificate_render(endorsement=e)

    e.refresh_from_db()
    assert '<img src="x.png">Zoe & <b>Co</b>' in pdf_text(e.certificate_file)


def test_certificate_rerender_replaces_the_file_under_the_same_name():
    e = endorsement(printed_name="First Name")
    certificates.certificate_render(endorsement=e)
    Endorsement.objects.filter(pk=e.pk).update(printed_name="Second Name")
    e.refresh_from_db()

    certificates.certificate_render(endorsement=e, force=True)

    e.refresh_from_db()
    assert e.certificate_file == f"certificates/endorsement-{e.pk}.pdf"
    assert "Second Name" in pdf_text(e.certificate_file)
    folder = os.path.dirname(storages["private"].path(e.certificate_file))
    assert os.listdir(folder) == [f"endorsement-{e.pk}.pdf"]


def test_certificate_render_twice_renders_and_emails_once(django_capture_on_commit_callbacks):
    e = endorsement()

    with django_capture_on_commit_callbacks(execute=True):
        first = certificates.certificate_render(endorsement=e)
        second = certificates.certificate_render(endorsement=e)

    assert (first, second) == (True, False)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [e.holder.email]
    assert "http://testserver/my/endorsements/" in mail.outbox[0].body


def test_certificate_becomes_stale_after_a_renewal_and_the_sweep_renders_it():
    e = endorsement()
    certificates.certificate_render(endorsement=e)
    endorsement_transition(
        endorsement=e, to=EndorsementStatus.ACTIVE, valid_through=date(2027, 12, 31)
    )
    e.refresh_from_db()
    assert not certificates.certificate_is_current(e)
    assert list(certificates.endorsements_missing_certificate()) == [e]

    assert certificates.certificates_sweep() == 1  # eager in tests: renders at once

    e.refresh_from_db()
    assert certificates.certificate_is_current(e)
    assert "31 December 2027" in pdf_text(e.certificate_file)


def test_certificate_enqueue_on_commit_renders_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        e = endorsement(on_commit=certificate_enqueue)

    e.refresh_from_db()
    assert e.certificate_file and e.certificate_rendered_at
    assert len(mail.outbox) == 1


def test_certificate_task_records_a_storage_failure(monkeypatch):
    from ..tasks import certificate_render

    e = endorsement()

    def refuse(*args, **kwargs):  # the filesystem boundary: a full disk
        raise OSError(28, "No space left on device")

    import core.files

    monkeypatch.setattr(core.files.os, "replace", refuse)
    assert certificate_render.delay(endorsement_id=e.pk).get() is False

    e.refresh_from_db()
    assert "No space left on device" in e.certificate_error
    assert e.certificate_rendered_at is None
    # A failed render waits for staff instead of being retried by every sweep.
    assert list(certificates.endorsements_missing_certificate()) == []


def test_certificate_task_for_a_deleted_endorsement_does_nothing():
    from ..tasks import certificate_render

    assert certificate_render.delay(endorsement_id=987654).get() is False


def test_certificate_enqueue_with_the_broker_down_leaves_it_for_the_sweep(dead_broker):
    e = endorsement()

    queued = certificate_enqueue(e)

    assert queued is False
    e.refresh_from_db()
    assert e.certificate_rendered_at is None
    assert list(certificates.endorsements_missing_certificate()) == [e]


def test_certificate_context_does_not_break_inside_a_transaction():
    with transaction.atomic():
        e = endorsement()
        context = certificates.certificate_context(e)
    assert context["verify_url"] == f"http://testserver/verify/{e.verification_code}/"


def test_an_smtp_outage_during_a_render_leaves_it_current_and_its_email_queued(
    smtp_server, django_capture_on_commit_callbacks
):
    from messaging.models import Message

    from ..tasks import certificate_render

    e = endorsement()
    smtp_server.down()

    with django_capture_on_commit_callbacks(execute=True):
        assert certificate_render.delay(endorsement_id=e.pk).get() is True

    e.refresh_from_db()
    assert certificates.certificate_is_current(e) and e.certificate_error == ""
    message = Message.objects.get(kind="certificate_ready")
    assert (message.status, message.recipient) == ("queued", e.holder.email)
    assert "refused" in message.last_error.lower()


def test_you_are_endorsed_arrives_before_your_certificate_is_ready(
    django_capture_on_commit_callbacks,
):
    from accounts.tests.factories import coordinator
    from endorsements.review import services as review
    from endorsements.review.models import Outcome
    from endorsements.review.tests.test_decisions import reviewed

    application, _ = reviewed()

    with django_capture_on_commit_callbacks(execute=True):
        review.application_decide(
            application=application, outcome=Outcome.ENDORSE, actor=coordinator()
        )

    subjects = [m.subject for m in mail.outbox if m.to == [application.applicant.email]]
    assert subjects[0].startswith("You are endorsed")
    assert "certificate is ready" in subjects[1]
