"""Gather plain facts from the evidence apps for the rules engine (`competencies.rules`).

This is where rules about evidence meet the workflow: which categories an RSC provider held on
each session's date comes from the endorsement history kept here, so evidence apps never need
to know about credentials. Everything is read in a constant number of queries per person.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from applicants import selectors as applicant_selectors
from competencies import rules
from endorsements.models import Endorsement, EndorsementEvent, EndorsementStatus
from memberships import selectors as membership_selectors
from reflective_supervision import selectors as rsc_selectors

CURRENT = {EndorsementStatus.ACTIVE, EndorsementStatus.EMERGING}

# Facts that only apps above the workflow know (the fees app: what is invoiced and paid) reach
# the engine through a source they register here when ready, so the workflow never imports
# them. Without one (the app not installed) nothing is owed.
_fee_dues_source: Callable[..., tuple[rules.FeeDue, ...]] | None = None


def fee_dues_source_register(source: Callable[..., tuple[rules.FeeDue, ...]]) -> None:
    """Register `source(*, application) -> tuple[rules.FeeDue, ...]` (fees.apps does)."""
    global _fee_dues_source
    _fee_dues_source = source


# An application owes the fees before submission while the applicant can still change it,
# those before the decision once it has been submitted.
_BEFORE_SUBMISSION = frozenset({"draft", "deferred"})


def fee_facts(*, application) -> rules.FeeFacts:
    """The fees invoiced for `application` and what is left to pay, with its stage."""
    stage = "submission" if application.status in _BEFORE_SUBMISSION else "decision"
    dues = _fee_dues_source(application=application) if _fee_dues_source else ()
    return rules.FeeFacts(stage=stage, dues=tuple(dues))


@dataclass(frozen=True)
class HeldPeriod:
    """A category held (active or emerging) from `start` to `end` inclusive (None: ongoing)."""

    category_code: str
    start: date
    end: date | None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def held_periods_for_users(user_ids) -> dict[int, list[HeldPeriod]]:
    """Every period in which each user held an endorsement, from the credential history.

    Two queries whatever the number of users: endorsements, then their events.
    """
    endorsements = {
        e.pk: e
        for e in Endorsement.objects.filter(holder_id__in=set(user_ids)).select_related("category")
    }
    periods: dict[int, list[HeldPeriod]] = defaultdict(list)
    events = EndorsementEvent.objects.filter(endorsement_id__in=endorsements).order_by(
        "endorsement_id", "effective_on", "pk"
    )
    open_since: dict[int, date] = {}
    for event in events:
        endorsement = endorsements[event.endorsement_id]
        held = event.to_status in CURRENT
        start = open_since.get(event.endorsement_id)
        if held and start is None:
            open_since[event.endorsement_id] = event.effective_on
        elif not held and start is not None:
            periods[endorsement.holder_id].append(
                HeldPeriod(endorsement.category.code, start, event.effective_on - timedelta(days=1))
            )
            del open_since[event.endorsement_id]
    for endorsement_id, start in open_since.items():
        endorsement = endorsements[endorsement_id]
        periods[endorsement.holder_id].append(HeldPeriod(endorsement.category.code, start, None))
    return periods


def categories_held_on(periods: list[HeldPeriod], day: date) -> frozenset[str]:
    return frozenset(p.category_code for p in periods if p.covers(day))


def rsc_session_facts(*, user, on: date | None = None) -> tuple[rules.RSCSession, ...]:
    """The person's RSC sessions as engine facts, with each provider's categories on the day."""
    sessions = list(rsc_selectors.sessions_for_user(user=user, end=on))
    portal_provider_ids = {
        s.provider.user_id for s in sessions if s.provider and s.provider.user_id
    }
    held = held_periods_for_users(portal_provider_ids) if portal_provider_ids else {}
    claimed: dict[int, frozenset[str]] = {}
    outside = {s.provider_id for s in sessions if s.provider and not s.provider.user_id}
    if outside:
        from reflective_supervision.models import Provider

        for provider in Provider.objects.filter(pk__in=outside).prefetch_related(
            "claimed_categories"
        ):
            claimed[provider.pk] = frozenset(c.code for c in provider.claimed_categories.all())
    facts = []
    for s in sessions:
        provider = s.provider
        if provider is None:
            key, name, categories, vetted = "", "", frozenset(), False
        elif provider.user_id:
            key = f"user:{provider.user_id}"
            name = provider.name
            categories = categories_held_on(held.get(provider.user_id, []), s.date)
            vetted = provider.vetted
        else:
            key = f"provider:{provider.pk}"
            name = provider.name
            # An outside provider's endorsement counts once a coordinator has vetted it.
            categories = claimed.get(provider.pk, frozenset()) if provider.vetted else frozenset()
            vetted = provider.vetted
        facts.append(
            rules.RSCSession(
                date=s.date,
                minutes=s.duration_minutes,  # summed in minutes by the engine
                provider_key=key,
                provider_name=name,
                provider_categories_on_date=categories,
                provider_vetted=vetted,
                peer=s.peer or provider is None,
                focus=s.focus,
                confirmed=s.status,
                id=s.pk,
                age_band=s.age_band,
            )
        )
    return tuple(facts)


def evidence_facts(*, user, on: date) -> rules.PortfolioFacts:
    """Education, work, leadership, training and attestations as engine facts (no RSC, no
    references: see `portfolio_facts`)."""
    evidence = applicant_selectors.evidence_for_user(user)
    degrees = tuple(
        rules.Degree(
            level=d.degree_level,
            field=d.field_of_study,
            year=d.year,
            id=d.pk,
            completed_on=d.completed_on,
        )
        for d in evidence.degrees
    )
    work = [
        rules.WorkPeriod(
            start=w.start_date,
            end=w.end_date,
            hours_per_week=w.hours_per_week,
            paid=w.paid,
            families_served=w.families_served or 0,
            kind=w.kind,
            id=w.pk,
            age_band=w.age_band,
        )
        for w in evidence.work
    ]
    work += [
        rules.WorkPeriod(
            start=a.start_date,
            end=a.end_date,
            kind=a.kind,  # policy, faculty, research or administration
            id=-a.pk,  # negative: a leadership activity, not a work row
        )
        for a in evidence.leadership
    ]
    trainings = tuple(
        rules.Training(
            date=t.date,
            minutes=t.minutes,
            competency_ids=frozenset(c.pk for c in t.competencies.all()),
            dei=t.dei,
            rsc_provision=t.rsc_provision,
            id=t.pk,
            title=t.title,
            verified=t.verified,
        )
        for t in evidence.trainings
    )
    return rules.PortfolioFacts(
        degrees=degrees,
        work=tuple(work),
        trainings=trainings,
        attestations=rules.Attestations(memberships=membership_facts(user=user)),
    )


def membership_facts(*, user) -> tuple[rules.MembershipPeriod, ...]:
    """The person's membership records and any claim waiting, as engine facts (one query).
    What the applicant typed in their profile counts only once a coordinator confirmed it."""
    return tuple(
        rules.MembershipPeriod(
            starts_on=m.starts_on,
            ends_on=m.ends_on,
            association=m.association.name if m.association_id else "",
            claimed=m.status == "claimed",
            number=m.number,
        )
        for m in membership_selectors.membership_facts(user=user)
    )


def portfolio_facts(
    *,
    user,
    on: date,
    references: tuple[rules.Reference, ...] = (),
    ethics_signed: bool = False,
    no_sanctions_attested: bool = False,
    provides_rsc: bool | None = None,
    fees: rules.FeeFacts | None = None,
) -> rules.PortfolioFacts:
    """Everything the engine needs about one person on `on`.

    References, attestations and fees belong to an application or a renewal, so the caller
    passes them in.
    """
    base = evidence_facts(user=user, on=on)
    return rules.PortfolioFacts(
        degrees=base.degrees,
        work=base.work,
        trainings=base.trainings,
        rsc_sessions=rsc_session_facts(user=user, on=on),
        references=references,
        attestations=rules.Attestations(
            ethics_signed=ethics_signed,
            memberships=base.attestations.memberships,
            no_sanctions_attested=no_sanctions_attested,
            provides_rsc=provides_rsc,
        ),
        fees=fees or rules.FeeFacts(),
    )
