"""Checklist items shared by applications and renewals: training hours and attestations."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_CEILING, Decimal

from .common import _ids, _sum_minutes
from .types import (
    FEE_KINDS,
    Attestations,
    ChecklistItem,
    FeeFacts,
    MembershipPeriod,
    Training,
    hours_from_minutes,
    minutes_needed,
)


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
    period: dict,
    requires_competency: bool = False,
    rsc_provision_applies: str = "always",
) -> list:
    """Training hours, of which DEI and providing RSC.

    `period`: parameters naming a renewal's cycle (empty for an application).
    `rsc_provision_applies`: "always" (an application's requirement), "category" (renewal: the
    category's holders provide RSC), "holder" (renewal: the holder says they provide RSC),
    "unknown" (renewal: not asked yet; shown as owed "if you provide RSC") or "no" (no item).
    """
    counted, left_out = trainings_counted(trainings, requires_competency=requires_competency)
    left_out_minutes = _sum_minutes(left_out)
    figures = [
        ("training_hours", total, counted),
        ("training_dei", dei, [t for t in counted if t.dei]),
    ]
    if rsc_provision_applies != "no":
        figures.append(
            ("training_rsc_provision", rsc_provision, [t for t in counted if t.rsc_provision])
        )
    items = []
    for key, needed, rows in figures:
        if needed > 0:
            minutes = _sum_minutes(rows)
            params = {
                "actual_minutes": minutes,
                # Shown apart: hours the providers verified, the rest self-reported.
                "verified_minutes": _sum_minutes([t for t in rows if t.verified]),
                "required_hours": needed,
                "left_out_no_competency_minutes": left_out_minutes,
                **period,
            }
            if key == "training_rsc_provision":
                params["applies"] = rsc_provision_applies
            items.append(
                ChecklistItem(
                    key=key,
                    met=minutes >= minutes_needed(needed),
                    required=needed,
                    actual=hours_from_minutes(minutes),
                    contributing_ids=_ids(rows),
                    section="training",
                    code=key,
                    params=params,
                )
            )
    return items


def verified_share_item(
    trainings: list[Training], *, total: Decimal, share_percent: Decimal, requires_competency: bool
) -> list:
    """A share of the training hours from trainings their providers verified (the catalog's
    attendance rosters): `share_percent` of the `total` hours required, in minutes. No item
    when either is zero."""
    if not share_percent or not total:
        return []
    counted, _left_out = trainings_counted(trainings, requires_competency=requires_competency)
    verified = [t for t in counted if t.verified]
    minutes = _sum_minutes(verified)
    needed = minutes_needed(total) * share_percent / 100
    return [
        ChecklistItem(
            key="training_verified_share",
            met=minutes >= needed,
            required=share_percent,
            actual=hours_from_minutes(minutes),
            contributing_ids=_ids(verified),
            section="training",
            code="training_verified_share",
            params={
                "verified_minutes": minutes,
                "required_minutes": int(needed.to_integral_value(rounding=ROUND_CEILING)),
                "share_percent": share_percent,
            },
        )
    ]


def verified_trainings_cover(items) -> bool:
    """Whether the verified trainings alone meet every training-hours item of a checklist and
    nothing else asks for hours (RSC): an audit then has no evidence to ask for, the
    providers' rosters being the evidence. Works on engine items and frozen ones (dicts)."""
    hours_items = 0
    for item in items:
        code = item.get("code") if isinstance(item, dict) else item.code
        params = (item.get("params") if isinstance(item, dict) else item.params) or {}
        if code in ("training_hours", "training_dei", "training_rsc_provision"):
            hours_items += 1
            needed = minutes_needed(Decimal(str(params["required_hours"])))
            if (params.get("verified_minutes") or 0) < needed:
                return False
        elif code and code.startswith("rsc_") and params.get("required_hours"):
            return False
    return hours_items > 0


def _attestation_items(
    attestations: Attestations,
    *,
    on: date,
    ethics: bool,
    membership: bool,
    sanctions: bool = False,
    other_accepted: bool = False,
) -> list:
    items = []
    if ethics:
        items.append(
            ChecklistItem(
                key="ethics",
                met=attestations.ethics_signed,
                required=True,
                actual=attestations.ethics_signed,
                section="attestation",
                code="ethics",
            )
        )
    if sanctions:
        items.append(
            ChecklistItem(
                key="no_sanctions",
                met=attestations.no_sanctions_attested,
                required=True,
                actual=attestations.no_sanctions_attested,
                section="attestation",
                code="no_sanctions",
            )
        )
    if membership:
        items.append(
            membership_item(attestations.memberships, on=on, other_accepted=other_accepted)
        )
    return items


def membership_item(
    memberships: tuple[MembershipPeriod, ...], *, on: date, other_accepted: bool
) -> ChecklistItem:
    """ "Membership of the association": met by a record that covers `on` (first and last
    day included), of this association, or of another association of the Alliance where the
    requirement set or renewal policy accepts one. A claim the applicant typed never meets it:
    the item says it waits for a coordinator. Codes: `membership` (met; or ended on
    `expires`; or none), `membership_claim_pending`, `membership_not_accepted`."""
    covering = [m for m in memberships if m.covers(on)]
    ours = [m for m in covering if not m.association]
    others = [m for m in covering if m.association]
    code, params = "membership", {"expires": None, "on": on}
    met = False
    if ours:
        met = True
        params["expires"] = max(m.ends_on for m in ours)
    elif others and other_accepted:
        met = True
        best = max(others, key=lambda m: m.ends_on)
        params.update(expires=best.ends_on, association=best.association)
    elif others:
        code = "membership_not_accepted"
        params["association"] = others[0].association
    else:
        claims = [m for m in memberships if m.claimed]
        ended = [m for m in memberships if not m.claimed and m.ends_on and m.ends_on < on]
        if claims:
            code = "membership_claim_pending"
            params.update(number=claims[0].number, expires=claims[0].ends_on)
        elif ended:
            # "ended on D": the latest record that ended before the day.
            params["expires"] = max(m.ends_on for m in ended)
    return ChecklistItem(
        key="membership",
        met=met,
        required=True,
        actual=met,
        section="membership",
        code=code,
        params=params,
    )


def fees_item(
    fees: FeeFacts, *, before_submission: frozenset[str], before_decision: frozenset[str]
) -> ChecklistItem | None:
    """ "Fees paid or waived": every invoiced fee of the kinds the requirement set names for the
    application's stage is settled (before submission: those kinds; before the decision: those
    and the decision's). None when the stage names no kind."""
    kinds = set(before_submission)
    if fees.stage == "decision":
        kinds |= set(before_decision)
    if not kinds:
        return None
    ordered = [k for k in FEE_KINDS if k in kinds]
    owed = [d for d in fees.dues if d.kind in kinds and not d.settled]
    counted = [d for d in fees.dues if d.kind in kinds]
    return ChecklistItem(
        key="fees",
        met=not owed,
        required=True,
        actual=not owed,
        section="fees",
        code="fees",
        params={
            "stage": fees.stage,
            "kinds": ordered,
            "outstanding_cents": sum(d.outstanding_cents for d in owed),
            "outstanding": [
                {"kind": d.kind, "number": d.invoice_number, "cents": d.outstanding_cents}
                for d in owed
            ],
            "waived": sum(1 for d in counted if d.waived),
            "invoices": len({d.invoice_number for d in counted}),
        },
    )
