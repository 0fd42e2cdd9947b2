"""Demo RSC logs for `seed_demo`: realistic, and fast enough for 100,000 people.

Driven from `demo.seed`. Bulk rows go in with
bulk_create in batches; the history of status changes is written only for the demo applicant
(the bulk rows are seeded as if confirmed long ago, before history was kept).
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from accounts.models import User
from reflective_supervision.models import Provider, SessionStatusChange, SupervisionSession

BATCH = 5000
SUPERVISEES_PER_PROVIDER = 40
Session = SupervisionSession
Status = Session.Status

FIRST = ["Mina", "Otto", "Grace", "Luis", "Amara", "Ines", "Tomas", "Keiko", "Ruth", "Samir"]
LAST = ["Patel", "Berg", "Okafor", "Reyes", "Nguyen", "Silva", "Kowalski", "Haddad", "Lee", "Moss"]


def demo_sessions(*, user_ids: list[int], rng: random.Random, progress: bool = False) -> int:
    """Give each user a realistic RSC log; returns the number of sessions created.

    About 10 sessions a person on average (some have none yet): weekly or fortnightly with one
    main provider, now and then another provider or a group, the older ones mostly confirmed,
    a few disputed, some peer supervision. Providers are shared, ~40 supervisees each.
    """
    if not user_ids:
        return 0
    today = timezone.localdate()
    now = timezone.now()
    providers = _demo_providers(count=max(3, len(user_ids) // SUPERVISEES_PER_PROVIDER), rng=rng)
    Through = Provider.supervisees.through
    bar = tqdm(total=len(user_ids), desc="RSC logs", disable=not progress, unit="person")
    created = 0
    sessions: list[Session] = []
    links: set[tuple[int, int]] = set()

    def flush():
        nonlocal created
        with transaction.atomic():
            Session.objects.bulk_create(sessions, batch_size=BATCH)
            Through.objects.bulk_create(
                [Through(provider_id=p, user_id=u) for p, u in links],
                batch_size=BATCH,
                ignore_conflicts=True,
            )
        created += len(sessions)
        sessions.clear()
        links.clear()

    for user_id in user_ids:
        count = rng.choice((0, 0, 4, 6, 8, 10, 12, 12, 14, 16, 20, 24))
        main = rng.choice(providers)
        other = rng.choice(providers)
        every = rng.choice((1, 1, 1, 2))
        start = today - dt.timedelta(weeks=every * count + rng.randrange(0, 40))
        confirms = rng.random() < 0.6
        mentor = rng.random() < 0.1
        length = rng.choice((60, 60, 60, 90, 45, 120))
        for i in range(count):
            day = start + dt.timedelta(weeks=every * i, days=rng.choice((0, 0, 0, 1, -1)))
            if day > today:
                break
            peer = rng.random() < 0.03
            provider = None if peer else (other if rng.random() < 0.12 else main)
            group = rng.random() < 0.15
            status, attested = Status.UNCONFIRMED, None
            if provider is not None and confirms and (today - day).days > 60:
                status = Status.DISPUTED if rng.random() < 0.02 else Status.CONFIRMED
                attested = now - dt.timedelta(days=rng.randrange(1, 50))
            sessions.append(
                Session(
                    supervisee_id=user_id,
                    date=day,
                    duration_minutes=length,
                    format=Session.Format.GROUP if group else Session.Format.INDIVIDUAL,
                    group_size=rng.randint(3, 8) if group else None,
                    modality=rng.choice((Session.Modality.IN_PERSON, Session.Modality.VIRTUAL)),
                    focus=Session.Focus.RSC_PROVIDED
                    if mentor and i % 2
                    else Session.Focus.OWN_WORK,
                    provider_id=provider.pk if provider else None,
                    peer=peer,
                    status=status,
                    attested_at=attested,
                    provider_comment="We met for less time that week."
                    if status == Status.DISPUTED
                    else "",
                )
            )
            if provider is not None:
                links.add((provider.pk, user_id))
        bar.update(1)
        if len(sessions) >= BATCH:
            flush()
    flush()
    bar.close()
    return created


def _demo_providers(*, count: int, rng: random.Random) -> list[Provider]:
    tag = rng.randrange(10**6)
    providers = [
        Provider(
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            email=f"rsc.provider{i}.{tag}@demo.example.org",
            endorsement_number=f"{rng.randrange(10000, 99999)}",
            association_name="Connecticut Association for Infant Mental Health",
        )
        for i in range(count)
    ]
    return Provider.objects.bulk_create(providers, batch_size=BATCH)


@transaction.atomic
def demo_applicant_sessions(*, email: str = "applicant@example.org") -> int:
    """A few sessions for the demo applicant (idempotent: only when they have none).

    Weekly individual RSC with one provider: the older ones confirmed (with history), one
    disputed, the recent ones unconfirmed so that "Ask ... to confirm" shows on the log page.
    """
    user = User.objects.filter(email=email).first()
    if user is None or user.rsc_sessions.exists():
        return 0
    provider, _ = Provider.objects.get_or_create(
        email="mina.patel@demo.example.org",
        defaults={
            "name": "Dr. Mina Patel",
            "endorsement_number": "30412",
            "association_name": "Connecticut Association for Infant Mental Health",
        },
    )
    provider.supervisees.add(user)
    today = timezone.localdate()
    start = today - dt.timedelta(weeks=10)
    rows = []
    for i in range(10):
        day = start + dt.timedelta(weeks=i)
        status = Status.CONFIRMED if i < 6 else Status.UNCONFIRMED
        if i == 5:
            status = Status.DISPUTED
        rows.append(
            Session(
                supervisee=user,
                provider=provider,
                date=day,
                duration_minutes=90 if i % 3 == 0 else 60,
                format=Session.Format.GROUP if i == 4 else Session.Format.INDIVIDUAL,
                group_size=5 if i == 4 else None,
                modality=Session.Modality.VIRTUAL if i % 2 else Session.Modality.IN_PERSON,
                focus=Session.Focus.OWN_WORK,
                status=status,
                attested_at=timezone.now() if status != Status.UNCONFIRMED else None,
                provider_comment="I was away that week; we did not meet." if i == 5 else "",
                private_notes="Thinking about the Lee family's first visit." if i == 0 else "",
            )
        )
    created = Session.objects.bulk_create(rows)
    SessionStatusChange.objects.bulk_create(
        SessionStatusChange(
            session=s,
            from_status=Status.UNCONFIRMED,
            to_status=s.status,
            note="answered_by_provider:demo",
        )
        for s in created
        if s.status != Status.UNCONFIRMED
    )
    return len(created)
