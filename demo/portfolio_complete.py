"""Demo portfolios that meet a requirement set: what `seed_demo` gives every application it
submits or endorses, so that no demo application is submitted or endorsed with an unmet item.

`portfolio_complete` reads the live checklist of an application and adds, for each item still
unmet, the evidence that meets it, worked out from the requirement set's own figures: change a
rule in the admin and the demo still obeys it. The rows are real (profile, degrees, work,
leadership, trainings tagged with competency areas, RSC sessions from a vetted provider, rated
references, the signature), written through the models as the bulk demo builders do. It ends by
evaluating the checklist again and refuses to return an incomplete one.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal

from django.utils import timezone

from applicants.models import (
    Agency,
    ApplicantProfile,
    County,
    Education,
    LeadershipActivity,
    ProgramType,
    Training,
    TrainingFormat,
    WorkExperience,
)
from competencies import rules
from competencies.models import RequirementSet
from competencies.selectors import domains_for_category, domains_for_edition, edition_in_effect
from endorsements.models import (
    Application,
    EthicsAttestation,
    RatingItem,
    ReferenceRelationship,
    ReferenceRequest,
    ethics_document_version,
)
from endorsements.selectors import Evaluation, application_evaluation
from reflective_supervision.models import Provider, SupervisionSession

RATERS = ("Maya Okafor", "Jordan Reyes", "Sam Lindqvist", "Ana Berg", "Lee Moss")
DEGREE_FOR = {"none": "associate", "cda": "associate", "associate": "associate"}


class DemoPortfolioIncomplete(Exception):
    """The builder could not meet an item: a rule it does not know how to meet."""


def _days(years: Decimal) -> int:
    return int((Decimal(years) * 365).to_integral_value(rounding=ROUND_CEILING))


def _band(spec: rules.RequirementSpec) -> str:
    for band in ("both", "infant", "early_childhood"):
        if not spec.age_bands or band in spec.age_bands:
            return band
    return "both"


class _Builder:
    def __init__(
        self,
        *,
        application: Application,
        requirement_set: RequirementSet,
        on: date,
        in_progress: frozenset[str] = frozenset(),
    ):
        self.application, self.user, self.on = application, application.applicant, on
        self.requirement_set = requirement_set
        self.in_progress = in_progress
        edition = edition_in_effect(on=on)
        self.domains = domains_for_edition(edition=edition) if edition else []
        self.spec = requirement_set.to_spec(domains=self.domains)
        self.now = timezone.now()

    # --- one method per checklist section --------------------------------------------------

    def degree(self) -> date:
        """A degree at the required level, completed long enough ago for post-graduate work."""
        level = DEGREE_FOR.get(self.spec.min_education_level, self.spec.min_education_level)
        completed = self.on - timedelta(days=_days(self.spec.work_years + 4))
        Education.objects.create(
            user=self.user,
            degree_level=level,
            field_of_study="Social work",
            institution="University of Connecticut",
            year=completed.year,
            completed_on=completed,
        )
        return completed

    def work(self) -> None:
        spec = self.spec
        start = self.on - timedelta(days=_days(spec.work_years + Decimal("0.5")))
        if spec.work_post_graduate:
            graduated, _assumed = rules.post_graduate_from(self._degrees(), spec, self.on)
            if graduated is None or graduated > start:
                graduated = self.degree()
            start = max(start, graduated + timedelta(days=1))
        WorkExperience.objects.create(
            user=self.user,
            employer="Hartford Healthy Start",
            role="Infant mental health clinician" if spec.work_post_graduate else "Home visitor",
            kind="direct",
            start_date=start,
            end_date=None,
            hours_per_week=Decimal("37.5"),
            families_served=max(spec.min_families_served, 12),
            age_band=_band(spec),
            paid=True,
        )

    def _degrees(self) -> tuple[rules.Degree, ...]:
        return tuple(
            rules.Degree(level=d.degree_level, year=d.year, completed_on=d.completed_on, id=d.pk)
            for d in Education.objects.filter(user=self.user)
        )

    def leadership(self) -> None:
        kinds = [k for k in rules.LEADERSHIP_ACTIVITY_KINDS if k in self.spec.leadership_kinds]
        LeadershipActivity.objects.create(
            user=self.user,
            kind=kinds[0] if kinds else "administration",
            title="Chair, regional infant mental health council",
            organisation="Connecticut Office of Early Childhood",
            start_date=self.on - timedelta(days=_days(self.spec.leadership_years + 1)),
        )

    def rsc_provision(self) -> None:
        WorkExperience.objects.create(
            user=self.user,
            employer="Hartford Healthy Start",
            role="Reflective supervisor",
            kind="rsc_provision",
            start_date=self.on - timedelta(days=_days(self.spec.rsc_provision_years + 1)),
            end_date=None,
            hours_per_week=Decimal("6"),
            age_band=_band(self.spec),
            paid=True,
        )

    def trainings(self) -> None:
        """Trainings covering every required domain, with the total, DEI and RSC-provision
        hours, each tagged with an area of the category's level."""
        spec = self.spec
        category = self.requirement_set.category
        areas = [
            found[0].pk
            for _domain, found in domains_for_category(category=category, domains=self.domains)
        ]
        areas = areas or [None]
        total = Decimal(spec.training_hours or 0)
        special = [("dei", spec.training_dei_hours)]
        if "training_rsc_provision" not in self.in_progress:
            special.append(("rsc_provision", spec.training_rsc_provision_hours))
        rows = [(flag, Decimal(hours)) for flag, hours in special if hours]
        left = max(total - sum(h for _f, h in rows), Decimal(0))
        per_area = (left / len(areas)).quantize(Decimal("0.25"), rounding=ROUND_CEILING)
        rows += [("", per_area)] * len(areas) if left else []
        for i, (flag, hours) in enumerate(rows):
            training = Training.objects.create(
                user=self.user,
                title=f"In-service training {i + 1}",
                provider="CT-AIMH",
                date=self.on - timedelta(days=30 + 7 * i),
                minutes=max(int(hours * 60), 60),
                format=TrainingFormat.IN_PERSON,
                dei=flag == "dei",
                rsc_provision=flag == "rsc_provision",
            )
            area = areas[i % len(areas)]
            if area is not None:
                training.competencies.set([area])

    def rsc(self) -> None:
        """RSC from one vetted provider, weekly over the span the rules ask for (14 months by
        default), ending a fortnight before `on`, with the hours about the RSC provided."""
        spec = self.spec
        months = 14
        if spec.rsc_span_min_months:
            months = max(months, spec.rsc_span_min_months + 1)
        limits = [m - 1 for m in (spec.rsc_span_max_months, spec.rsc_window_months) if m]
        if limits:
            months = min(months, *limits)
        last = self.on - timedelta(days=14)
        first = rules.months_before(last, months)
        needed = Decimal(spec.rsc_hours) + 2
        count = max(int(needed), 2)
        minutes = int((needed * 60 / count).to_integral_value(rounding=ROUND_CEILING))
        step = (last - first).days / (count - 1)
        provider = Provider.objects.create(
            name="Dr. Renata Alvarez",
            email=f"renata.alvarez.{secrets.token_hex(4)}@demo.example.org",
            endorsement_number="40117",
            association_name="Connecticut Association for Infant Mental Health",
            vetted=True,
            vetted_at=self.now,
            vetted_note="Demo data: endorsed in another association of the Alliance.",
        )
        provider.supervisees.add(self.user)
        focus_minutes = int(Decimal(spec.rsc_focus_provided_hours) * 60)
        sessions = []
        for i in range(count):
            focus = "rsc_provided" if focus_minutes > 0 else "own_work"
            focus_minutes -= minutes if focus == "rsc_provided" else 0
            sessions.append(
                SupervisionSession(
                    supervisee=self.user,
                    provider=provider,
                    date=first + timedelta(days=round(step * i)),
                    duration_minutes=minutes,
                    format=SupervisionSession.Format.INDIVIDUAL,
                    modality=SupervisionSession.Modality.VIRTUAL,
                    focus=focus,
                    age_band=_band(spec),
                    status=SupervisionSession.Status.CONFIRMED,
                    attested_at=self.now,
                )
            )
        SupervisionSession.objects.bulk_create(sessions)

    def references(self) -> None:
        spec = self.spec
        relationships = list(spec.reference_relationships)
        while len(relationships) < spec.references_required:
            relationships.append(ReferenceRelationship.COLLEAGUE)
        items = list(RatingItem.objects.filter(active=True).order_by("order", "pk"))
        answers = [
            {"item": it.pk, "domain": it.domain, "text": it.text, "rating": 4 + n % 2}
            for n, it in enumerate(items)
        ]
        endorsed = spec.references_endorsed_required
        for i, relationship in enumerate(relationships):
            name = RATERS[i % len(RATERS)]
            ReferenceRequest.objects.create(
                application=self.application,
                rater_name=name,
                rater_email=f"{name.split()[0].lower()}.{secrets.token_hex(3)}@example.org",
                relationship=relationship,
                rater_endorsed=i < endorsed,
                rater_endorsement_number=f"DEMO-{2000 + i}" if i < endorsed else "",
                # A number from another association's registry: it cannot be verified here,
                # so the coordinator has vetted the rater (an unverified claim never counts).
                vetted=i < endorsed,
                vetted_note="Demo: endorsed by another Alliance association, checked on its "
                "registry"
                if i < endorsed
                else "",
                vetted_at=self.now - timedelta(days=16) if i < endorsed else None,
                nonce=secrets.token_urlsafe(24),
                sent_at=self.now - timedelta(days=20),
                opened_at=self.now - timedelta(days=18),
                completed_at=self.now - timedelta(days=15 - i),
                expires_at=self.now + timedelta(days=10),
                answers=answers,
                comments="Reflective, warm and steady with families and colleagues.",
                not_enough_info_count=0,
            )

    def ethics(self) -> None:
        EthicsAttestation.objects.create(
            user=self.user,
            application=self.application,
            version=ethics_document_version(),
            typed_name=self.user.full_name,
            attested_at=self.now,
        )

    def membership(self) -> None:
        from demo.memberships import demo_membership_record

        profile = ApplicantProfile.objects.filter(user=self.user).first()
        expires = max(self.on, timezone.localdate()) + timedelta(days=365)
        # The checklist reads the association's record, not the typed date.
        demo_membership_record(
            user_id=self.user.pk, number=f"CT-{self.user.pk:06d}", ends_on=expires
        )
        if profile is not None:
            profile.membership_expires_on = expires
            profile.membership_number = profile.membership_number or f"CT-{self.user.pk:06d}"
            profile.save(update_fields=["membership_expires_on", "membership_number"])
            return
        county = County.objects.order_by("pk").first()
        agency = Agency.objects.filter(county=county).first() or Agency.objects.create(
            name="Hartford Healthy Start", program_type=ProgramType.HOME_VISITING, county=county
        )
        ApplicantProfile.objects.create(
            user=self.user,
            work_county=county,
            agency=agency,
            job_title="Home visitor",
            membership_number=f"CT-{self.user.pk:06d}",
            membership_expires_on=expires,
        )


SECTION_FOR_KEY = {
    "education": "degree",
    "work_years": "work",
    "families_served": "work",
    "leadership_years": "leadership",
    "rsc_provision_years": "rsc_provision",
    "training_hours": "trainings",
    "training_dei": "trainings",
    "training_rsc_provision": "trainings",
    "training_domains": "trainings",
    "rsc_hours": "rsc",
    "rsc_focus_provided": "rsc",
    "rsc_span": "rsc",
    "rsc_concentration": "rsc",
    "references": "references",
    "references_endorsed": "references",
    "reference_relationships": "references",
    "ethics": "ethics",
    "membership": "membership",
}


def portfolio_complete(
    *, application: Application, on: date | None = None, emerging: bool = False
) -> Evaluation:
    """Add to the applicant's portfolio (and this application's references and signature)
    what the checklist of `application` still misses on `on`, then return the evaluation.

    With `emerging`, the items the requirement set lets be in progress for an emerging
    endorsement are left as they are (the holder finishes them later); every other item is met.

    Side effects, in order: for each section with an unmet item, once: a degree, a job,
    a leadership activity, RSC-provision work, trainings, RSC sessions with a vetted provider,
    rated references, the signature, a current membership. Raises DemoPortfolioIncomplete
    when an item is still unmet (other than one left in progress).
    """
    on = on or timezone.localdate()
    evaluation = application_evaluation(application=application, on=on)
    if evaluation.requirement_set is None:
        raise DemoPortfolioIncomplete(f"No requirements in effect for {application.category}.")
    in_progress = evaluation.requirement_set.emerging_item_keys if emerging else frozenset()
    builder = _Builder(
        application=application,
        requirement_set=evaluation.requirement_set,
        on=on,
        in_progress=in_progress,
    )
    done: set[str] = set()
    for item in evaluation.checklist.missing:
        section = SECTION_FOR_KEY.get(item.key)
        if section is None or section in done or item.key in in_progress:
            continue
        done.add(section)
        getattr(builder, section)()
    evaluation = application_evaluation(application=application, on=on)
    unmet = [i for i in evaluation.checklist.missing if i.key not in in_progress]
    if unmet:
        missing = ", ".join(f"{i.key}: {i.explanation}" for i in unmet)
        raise DemoPortfolioIncomplete(f"{application.category.code}: {missing}")
    return evaluation
