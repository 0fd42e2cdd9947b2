"""Checklist items shared by applications and renewals: training hours and attestations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .common import _ids, _plural, _sum_minutes, day_text, hours_text, required_text
from .types import Attestations, ChecklistItem, Training, hours_from_minutes, minutes_needed


def trainings_counted(
    trainings: list[Training], *, requires_competency: bool
) -> tuple[list[Training], list[Training]]:
    """(counted, left out): with `requires_competency`, a training tagged with no competency
    area does not count toward any hours."""
    if not requires_competency:
        return list(trainings), []
    counted = [t for t in trainings if t.competency_ids]
    return counted, [t for t in trainings if not t.competency_ids]


def _training_items(
    trainings: list[Training],
    *,
    total: Decimal,
    dei: Decimal,
    rsc_provision: Decimal,
    period: str,
    requires_competency: bool = False,
    rsc_provision_applies: str = "always",
) -> list:
    """Training hours, of which DEI and providing RSC.

    `rsc_provision_applies`: "always" (an application's requirement), "category" (renewal: the
    category's holders provide RSC), "holder" (renewal: the holder says they provide RSC),
    "unknown" (renewal: not asked yet; shown as owed "if you provide RSC") or "no" (no item).
    """
    counted, left_out = trainings_counted(trainings, requires_competency=requires_competency)
    left_out_minutes = _sum_minutes(left_out)
    left_out_text = ""
    if left_out_minutes:
        hours = hours_from_minutes(left_out_minutes)
        left_out_text = (
            f"; {hours_text(hours)} {_plural(hours, 'hour', 'hours')} of training tagged with "
            "no competency area do not count"
        )
    rsc_label = "Training on providing reflective supervision"
    if rsc_provision_applies == "unknown":
        rsc_label += " (if you provide RSC)"
    figures = [
        ("training_hours", "In-service training", total, counted, "training hours"),
        (
            "training_dei",
            "Training on diversity, equity and inclusion",
            dei,
            [t for t in counted if t.dei],
            "training hours on diversity, equity and inclusion",
        ),
    ]
    if rsc_provision_applies != "no":
        figures.append(
            (
                "training_rsc_provision",
                rsc_label,
                rsc_provision,
                [t for t in counted if t.rsc_provision],
                "training hours on providing reflective supervision",
            )
        )
    items = []
    for key, label, needed, rows, what in figures:
        if needed > 0:
            minutes = _sum_minutes(rows)
            actual = hours_from_minutes(minutes)
            params = {
                "actual_minutes": minutes,
                "required_hours": needed,
                "left_out_no_competency_minutes": left_out_minutes,
            }
            if key == "training_rsc_provision":
                params["applies"] = rsc_provision_applies
            items.append(
                ChecklistItem(
                    key=key,
                    label=label,
                    met=minutes >= minutes_needed(needed),
                    required=needed,
                    actual=actual,
                    explanation=(
                        f"{hours_text(actual)} of {required_text(needed)} {what}{period}"
                        f"{left_out_text}."
                    ),
                    contributing_ids=_ids(rows),
                    section="training",
                    code=key,
                    params=params,
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
