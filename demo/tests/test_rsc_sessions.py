import random

import pytest

from accounts.tests.factories import UserFactory
from demo.rsc_sessions import demo_applicant_sessions, demo_sessions
from reflective_supervision.models import Provider, SupervisionSession

pytestmark = pytest.mark.django_db


def test_demo_sessions_builds_realistic_logs():
    users = UserFactory.create_batch(60)

    created = demo_sessions(user_ids=[u.pk for u in users], rng=random.Random(1))

    sessions = SupervisionSession.objects.all()
    assert created == sessions.count()
    assert 5 * 60 < created < 16 * 60
    assert {"unconfirmed", "confirmed"} <= {s.status for s in sessions}
    assert sessions.filter(format="group").exists()
    assert sessions.filter(peer=True, provider__isnull=True).exists()
    # Each supervisee sees their providers in their own list.
    some = sessions.filter(peer=False).first()
    assert some.supervisee in some.provider.supervisees.all()


def test_demo_applicant_sessions_is_idempotent():
    UserFactory(email="applicant@example.org")

    first = demo_applicant_sessions()
    second = demo_applicant_sessions()

    assert (first, second) == (10, 0)
    assert Provider.objects.filter(email="mina.patel@demo.example.org").count() == 1
    assert SupervisionSession.objects.filter(status="disputed").count() == 1
