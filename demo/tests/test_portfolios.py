import random

import pytest
from faker import Faker

from accounts.tests.factories import UserFactory, applicant
from applicants import selectors
from applicants.models import ApplicantProfile, Training
from demo.portfolios import demo_applicant_portfolio, demo_portfolios

pytestmark = pytest.mark.django_db


def test_demo_portfolios_cover_every_state_of_completeness():
    users = UserFactory.create_batch(60)
    ids = [u.pk for u in users]

    counts = demo_portfolios(users=ids, rng=random.Random(7), fake=Faker())

    assert set(counts) == {"empty", "profile_only", "partial", "full_ifa"}
    assert all(counts.values())
    assert sum(counts.values()) == 60
    assert ApplicantProfile.objects.count() == 60 - counts["empty"]
    full = [e for e in (selectors.evidence_for_user(u) for u in users) if len(e.trainings) == 5]
    assert len(full) == counts["full_ifa"]
    assert all(e.training_hours >= 30 and e.work_years >= 2 and e.degrees for e in full)
    assert all(e.competency_ids for e in full)


def test_demo_portfolios_skip_people_who_have_a_profile():
    users = UserFactory.create_batch(5)
    demo_portfolios(users=users, rng=random.Random(1), fake=Faker())
    before = (ApplicantProfile.objects.count(), Training.objects.count())

    demo_portfolios(users=users, rng=random.Random(1), fake=Faker())

    assert (ApplicantProfile.objects.count(), Training.objects.count()) == before


def test_demo_applicant_portfolio_is_nearly_complete_and_idempotent():
    user = applicant()

    created = demo_applicant_portfolio(user=user)
    again = demo_applicant_portfolio(user=user)

    evidence = selectors.evidence_for_user(user)
    assert (created, again) == (True, False)
    assert selectors.profile_missing(selectors.profile_for_user(user)) == []
    assert evidence.degrees[0].transcript.kind == "pdf"
    assert evidence.training_hours == 24
    assert evidence.documents[0].file.original_name == "CV.pdf"
