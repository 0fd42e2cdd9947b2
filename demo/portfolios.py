"""Demo portfolios for `seed_demo`: fast bulk builders and the demo applicant's portfolio.

`demo_portfolios` spreads people over every state of completeness (empty, profile only,
partial, full for IFA) with bulk_create in batches, fast enough for 100,000 people. Generated
people get no uploaded files: 100,000 copies of a PDF would only fill a disk.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from applicants import services
from applicants.models import (
    AgeBand,
    Agency,
    ApplicantProfile,
    County,
    Education,
    Language,
    LeadershipActivity,
    ProgramType,
    Training,
    TrainingFormat,
    WorkExperience,
)
from applicants.uploads import check_upload
from competencies.selectors import domains_for_edition, edition_in_effect

BATCH = 2000
# Share of generated people in each state, in order.
STATES = (("empty", 0.2), ("profile_only", 0.2), ("partial", 0.3), ("full_ifa", 0.3))

TRAINING_TITLES = [
    "Attachment, separation and loss",
    "Pregnancy and early parenthood",
    "Infant development in the first year",
    "Relationship-focused practice",
    "Cultural humility with families",
    "Ethics in home visiting",
    "Observation and listening",
    "Trauma-informed care for young children",
    "Reflective practice basics",
    "Working with families under stress",
]
PROVIDERS = ["CT-AIMH", "Birth to Three", "Yale Child Study Center", "UConn Extension"]
INSTITUTIONS = [
    "University of Connecticut",
    "Southern Connecticut State University",
    "Central Connecticut State University",
    "Capital Community College",
    "Gateway Community College",
    "University of Hartford",
]
FIELDS = ["Child development", "Social work", "Psychology", "Early childhood education", "Nursing"]
JOB_TITLES = ["Home visitor", "Early interventionist", "Family support specialist", "Teacher"]
PROGRAM_WEIGHTS = [
    (ProgramType.BIRTH_TO_THREE, 4),
    (ProgramType.HEAD_START, 3),
    (ProgramType.HOME_VISITING, 4),
    (ProgramType.CHILD_WELFARE, 2),
    (ProgramType.IMH_CLINICAL, 2),
    (ProgramType.ECE, 3),
    (ProgramType.HEALTH_CARE, 1),
    (ProgramType.HIGHER_EDUCATION, 1),
]


def _agencies(*, rng: random.Random, fake, per_county: int = 6) -> list[Agency]:
    """A pool of agencies in every county (reused when it exists)."""
    existing = list(Agency.objects.all())
    if len(existing) >= per_county * County.objects.count():
        return existing
    types = [t for t, w in PROGRAM_WEIGHTS for _ in range(w)]
    for county in County.objects.all():
        for _ in range(per_county):
            program_type = rng.choice(types)
            name = f"{fake.city()} {ProgramType(program_type).label.split(' /')[0]}"
            services.agency_get_or_create(name=name, program_type=program_type, county=county)
    return list(Agency.objects.select_related("county"))


def _ifa_area_ids() -> list[list[int]]:
    """For each domain an IFA applicant must cover, the ids of its IFA-level areas."""
    edition = edition_in_effect(on=timezone.localdate())
    if edition is None:
        return []
    return [
        [c.pk for c in domain.competencies.all() if c.applies_from_level <= 1]
        for domain in domains_for_edition(edition=edition)
        if not domain.mentor_only
    ]


def _state_for(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for state, share in STATES:
        total += share
        if roll < total:
            return state
    return STATES[-1][0]


class _Builder:
    """Collects rows for one batch of people, then writes them with bulk_create."""

    def __init__(self, *, rng, fake, agencies, languages, area_ids, today):
        self.rng, self.fake, self.today = rng, fake, today
        self.agencies, self.languages, self.area_ids = agencies, languages, area_ids
        self.english = next((lang for lang in languages if lang.name == "English"), None)
        self.reset()

    def reset(self):
        self.profiles, self.profile_languages = [], []
        self.education, self.work, self.trainings, self.leadership = [], [], [], []
        self.training_areas: list[list[int]] = []

    def profile(self, user_id: int, *, complete: bool):
        rng, fake = self.rng, self.fake
        agency = rng.choice(self.agencies)
        self.profiles.append(
            ApplicantProfile(
                user_id=user_id,
                phone=fake.numerify("860-555-####"),
                work_county_id=agency.county_id,
                agency=agency,
                job_title=rng.choice(JOB_TITLES),
                credentials=rng.choice(["", "", "CDA", "LCSW", "M.Ed."]),
                membership_number=f"CT-{user_id:06d}" if complete else "",
                membership_expires_on=self.today + timedelta(days=rng.randint(30, 700))
                if complete
                else None,
                directory_opt_in=rng.random() < 0.6,
            )
        )
        extra = [lang for lang in self.languages if lang != self.english]
        chosen = {self.english} if self.english else set()
        if extra and rng.random() < 0.3:
            chosen.add(rng.choice(extra))
        self.profile_languages.append(chosen)

    def degree(self, user_id: int, level: str):
        completed = date(
            self.rng.randint(1990, self.today.year - 3), self.rng.choice((5, 6, 12)), 15
        )
        self.education.append(
            Education(
                user_id=user_id,
                degree_level=level,
                field_of_study=self.rng.choice(FIELDS),
                institution=self.rng.choice(INSTITUTIONS),
                year=completed.year,
                completed_on=completed,
            )
        )

    def job(self, user_id: int, *, years: float):
        start = self.today - timedelta(days=int(365.25 * years) + self.rng.randint(0, 60))
        self.work.append(
            WorkExperience(
                user_id=user_id,
                employer=self.rng.choice(self.agencies).name,
                role=self.rng.choice(JOB_TITLES),
                kind="direct",
                start_date=start,
                end_date=None,
                hours_per_week=Decimal(self.rng.choice(["20", "30", "37.5", "40"])),
                families_served=self.rng.randint(10, 60),
                age_band=self.rng.choice([AgeBand.INFANT, AgeBand.INFANT, AgeBand.BOTH]),
                paid=True,
            )
        )

    def training(self, user_id: int, *, hours: Decimal, areas: list[int], dei: bool = False):
        day = self.today - timedelta(days=self.rng.randint(20, 900))
        self.trainings.append(
            Training(
                user_id=user_id,
                title=self.rng.choice(TRAINING_TITLES),
                provider=self.rng.choice(PROVIDERS),
                date=day,
                minutes=int(hours * 60),
                format=self.rng.choice(TrainingFormat.values),
                dei=dei,
            )
        )
        self.training_areas.append(areas)

    def person(self, user_id: int, state: str):
        rng = self.rng
        if state == "empty":
            return
        self.profile(user_id, complete=state != "profile_only")
        if state == "profile_only":
            return
        if state == "partial":
            if rng.random() < 0.7:
                self.degree(user_id, rng.choice(["associate", "bachelor", "cda"]))
            self.job(user_id, years=rng.uniform(0.3, 1.8))
            for _ in range(rng.randint(0, 3)):
                self.training(user_id, hours=Decimal(rng.choice([2, 3, 6])), areas=[])
            return
        # Full for IFA: a degree, over two years of paid direct work, 30+ hours of training
        # that together cover every domain an IFA must cover.
        self.degree(user_id, rng.choice(["associate", "bachelor", "bachelor", "master", "cda"]))
        self.job(user_id, years=rng.uniform(2.2, 8))
        domains = self.area_ids or [[]]
        per_training = max(1, -(-len(domains) // 5))  # five trainings share the domains
        for i in range(5):
            chunk = domains[i * per_training : (i + 1) * per_training]
            areas = [rng.choice(ids) for ids in chunk if ids]
            self.training(user_id, hours=Decimal("6.5"), areas=areas, dei=i == 0)
        if rng.random() < 0.1:
            self.leadership.append(
                LeadershipActivity(
                    user_id=user_id,
                    kind="policy",
                    title="Member, regional early childhood council",
                    organisation=f"{rng.choice(self.agencies).county} council",
                    start_date=self.today - timedelta(days=rng.randint(400, 2000)),
                )
            )

    @transaction.atomic
    def flush(self):
        from demo.memberships import demo_membership_rows

        profiles = ApplicantProfile.objects.bulk_create(self.profiles)
        # The association's record behind each complete profile's typed membership.
        demo_membership_rows(
            [
                (p.user_id, p.membership_number, p.membership_expires_on)
                for p in profiles
                if p.membership_expires_on
            ]
        )
        through = ApplicantProfile.languages.through
        through.objects.bulk_create(
            [
                through(applicantprofile_id=p.pk, language_id=lang.pk)
                for p, chosen in zip(profiles, self.profile_languages, strict=True)
                for lang in chosen
            ]
        )
        Education.objects.bulk_create(self.education)
        WorkExperience.objects.bulk_create(self.work)
        LeadershipActivity.objects.bulk_create(self.leadership)
        trainings = Training.objects.bulk_create(self.trainings)
        areas = Training.competencies.through
        areas.objects.bulk_create(
            [
                areas(training_id=t.pk, competency_id=c)
                for t, ids in zip(trainings, self.training_areas, strict=True)
                for c in ids
            ]
        )
        self.reset()


def demo_portfolios(*, users, rng: random.Random, fake, progress=None) -> dict[str, int]:
    """Build profiles and evidence for `users` (ids or User objects) in bulk.

    People who already have a profile are skipped. Returns how many people are in each state.
    `progress`, if given, is called with the number of people done after each batch.
    """
    ids = [getattr(u, "pk", u) for u in users]
    taken = set(ApplicantProfile.objects.filter(user_id__in=ids).values_list("user_id", flat=True))
    builder = _Builder(
        rng=rng,
        fake=fake,
        agencies=_agencies(rng=rng, fake=fake),
        languages=list(Language.objects.all()),
        area_ids=_ifa_area_ids(),
        today=timezone.localdate(),
    )
    counts = {state: 0 for state, _ in STATES}
    for offset in range(0, len(ids), BATCH):
        batch = ids[offset : offset + BATCH]
        for user_id in batch:
            if user_id in taken:
                continue
            state = _state_for(rng)
            counts[state] += 1
            builder.person(user_id, state)
        builder.flush()
        if progress is not None:
            progress(len(batch))
    return counts


def _demo_pdf(title: str) -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@transaction.atomic
def demo_applicant_portfolio(*, user, today: date | None = None) -> bool:
    """A nearly complete IFA portfolio for the demo applicant (idempotent).

    Complete profile, a degree with its transcript, three years of home visiting, and 24 of the
    30 training hours, so the checklist shows something still to do. Returns False when the
    applicant already has a profile.
    """
    from django.core.files.uploadedfile import SimpleUploadedFile

    if ApplicantProfile.objects.filter(user=user).exists():
        return False
    today = today or timezone.localdate()
    county = County.objects.filter(name="Hartford").first() or County.objects.first()
    agency = services.agency_get_or_create(
        name="Hartford Healthy Start Home Visiting",
        program_type=ProgramType.HOME_VISITING,
        county=county,
    )
    profile = ApplicantProfile.objects.create(
        user=user,
        preferred_name=f"{user.given_name} {user.family_name}",
        credentials="CDA",
        phone="860-555-0142",
        work_county=county,
        agency=agency,
        job_title="Home visitor",
        membership_number="CT-000142",
        membership_expires_on=today + timedelta(days=300),
        directory_opt_in=True,
    )
    profile.languages.set(Language.objects.filter(name__in=["English", "Spanish"]))
    from demo.memberships import demo_membership_claim

    # The typed number waits for the coordinator to confirm it (Memberships, claims).
    demo_membership_claim(
        user_id=user.pk, number=profile.membership_number, ends_on=profile.membership_expires_on
    )
    transcript = check_upload(
        SimpleUploadedFile("Associate degree transcript.pdf", _demo_pdf("Transcript"))
    )
    services.education_create(
        user=user,
        data={
            "degree_level": "associate",
            "field_of_study": "Early childhood education",
            "institution": "Capital Community College",
            "year": today.year - 6,
            "completed_on": date(today.year - 6, 5, 20),
        },
        transcript=transcript,
    )
    services.work_create(
        user=user,
        data={
            "employer": agency.name,
            "role": "Home visitor",
            "kind": "direct",
            "start_date": today - timedelta(days=3 * 365),
            "end_date": None,
            "hours_per_week": Decimal("37.5"),
            "families_served": 40,
            "age_band": AgeBand.INFANT,
            "paid": True,
        },
    )
    domains = _ifa_area_ids()
    for i, title in enumerate(TRAINING_TITLES[:4]):
        services.training_create(
            user=user,
            data={
                "title": title,
                "provider": PROVIDERS[i % len(PROVIDERS)],
                "date": today - timedelta(days=60 + 45 * i),
                "minutes": 6 * 60,
                "format": TrainingFormat.IN_PERSON,
                "dei": title.startswith("Cultural"),
            },
            # Leave the last domains uncovered: the checklist has something to show.
            competency_ids=[ids[0] for ids in domains[i * 2 : i * 2 + 1] if ids],
        )
    cv = check_upload(SimpleUploadedFile("CV.pdf", _demo_pdf("Curriculum vitae")))
    services.document_create(user=user, data={"kind": "cv", "title": "CV"}, file=cv)
    return True
