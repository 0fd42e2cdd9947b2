import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import applicant
from reflective_supervision import services
from reflective_supervision.models import AttestationRequest, SupervisionSession
from reflective_supervision.tasks import remind_attestations
from reflective_supervision.tests.factories import (
    AttestationRequestFactory,
    ProviderFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def logged(django_capture_on_commit_callbacks):
    """An applicant with three unconfirmed sessions with Mina and one with someone else."""
    me = applicant(given_name="Alma", family_name="Reyes")
    mina = ProviderFactory(name="Mina Patel", email="mina@example.org", supervisees=[me])
    sessions = [
        SessionFactory(
            supervisee=me, provider=mina, date=dt.date(2026, 1, d), private_notes="hidden thought"
        )
        for d in (7, 14, 21)
    ]
    SessionFactory(supervisee=me)
    return me, mina, sessions


def _link(message):
    return re.search(r"http://testserver(/rsc/confirm/\S+/)", message.body).group(1)


def _ask(client, me, provider, django_capture_on_commit_callbacks):
    client.force_login(me)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reflective_supervision:ask", args=[provider.pk]))
    client.logout()
    return response


def test_ask_batches_unconfirmed_sessions_and_emails_one_link(
    client, logged, django_capture_on_commit_callbacks
):
    me, mina, sessions = logged

    response = _ask(client, me, mina, django_capture_on_commit_callbacks)

    assert response["Location"] == reverse("reflective_supervision:log")
    request = AttestationRequest.objects.get()
    assert set(request.sessions.all()) == set(sessions)
    assert request.expires_at == NOW + dt.timedelta(days=30)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mina@example.org"]
    assert mail.outbox[0].reply_to == [me.email]
    assert (
        mail.outbox[0].subject == "Please confirm 3 reflective supervision sessions with Alma Reyes"
    )


def test_ask_again_while_open_sends_nothing_new(client, logged, django_capture_on_commit_callbacks):
    me, mina, _ = logged
    _ask(client, me, mina, django_capture_on_commit_callbacks)

    client.force_login(me)
    response = client.post(reverse("reflective_supervision:ask", args=[mina.pk]), follow=True)

    assert "There are no unconfirmed sessions to send to Mina Patel" in response.content.decode()
    assert AttestationRequest.objects.count() == 1
    assert len(mail.outbox) == 1


def test_ask_provider_without_email_explains(client):
    me = applicant()
    nobody = ProviderFactory(email="", name="Grace", supervisees=[me])
    SessionFactory(supervisee=me, provider=nobody)
    client.force_login(me)

    response = client.post(reverse("reflective_supervision:ask", args=[nobody.pk]), follow=True)

    assert "Add an email address for Grace first" in response.content.decode()
    assert not AttestationRequest.objects.exists()


def test_ask_for_someone_elses_provider_is_404(client, logged):
    _, mina, _ = logged
    client.force_login(applicant())

    response = client.post(reverse("reflective_supervision:ask", args=[mina.pk]))

    assert response.status_code == 404
    assert not AttestationRequest.objects.exists()


def test_ask_anonymous_redirects_and_get_is_refused(client, logged):
    me, mina, _ = logged
    url = reverse("reflective_supervision:ask", args=[mina.pk])

    assert client.post(url)["Location"].startswith(reverse("login"))
    client.force_login(me)
    assert client.get(url).status_code == 405


def test_provider_page_lists_sessions_without_private_notes(
    client, logged, django_capture_on_commit_callbacks
):
    me, mina, _ = logged
    _ask(client, me, mina, django_capture_on_commit_callbacks)

    response = client.get(_link(mail.outbox[0]))

    html = response.content.decode()
    assert "Confirm the RSC sessions Alma Reyes logged with you" in html
    assert "7 January 2026" in html
    assert html.count("<fieldset") == 3
    assert "hidden thought" not in html


def test_provider_confirms_some_and_disputes_one(
    client, logged, django_capture_on_commit_callbacks
):
    me, mina, (first, second, third) = logged
    _ask(client, me, mina, django_capture_on_commit_callbacks)
    link = _link(mail.outbox[0])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            link,
            {
                f"answer_{first.pk}": "confirmed",
                f"answer_{second.pk}": "confirmed",
                f"answer_{third.pk}": "disputed",
                f"comment_{third.pk}": "We met for 30 minutes only.",
            },
        )

    assert "your answers are recorded" in response.content.decode()
    statuses = dict(SupervisionSession.objects.filter(provider=mina).values_list("pk", "status"))
    assert statuses == {first.pk: "confirmed", second.pk: "confirmed", third.pk: "disputed"}
    third.refresh_from_db()
    assert third.provider_comment == "We met for 30 minutes only."
    assert third.attested_at == NOW
    assert AttestationRequest.objects.get().completed_at == NOW
    assert mail.outbox[-1].to == [me.email]
    assert "2 confirmed, 1 disputed" in mail.outbox[-1].body


def test_provider_must_answer_each_and_explain_a_dispute(
    client, logged, django_capture_on_commit_callbacks
):
    me, mina, (first, second, third) = logged
    _ask(client, me, mina, django_capture_on_commit_callbacks)

    response = client.post(
        _link(mail.outbox[0]),
        {f"answer_{first.pk}": "disputed", f"answer_{second.pk}": "confirmed"},
    )

    html = response.content.decode()
    assert "There is a problem" in html
    assert "Say what is wrong with the session on 7 January 2026." in html
    assert "Say whether you confirm or dispute the session on 21 January 2026." in html
    assert not SupervisionSession.objects.exclude(status="unconfirmed").exists()
    assert AttestationRequest.objects.get().completed_at is None


def test_tampered_link_is_refused_and_changes_nothing(
    client, logged, django_capture_on_commit_callbacks
):
    me, mina, (first, *_) = logged
    _ask(client, me, mina, django_capture_on_commit_callbacks)
    link = _link(mail.outbox[0])
    tampered = link[:-6] + ("A" if link[-6] != "A" else "B") + link[-5:]

    get = client.get(tampered)
    post = client.post(tampered, {f"answer_{first.pk}": "confirmed"})

    assert get.status_code == post.status_code == 400
    assert "This link does not work" in post.content.decode()
    assert not SupervisionSession.objects.exclude(status="unconfirmed").exists()


def test_link_with_a_forged_nonce_is_refused(client, logged):
    me, mina, sessions = logged
    request = AttestationRequestFactory(supervisee=me, provider=mina, sessions=sessions)
    from django.core import signing

    forged = signing.dumps(
        {"r": request.pk, "n": "guess"}, salt="reflective_supervision.attestation"
    )

    response = client.get(reverse("reflective_supervision:attest", args=[forged]))

    assert response.status_code == 400


def test_expired_link_is_refused_and_changes_nothing(
    client, logged, django_capture_on_commit_callbacks, time_machine
):
    me, mina, (first, *_) = logged
    _ask(client, me, mina, django_capture_on_commit_callbacks)
    link = _link(mail.outbox[0])
    time_machine.move_to(NOW + dt.timedelta(days=31), tick=False)

    response = client.post(link, {f"answer_{first.pk}": "confirmed"})

    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert not SupervisionSession.objects.exclude(status="unconfirmed").exists()
    assert AttestationRequest.objects.get().completed_at is None


def test_reused_link_is_refused_and_changes_nothing(
    client, logged, django_capture_on_commit_callbacks
):
    me, mina, (first, second, third) = logged
    _ask(client, me, mina, django_capture_on_commit_callbacks)
    link = _link(mail.outbox[0])
    answers = {f"answer_{s.pk}": "confirmed" for s in (first, second, third)}
    client.post(link, answers)

    again = client.post(
        link, {**answers, f"answer_{first.pk}": "disputed", f"comment_{first.pk}": "x"}
    )

    assert again.status_code == 409
    assert "These sessions are already answered" in again.content.decode()
    first.refresh_from_db()
    assert first.status == "confirmed"


def test_session_moved_to_another_provider_leaves_the_open_request(
    client, logged, django_capture_on_commit_callbacks
):
    me, mina, (first, *_) = logged
    _ask(client, me, mina, django_capture_on_commit_callbacks)
    other = ProviderFactory(supervisees=[me])
    facts = services.SessionFacts(
        date=first.date,
        duration_minutes=60,
        format="individual",
        modality="virtual",
        focus="own_work",
    )

    services.supervision_session_update(session=first, facts=facts, provider=other, by=me)

    assert first not in AttestationRequest.objects.get().sessions.all()


def test_remind_task_run_twice_sends_once(
    client, logged, django_capture_on_commit_callbacks, time_machine
):
    me, mina, _ = logged
    _ask(client, me, mina, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    time_machine.move_to(NOW + dt.timedelta(days=6), tick=False)
    assert remind_attestations.delay().get() == 0
    time_machine.move_to(NOW + dt.timedelta(days=7), tick=False)

    with django_capture_on_commit_callbacks(execute=True):
        first = remind_attestations.delay().get()
        second = remind_attestations.delay().get()

    assert (first, second) == (1, 0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Reminder: Please confirm 3")
    request = AttestationRequest.objects.get()
    assert (request.reminders_sent, request.last_reminded_at) == (1, NOW + dt.timedelta(days=7))
    # The reminder carries the same link, which still works.
    assert client.get(_link(mail.outbox[0])).status_code == 200


def test_remind_task_skips_answered_and_expired_requests(logged, time_machine):
    me, mina, sessions = logged
    AttestationRequestFactory(
        supervisee=me, provider=mina, sessions=sessions[:1], completed_at=timezone.now()
    )
    AttestationRequestFactory(
        supervisee=me, provider=mina, sessions=sessions[1:], expires_at=NOW + dt.timedelta(days=8)
    )
    time_machine.move_to(NOW + dt.timedelta(days=9), tick=False)

    assert remind_attestations.delay().get() == 0
    assert mail.outbox == []


def test_remind_task_mail_failure_keeps_the_reminder_queued_until_sent(
    logged, time_machine, settings, django_capture_on_commit_callbacks
):
    from messaging.models import Message
    from messaging.services import messages_sweep

    me, mina, sessions = logged
    AttestationRequestFactory(supervisee=me, provider=mina, sessions=sessions)
    time_machine.move_to(NOW + dt.timedelta(days=8), tick=False)
    settings.EMAIL_BACKEND = "reflective_supervision.tests.test_attestation.FailingBackend"

    with django_capture_on_commit_callbacks(execute=True):
        assert services.attestation_reminders_send() == 1
        assert services.attestation_reminders_send() == 0  # claimed once, not again
    reminder = Message.objects.get(kind="rsc_attestation_reminder")
    assert (reminder.status, reminder.attempts) == ("queued", 1)
    assert "SMTP down" in reminder.last_error
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    time_machine.move_to(NOW + dt.timedelta(days=8, minutes=2), tick=False)
    messages_sweep()
    messages_sweep()

    assert [m.to for m in mail.outbox] == [[mina.email]]
    assert AttestationRequest.objects.get().reminders_sent == 1


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionError("SMTP down")
