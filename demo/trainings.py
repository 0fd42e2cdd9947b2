"""Demo data for the training catalog (called by `seed_demo`): a training provider with a staff
member, the seed training (Caring, Coping and Competence, December 2023) approved with its
attendance roster, and a handful of other trainings, upcoming and past, one still waiting for a
coordinator. Everything goes through the services, as a provider and a coordinator would.
Idempotent: a second run finds the provider and changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from applicants.models import Language, Region
from competencies.models import Competency, CompetencyDomain, EndorsementCategory
from demo.accounts import DEMO_PASSWORD
from organisations.models import Membership, Organisation, OrganisationKind, OrganisationStatus
from trainings.models import TrainingStatus
from trainings.services import attendance, catalog

PROVIDER_NAME = "Infant Mental Health Training Institute"
PROVIDER_EMAIL = "provider@example.org"
DEMO_ACCOUNTS = [(PROVIDER_EMAIL, "Training provider staff (the catalog's provider pages)")]

SEED_TRAINING = {
    "title": (
        "Caring, Coping and Competence in Working with Infants and Young Children with "
        "Special Health Care Needs"
    ),
    "description": (
        "Nearly 2.5 million children ages 0-5 in the United States have special health care "
        "needs. This track discusses the context for relationship development when a baby has "
        "special health care needs, introduces a model which helps build understanding of "
        "neurobehavioral and relationship development in these children, and explores tools "
        "for professionals working with them and their families, through case examples, joint "
        "ideation, systems-level engagement and action steps. Designed for IECMH and ECE "
        "professionals."
    ),
    "learning_objectives": (
        "Apply infant mental health concepts to work with medically fragile babies, young "
        "children and families\n"
        "Describe how medical complexity impacts baby and family development\n"
        "Utilize aspects of the BABIES and PreSTEPS model to enhance regulation, reflection and "
        "relationships in working with babies and families\n"
        "Explain how working with babies and young children with special health care needs "
        "necessitates using reflective practice"
    ),
    "starts_on": date(2023, 12, 5),
    "ends_on": date(2023, 12, 6),
    "sessions": "5 December 2023, 9:00 to 16:00\n6 December 2023, 9:00 to 16:00",
    "minutes": 12 * 60,
    "dei_minutes": 90,
    "rsc_provision_minutes": 0,
    "format": "in_person",
    "location": "Hartford Conference Center, Hartford",
    "age_band": "both",
    # The seed's primary domain, "Health and Development Risk and Protective Factors", is taught
    # under these domains of the Competency Guidelines.
    "domain_names": ["Theoretical Foundations", "Direct Service Skills", "Reflection"],
    "area_names": [
        "Infant/very young child development & behavior",
        "Relationship-focused practice",
        "Disorders of infancy/early childhood",
        "Parent-infant/very young child relationship-based therapies & practices",
        "Parallel process",
    ],
    "category_codes": ["IFS", "IFRS", "ECFS", "ECFRS", "IMHS", "ECMHS"],
}


def _others(today: date) -> list[dict]:
    base = {
        "sessions": "",
        "dei_minutes": 0,
        "rsc_provision_minutes": 0,
        "location": "",
        "age_band": "infant",
        "category_codes": ["IFA", "IFS"],
    }
    return [
        {
            **base,
            "title": "Reflective Supervision: Holding the Holder",
            "description": "A live online series for supervisors who provide RSC.",
            "learning_objectives": "Describe the parallel process\nPlan a reflective session",
            "starts_on": today + timedelta(days=30),
            "ends_on": today + timedelta(days=51),
            "sessions": "Four Tuesdays, 12:00 to 13:30",
            "minutes": 6 * 60,
            "rsc_provision_minutes": 6 * 60,
            "format": "virtual_live",
            "domain_names": ["Reflection"],
            "area_names": ["Parallel process", "Self-awareness"],
            "category_codes": ["IFRS", "IMHM-C", "ECFRS", "ECMHM-C"],
        },
        {
            **base,
            "title": "Equidad y relaciones tempranas",
            "description": (
                "Una jornada sobre equidad, cultura y relaciones en la primera infancia."
            ),
            "learning_objectives": "Reconocer el sesgo implícito\nPlanificar prácticas equitativas",
            "starts_on": today + timedelta(days=60),
            "ends_on": today + timedelta(days=60),
            "minutes": 6 * 60,
            "dei_minutes": 6 * 60,
            "format": "in_person",
            "language": "Spanish",
            "location": "Biblioteca Pública, New Haven",
            "age_band": "both",
            "domain_names": ["Theoretical Foundations"],
            "area_names": ["Cultural competence"],
        },
        {
            **base,
            "title": "Observation and Screening in Home Visiting",
            "description": "Self-paced modules on observing and screening young children at home.",
            "learning_objectives": "Use a screening tool\nShare results with families",
            "starts_on": today - timedelta(days=200),
            "ends_on": today - timedelta(days=200),
            "minutes": 4 * 60 + 30,
            "format": "self_paced",
            "domain_names": ["Direct Service Skills"],
            "area_names": ["Observation & listening", "Screening & assessment"],
        },
        {
            **base,
            "title": "Ethics and Law for Early Childhood Practice",
            "description": "Confidentiality, mandated reporting and agency policy.",
            "learning_objectives": "Explain mandated reporting\nApply the Code of Ethics",
            "starts_on": today + timedelta(days=90),
            "ends_on": today + timedelta(days=90),
            "minutes": 3 * 60,
            "format": "virtual_live",
            "domain_names": ["Law, Regulation & Agency Policy"],
            "area_names": ["Ethical practice", "Government, law & regulation"],
            "status": TrainingStatus.PENDING,  # waiting for a coordinator
        },
    ]


def _data(spec: dict, region) -> dict:
    language = Language.objects.filter(name=spec.get("language", "English")).first()
    return {
        "title": spec["title"],
        "description": spec["description"],
        "learning_objectives": spec["learning_objectives"],
        "starts_on": spec["starts_on"],
        "ends_on": spec["ends_on"],
        "sessions": spec["sessions"],
        "minutes": spec["minutes"],
        "dei_minutes": spec["dei_minutes"],
        "rsc_provision_minutes": spec["rsc_provision_minutes"],
        "format": spec["format"],
        "language": language or Language.objects.order_by("name").first(),
        "location": spec["location"],
        "region": region if spec["location"] else None,
        "age_band": spec["age_band"],
        "domains": list(
            CompetencyDomain.objects.filter(edition__active=True, name__in=spec["domain_names"])
        ),
        "competencies": list(
            Competency.objects.filter(domain__edition__active=True, name__in=spec["area_names"])
        ),
        "categories": list(EndorsementCategory.objects.filter(code__in=spec["category_codes"])),
    }


@transaction.atomic
def demo_trainings() -> None:
    if Organisation.objects.filter(name=PROVIDER_NAME).exists():
        return
    coordinator = User.objects.filter(email="coordinator@example.org").first()
    if coordinator is None:
        return
    organisation = Organisation.objects.create(
        name=PROVIDER_NAME,
        kind=OrganisationKind.TRAINING_PROVIDER,
        status=OrganisationStatus.APPROVED,
        purpose="Trainings built for endorsement and renewal.",
        decided_at=timezone.now(),
        decided_by=coordinator,
    )
    staff = User.objects.filter(email=PROVIDER_EMAIL).first() or User.objects.create_user(
        email=PROVIDER_EMAIL,
        password=DEMO_PASSWORD,
        given_name="Priya",
        family_name="Trainer",
        email_verified_at=timezone.now(),
    )
    Membership.objects.create(organisation=organisation, user=staff)
    region = Region.objects.order_by("order", "name").first()
    today = timezone.localdate()
    made = []
    for spec in [SEED_TRAINING, *_others(today)]:
        training = catalog.catalog_training_submit(
            organisation=organisation, user=staff, data=_data(spec, region)
        )
        if spec.get("status") != TrainingStatus.PENDING:
            catalog.catalog_training_transition(
                training=training, to=TrainingStatus.APPROVED, actor=coordinator
            )
        made.append(training)
    # The seed training's roster: the demo applicant for the whole training, a reviewer who
    # left early, and someone with no account yet (invited by email).
    seed = made[0]
    seed.refresh_from_db()
    roster = attendance.roster_upload(
        training=seed,
        user=staff,
        filename="caring-coping-competence-attendance.xlsx",
        lines=[
            {"line": 2, "name": "", "email": "applicant@example.org", "hours": ""},
            {"line": 3, "name": "", "email": "reviewer@example.org", "hours": "6"},
            {"line": 4, "name": "Rosa Delgado", "email": "rosa.delgado@example.net", "hours": "12"},
        ],
    )
    attendance.roster_confirm(roster=roster, user=staff)
