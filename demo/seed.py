"""Demo data builder behind `manage.py seed_demo`.

It sits in the `demo` package, above every runtime app, so that it can drive each builder
in this package. Bulk data uses bulk_create in batches with a progress bar.
"""

import random

from django.db import connection, transaction
from faker import Faker
from tqdm import tqdm

from accounts.models import Role, User
from demo.accounts import DEMO_PASSWORD, demo_accounts_ensure
from demo.applications import demo_applicant_application
from demo.credential_histories import demo_endorsements
from demo.credentials import demo_lifecycle, demo_reviewer_endorsements
from demo.fees import demo_invoices
from demo.portfolios import demo_applicant_portfolio, demo_portfolios
from demo.review import (
    bulk_review_workload,
    demo_overdue_review,
    demo_review_inbox,
    demo_third_reviewer,
)
from demo.rsc_sessions import demo_applicant_sessions, demo_sessions
from demo.trainings import DEMO_ACCOUNTS as TRAINING_ACCOUNTS
from demo.trainings import demo_trainings

PASSWORD = DEMO_PASSWORD
# The people seed_demo adds for the demo's complete path (listed with the accounts).
DEMO_PATH_ACCOUNTS = [
    ("applicant2@example.org", "Applicant: a submitted IFA application waiting for reviewers"),
    ("applicant3@example.org", "Applicant: an IFA application whose review is overdue"),
    ("reviewer3@example.org", "Reviewer (no conflicts; holds IMHS and IFRS)"),
    ("emerging@example.org", "Holder: IFRS endorsed as emerging"),
    ("lapsed@example.org", "Holder: IFA lapsed last month, can ask to reinstate"),
]
BATCH = 2000


def seed_demo(*, applicants: int = 0, seed: int = 2026, progress: bool = True, stdout=None):
    """Ensure the demo accounts; add `applicants` generated applicants. Returns the accounts."""
    accounts = demo_accounts_ensure()
    accounts += DEMO_PATH_ACCOUNTS
    demo_applicant_sessions(email="applicant@example.org")
    demo_applicant_portfolio(user=User.objects.get(email="applicant@example.org"))
    demo_applicant_application(user=User.objects.get(email="applicant@example.org"))
    demo_reviewer_endorsements()
    demo_review_inbox()
    # The complete path: two eligible, unconflicted reviewers for the waiting application, an
    # overdue review, an emerging holder and a lapsed holder who can reinstate.
    demo_third_reviewer()
    demo_overdue_review()
    demo_lifecycle()
    # The training catalog, and the fee schedule with its invoices.
    demo_trainings()
    accounts += TRAINING_ACCOUNTS
    demo_invoices()
    if applicants:
        bulk_applicants(count=applicants, seed=seed, progress=progress)
    return accounts


def bulk_applicants(*, count: int, seed: int, progress: bool) -> list[int]:
    """Create `count` verified applicant accounts quickly; returns their ids."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.utils import timezone

    fake = Faker("en_US")
    Faker.seed(seed)
    rng = random.Random(seed)
    # One hash shared by every generated account: hashing 100,000 passwords would take hours.
    password = make_password(DEMO_PASSWORD)
    group, _ = Group.objects.get_or_create(name=Role.APPLICANT)
    start = User.objects.count()
    ids: list[int] = []
    now = timezone.now()
    bar = tqdm(total=count, desc="applicants", disable=not progress, unit="person")
    for offset in range(0, count, BATCH):
        size = min(BATCH, count - offset)
        users = [
            User(
                email=f"applicant{start + offset + i}.{rng.randrange(10**6)}@demo.example.org",
                given_name=fake.first_name(),
                family_name=fake.last_name(),
                password=password,
                email_verified_at=now,
            )
            for i in range(size)
        ]
        with transaction.atomic():
            created = User.objects.bulk_create(users)
            User.groups.through.objects.bulk_create(
                [User.groups.through(user_id=u.pk, group_id=group.pk) for u in created]
            )
        ids.extend(u.pk for u in created)
        bar.update(size)
    bar.close()
    # Portfolios in every state of completeness: empty, profile only, partial, full for IFA.
    bar = tqdm(total=len(ids), desc="portfolios", disable=not progress, unit="person")
    demo_portfolios(users=ids, rng=rng, fake=fake, progress=bar.update)
    bar.close()
    # RSC logs: about 10 sessions a person, weekly with one main provider.
    demo_sessions(user_ids=ids, rng=rng, progress=progress)
    # Credentials with years of history (renewals, lapses, reinstatements) for the reports.
    demo_endorsements(user_ids=ids, rng=rng, progress=progress)
    # Reviewers and applications in every inbox status, so the review pages meet a real load.
    bulk_review_workload(user_ids=ids, rng=rng, progress=progress)
    # Bulk loads leave the planner's statistics stale until autovacuum comes round (a query
    # planned on "76 rows" that meets 40,000 takes a hundred times longer), and leave every new
    # name in the trigram indexes' pending lists, which each registry search then reads end to
    # end (23 ms against 0.1 ms). VACUUM ANALYZE settles both; it needs autocommit, which
    # management commands run in.
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return ids
