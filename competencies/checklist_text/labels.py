"""The label of each checklist item, by code."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .words import LEADERSHIP_WORDS, or_list, words


def _leadership_label(p) -> str:
    kinds = p.get("kinds") or []
    if kinds:
        return _("Leadership: %(kinds)s") % {"kinds": or_list(words(kinds, LEADERSHIP_WORDS))}
    return _("Leadership (including policy, faculty or research)")


def _rsc_provision_label(p) -> str:
    if p.get("applies") == "unknown":
        return _("Training on providing reflective supervision (if you provide RSC)")
    return _("Training on providing reflective supervision")


def _education_label(p) -> str:
    if p.get("alternative_work_years") and not p.get("degree_meets"):
        return _("Education (or paid work instead)")
    return _("Education")


LABELS = {
    "education": _education_label,
    "work_years": lambda p: _("Specialized work with infants, young children and families"),
    "families_served": lambda p: _("Families served"),
    "leadership_years": _leadership_label,
    "rsc_provision_years": lambda p: _("Providing reflective supervision/consultation"),
    "training_hours": lambda p: _("In-service training"),
    "training_dei": lambda p: _("Training on diversity, equity and inclusion"),
    "training_rsc_provision": _rsc_provision_label,
    "training_domains": lambda p: _("Training covers the competency domains"),
    "training_verified_share": lambda p: _("Training verified by its providers"),
    "rsc_hours": lambda p: _("Reflective supervision/consultation received"),
    "rsc_focus_provided": lambda p: _("RSC about the reflective supervision you provide"),
    "rsc_span": lambda p: _("RSC received over the right length of time"),
    "rsc_concentration": lambda p: _("Most RSC hours from one provider"),
    "references": lambda p: _("Reference ratings"),
    "reference_relationships": lambda p: _("References from the people the category asks for"),
    "references_endorsed": lambda p: _("Reference from an endorsed rater"),
    "ethics": lambda p: _("Code of Ethics and Endorsement Agreement"),
    "no_sanctions": lambda p: _("No sanctions by a licensing board"),
    "membership": lambda p: _("Membership of the association"),
    "membership_claim_pending": lambda p: _("Membership of the association"),
    "membership_not_accepted": lambda p: _("Membership of the association"),
    "fees": lambda p: (
        _("Fees paid or waived before submission")
        if p.get("stage") == "submission"
        else _("Fees paid or waived before the decision")
    ),
    "first_renewal_skipped": lambda p: _("First renewal"),
}
