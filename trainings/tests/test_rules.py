"""Verified trainings in the rules: counted like logged ones, shown apart, a share of the hours
required from them (a requirement set's data), and audits that need no evidence for them."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from competencies.checklist_text import item_explanation, label_for
from competencies.rules import PortfolioFacts, RequirementSpec, evaluate_application
from competencies.rules.items import verified_trainings_cover
from competencies.tests.factories import training

ON = date(2026, 6, 1)


def spec(**kwargs):
    return RequirementSpec(category_code="IFA", training_hours=Decimal(30), **kwargs)


def items(checklist):
    return {item.code: item for item in checklist.items}


def test_verified_training_counts_like_a_logged_one_and_is_shown_apart():
    facts = PortfolioFacts(
        trainings=(
            training(date(2026, 1, 5), "12", verified=True),
            training(date(2026, 2, 5), "18"),
        )
    )

    item = items(evaluate_application(facts, spec(), on=ON))["training_hours"]

    assert item.met
    assert item.params["actual_minutes"] == 30 * 60
    assert item.params["verified_minutes"] == 12 * 60
    with translation.override("en"):
        sentence = item_explanation({"code": item.code, "params": item.params, "met": item.met})
    assert "12 hours verified by the provider, 18 hours self-reported" in sentence


# A requirement set may ask for a share of the training hours from verified trainings (data on
# the requirement set, default 0). Boundary: 50% of 30 hours is 15 hours, in minutes.
@pytest.mark.parametrize(("verified_hours", "met"), [("14.95", False), ("15", True), ("30", True)])
def test_verified_share_is_met_at_its_boundary(verified_hours, met):
    facts = PortfolioFacts(
        trainings=(
            training(date(2026, 1, 5), verified_hours, verified=True),
            training(date(2026, 2, 5), "30"),
        )
    )

    checklist = evaluate_application(
        facts, spec(training_verified_share_percent=Decimal(50)), on=ON
    )

    item = items(checklist)["training_verified_share"]
    assert item.met is met
    assert item.params["required_minutes"] == 15 * 60


def test_no_share_item_by_default_and_its_words():
    facts = PortfolioFacts(trainings=(training(date(2026, 1, 5), "30"),))

    assert "training_verified_share" not in items(evaluate_application(facts, spec(), on=ON))
    with translation.override("en"):
        text = item_explanation(
            {
                "code": "training_verified_share",
                "met": False,
                "params": {"verified_minutes": 600, "required_minutes": 900, "share_percent": 50},
            }
        )
        label = label_for("training_verified_share")
    assert text == (
        "10 hours of 15 hours from trainings verified by their providers "
        "(50% of the training hours)."
    )
    assert label == "Training verified by its providers"


def test_audit_needs_no_evidence_only_when_verified_trainings_meet_every_hour():
    covered = [
        {"code": "training_hours", "params": {"required_hours": "30", "verified_minutes": 1800}}
    ]
    short = [
        {"code": "training_hours", "params": {"required_hours": "30", "verified_minutes": 1799}}
    ]
    rsc_owed = covered + [{"code": "rsc_hours", "params": {"required_hours": "12"}}]
    frozen_before_catalog = [{"code": "training_hours", "params": {"required_hours": "30"}}]

    assert verified_trainings_cover(covered)
    assert not verified_trainings_cover(short)
    assert not verified_trainings_cover(rsc_owed)
    assert not verified_trainings_cover(frozen_before_catalog)
    assert not verified_trainings_cover([])


@pytest.mark.django_db
def test_facts_carry_the_verified_flag_and_hidden_ones_are_left_out():
    from accounts.tests.factories import applicant
    from applicants import services
    from endorsements.facts import evidence_facts

    person = applicant()
    data = {
        "title": "Caring",
        "provider": "Institute",
        "date": date(2026, 1, 5),
        "minutes": 600,
        "format": "in_person",
    }
    kept = services.training_record_verified(user=person, data=dict(data), competency_ids=[])
    hidden = services.training_record_verified(user=person, data=dict(data), competency_ids=[])
    services.training_verified_choose(training=hidden, choice="hidden")

    facts = evidence_facts(user=person, on=ON)

    assert [(t.id, t.verified) for t in facts.trainings] == [(kept.pk, True)]


def test_verified_hours_apart_in_spanish():
    params = {"actual_minutes": 1800, "verified_minutes": 720, "required_hours": Decimal(30)}

    with translation.override("es"):
        text = item_explanation({"code": "training_hours", "params": params, "met": True})

    assert "12 horas verificadas por el proveedor, 18 horas declaradas por usted" in text
