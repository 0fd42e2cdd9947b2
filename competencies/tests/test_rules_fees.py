"""The "fees paid or waived" item: pure, facts in (what is invoiced and left to pay)."""

from datetime import date

from competencies.rules import (
    FeeDue,
    FeeFacts,
    PortfolioFacts,
    RequirementSpec,
    evaluate_application,
    fees_item,
)

SUBMISSION = frozenset({"registration"})
DECISION = frozenset({"processing", "exam"})


def test_no_fee_named_makes_no_item():
    assert fees_item(FeeFacts(), before_submission=frozenset(), before_decision=frozenset()) is None
    checklist = evaluate_application(PortfolioFacts(), RequirementSpec(), on=date(2026, 1, 1))
    assert "fees" not in [i.key for i in checklist.items]


def test_an_unpaid_registration_blocks_submission():
    facts = FeeFacts(stage="submission", dues=(FeeDue("registration", "CT-1", 2000, 2000),))

    item = fees_item(facts, before_submission=SUBMISSION, before_decision=DECISION)

    assert not item.met
    assert item.params["outstanding_cents"] == 2000
    assert item.params["outstanding"] == [{"kind": "registration", "number": "CT-1", "cents": 2000}]


def test_a_paid_or_waived_fee_meets_it():
    paid = FeeFacts(dues=(FeeDue("registration", "CT-1", 2000, 0),))
    waived = FeeFacts(dues=(FeeDue("registration", "CT-1", 2000, 0, waived=True),))

    assert fees_item(paid, before_submission=SUBMISSION, before_decision=DECISION).met
    item = fees_item(waived, before_submission=SUBMISSION, before_decision=DECISION)
    assert item.met and item.params["waived"] == 1


def test_decision_fees_count_only_once_submitted():
    unpaid_processing = (FeeDue("processing", "CT-2", 12500, 12500),)

    before = fees_item(
        FeeFacts(stage="submission", dues=unpaid_processing),
        before_submission=SUBMISSION,
        before_decision=DECISION,
    )
    after = fees_item(
        FeeFacts(stage="decision", dues=unpaid_processing),
        before_submission=SUBMISSION,
        before_decision=DECISION,
    )

    assert before.met  # processing is not asked before submission
    assert not after.met
    assert after.params["kinds"] == ["registration", "processing", "exam"]


def test_a_part_payment_leaves_the_rest_owed():
    facts = FeeFacts(stage="decision", dues=(FeeDue("processing", "CT-2", 12500, 2500),))

    item = fees_item(facts, before_submission=frozenset(), before_decision=DECISION)

    assert not item.met and item.params["outstanding_cents"] == 2500


def test_the_application_checklist_ends_with_the_fees_item():
    spec = RequirementSpec(ethics_required=True, fees_before_submission=SUBMISSION)
    facts = PortfolioFacts(fees=FeeFacts(dues=(FeeDue("registration", "CT-1", 2000, 2000),)))

    checklist = evaluate_application(facts, spec, on=date(2026, 1, 1))

    assert [i.key for i in checklist.items] == ["ethics", "fees"]
    assert checklist.item("fees").section == "fees"
