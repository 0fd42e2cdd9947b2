"""Checklist items shared by applications and renewals: training hours and attestations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .common import _ids, _sum_hours, day_text, hours_text, required_text
from .types import Attestations, ChecklistItem, Training


def _training_items(
    trainings: list[Training], *, total: Decimal, dei: Decimal, rsc_provision: Decimal, period: str
) -> list:
    items = []
    figures = [
        ("training_hours", "In-service training", total, trainings, "training hours"),
        (
            "training_dei",
            "Training on diversity, equity and inclusion",
            dei,
            [t for t in trainings if t.dei],
            "training hours on diversity, equity and inclusion",
        ),
        (
            "training_rsc_provision",
            "Training on providing reflective supervision",
            rsc_provision,
            [t for t in trainings if t.rsc_provision],
            "training hours on providing reflective supervision",
        ),
    ]
    for key, label, needed, counted, what in figures:
        if needed > 0:
            actual = _sum_hours(counted)
            items.append(
                ChecklistItem(
                    key=key,
                    label=label,
                    met=actual >= needed,
                    required=needed,
                    actual=actual,
                    explanation=f"{hours_text(actual)} of {required_text(needed)} {what}{period}.",
                    contributing_ids=_ids(counted),
                    section="training",
                )
            )
    return items


def _attestation_items(
    attestations: Attestations, *, on: date, ethics: bool, membership: bool, sanctions: bool = False
) -> list:
    items = []
    if ethics:
        items.append(
            ChecklistItem(
                key="ethics",
                label="Code of Ethics and Endorsement Agreement",
                met=attestations.ethics_signed,
                required=True,
                actual=attestations.ethics_signed,
                explanation=(
                    "You have signed the Code of Ethics and the Endorsement Agreement."
                    if attestations.ethics_signed
                    else "Sign the Code of Ethics and the Endorsement Agreement."
                ),
                section="attestation",
            )
        )
    if sanctions:
        items.append(
            ChecklistItem(
                key="no_sanctions",
                label="No sanctions by a licensing board",
                met=attestations.no_sanctions_attested,
                required=True,
                actual=attestations.no_sanctions_attested,
                explanation=(
                    "You have attested to no sanctions by a licensing board."
                    if attestations.no_sanctions_attested
                    else "Attest that no licensing board has sanctioned you."
                ),
                section="attestation",
            )
        )
    if membership:
        expires = attestations.membership_expires
        met = expires is not None and expires >= on
        if expires is None:
            text = "No membership of the association recorded; membership is required."
        elif met:
            text = f"Membership current until {day_text(expires)}."
        else:
            text = f"Membership ended on {day_text(expires)}; renew it to continue."
        items.append(
            ChecklistItem(
                key="membership",
                label="Membership of the association",
                met=met,
                required=True,
                actual=met,
                explanation=text,
                section="membership",
            )
        )
    return items
