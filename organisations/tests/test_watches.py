"""Watching staff and the daily digest (through the outbox, once a day)."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import coordinator
from endorsements.credentials.services.lifecycle import (
    endorsement_revoke,
    endorsement_suspend,
    endorsement_suspension_lift,
)
from endorsements.credentials.tests.factories import endorsement
from endorsements.models import Endorsement
from messaging.models import Message

from ..models import RosterLine, RosterRun, VerificationRecord, Watch
from ..services.watches import organisation_digests_send, watch_start
from .factories import organisation, sign_in, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return organisation()


@pytest.fixture
def member(client, org):
    user = staff_member(org=org, given_name="Rita")
    sign_in(client, user)
    return user


def roster_with(org, e):
    run = RosterRun.objects.create(organisation=org, filename="s.csv", status="done", total=1)
    line = RosterLine.objects.create(
        run=run,
        line=2,
        email=e.holder.email,
        outcome="matched",
        holder=e.holder,
        results=[{"number": e.number}],
    )
    return run, line


def test_watch_a_roster_line_then_stop(client, org, member):
    e = endorsement(printed_name="Ana Muñoz")
    run, line = roster_with(org, e)

    response = client.post(reverse("organisations:watch_add", args=[run.pk]), {"line": line.pk})

    watch = Watch.objects.get()
    assert response["Location"] == reverse("organisations:watches")
    assert (watch.endorsement, watch.seen_status) == (e, "active")
    assert VerificationRecord.objects.filter(channel="watch").count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Ana Muñoz" in page
    client.post(reverse("organisations:watch_stop", args=[watch.pk]))
    assert not Watch.objects.exists()


def test_someone_elses_watch_and_roster_are_404(client, member):
    other = organisation(name="Other")
    e = endorsement()
    run, _ = roster_with(other, e)
    watch_start(organisation=other, user=staff_member(org=other), endorsements=[e])

    assert client.post(reverse("organisations:watch_add", args=[run.pk])).status_code == 404
    watch = Watch.objects.get()
    assert client.post(reverse("organisations:watch_stop", args=[watch.pk])).status_code == 404
    assert Watch.objects.count() == 1


def test_digest_reports_suspension_revocation_and_return_once_a_day(
    org, member, django_capture_on_commit_callbacks
):
    staff = coordinator()
    suspended = endorsement(printed_name="Sam Suspended")
    revoked = endorsement(printed_name="Rae Revoked")
    quiet = endorsement(printed_name="Quinn Quiet")
    watch_start(organisation=org, user=member, endorsements=[suspended, revoked, quiet])
    endorsement_suspend(endorsement=suspended, actor=staff, reason="Board matter")
    endorsement_revoke(endorsement=revoked, actor=staff, reason="Ethics finding")

    with django_capture_on_commit_callbacks(execute=True):
        assert organisation_digests_send(day=date(2026, 12, 1)) == 2
        assert organisation_digests_send(day=date(2026, 12, 1)) == 0  # the day is claimed

    digests = [m for m in mail.outbox if "changes to your staff" in m.subject]
    assert len(digests) == 1
    body = digests[0].body
    assert digests[0].to == [member.email]
    assert "Sam Suspended" in body and "suspended. It is not current." in body
    assert "Rae Revoked" in body and "revoked. It is not current." in body
    assert "Quinn Quiet" not in body
    assert "Board matter" not in body  # the reason is the holder's and staff's, not theirs
    assert Message.objects.filter(kind="organisation_digest").count() == 1

    endorsement_suspension_lift(endorsement=suspended, actor=staff, reason="Cleared")
    with django_capture_on_commit_callbacks(execute=True):
        assert organisation_digests_send(day=date(2026, 12, 2)) == 1
    assert "current again" in mail.outbox[-1].body


def test_digest_reports_lapse_and_renewal(org, member, django_capture_on_commit_callbacks):
    lapsing = endorsement(printed_name="Lee Lapsed")
    renewed = endorsement(printed_name="Ren Renewed")
    watch_start(organisation=org, user=member, endorsements=[lapsing, renewed])
    Endorsement.objects.filter(pk=lapsing.pk).update(status="lapsed")
    Endorsement.objects.filter(pk=renewed.pk).update(
        valid_through=renewed.valid_through + timedelta(days=365)
    )

    with django_capture_on_commit_callbacks(execute=True):
        organisation_digests_send(day=date(2026, 12, 1))

    body = mail.outbox[-1].body
    assert "Lee Lapsed" in body and "lapsed, not renewed" in body
    assert "Ren Renewed" in body and "renewed, now valid through" in body


def test_no_change_no_email(org, member):
    watch_start(organisation=org, user=member, endorsements=[endorsement()])

    assert organisation_digests_send(day=date(2026, 12, 1)) == 0
    assert not Message.objects.filter(kind="organisation_digest").exists()


def test_holder_sees_who_watches(client, org, member):
    e = endorsement()
    watch_start(organisation=org, user=member, endorsements=[e])
    client.force_login(e.holder)

    page = client.get(reverse("organisations:my_checks")).content.decode()

    assert "Harbor Early Childhood watches your" in page


def test_watch_list_query_count(client, org, member, django_assert_num_queries):
    watch_start(organisation=org, user=member, endorsements=[endorsement()])
    # session, user, OTP device, membership with organisation, watches with credentials
    with django_assert_num_queries(5):
        client.get(reverse("organisations:watches"))
    watch_start(organisation=org, user=member, endorsements=[endorsement() for _ in range(4)])
    with django_assert_num_queries(5):
        page = client.get(reverse("organisations:watches")).content.decode()
    assert page.count("Stop watching") == 5
