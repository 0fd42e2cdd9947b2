"""The sentence of each checklist item but RSC, by code (RSC: .rsc)."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from core import formatting

from ..rules.types import MINUTES_PER_HOUR
from . import rsc
from .words import (
    EDUCATION_WORDS,
    LEADERSHIP_WORDS,
    RELATIONSHIP_WORDS,
    actual_hours,
    and_list,
    bands,
    clauses,
    count,
    day,
    dec,
    or_list,
    renewal_period,
    required_figure,
    words,
    years_from_days,
)


def _education(met: bool, p) -> str:
    wanted = str(EDUCATION_WORDS[p["required_level"]])
    if p["degree_meets"]:
        return _("You have %(have)s; %(wanted)s or higher is required.") % {
            "have": EDUCATION_WORDS[p["level"]],
            "wanted": wanted,
        }
    have = str(EDUCATION_WORDS[p["level"]]) if p["level"] else _("no degree recorded")
    if p["alternative_work_years"]:
        alternative = dec(p["alternative_work_years"])
        return capfirst(
            ngettext(
                "%(wanted)s or higher, or %(years)s year of paid work instead, is required; "
                "you have %(have)s and %(actual)s years of paid work.",
                "%(wanted)s or higher, or %(years)s years of paid work instead, is required; "
                "you have %(have)s and %(actual)s years of paid work.",
                count(alternative),
            )
            % {
                "wanted": wanted,
                "years": required_figure(alternative),
                "have": have,
                "actual": years_from_days(p["paid_work_days"]),
            }
        )
    return capfirst(
        _("%(wanted)s or higher is required; you have %(have)s.") % {"wanted": wanted, "have": have}
    )


def _work_years(met: bool, p) -> str:
    figures = {
        "actual": years_from_days(p["days"]),
        "required": required_figure(p["required_years"]),
        "ages": bands(p["age_bands"]),
    }
    n = count(p["required_years"])
    paid, post, ages = p["must_be_paid"], p["post_graduate"], bool(p["age_bands"])
    # One whole sentence for each kind of work the category asks for.
    if paid and not post:
        main = (
            ngettext(
                "%(actual)s of %(required)s year of paid specialized work with %(ages)s",
                "%(actual)s of %(required)s years of paid specialized work with %(ages)s",
                n,
            )
            if ages
            else ngettext(
                "%(actual)s of %(required)s year of paid specialized work",
                "%(actual)s of %(required)s years of paid specialized work",
                n,
            )
        )
    elif paid:
        main = (
            ngettext(
                "%(actual)s of %(required)s year of paid post-graduate specialized work "
                "with %(ages)s",
                "%(actual)s of %(required)s years of paid post-graduate specialized work "
                "with %(ages)s",
                n,
            )
            if ages
            else ngettext(
                "%(actual)s of %(required)s year of paid post-graduate specialized work",
                "%(actual)s of %(required)s years of paid post-graduate specialized work",
                n,
            )
        )
    elif not post:
        main = (
            ngettext(
                "%(actual)s of %(required)s year of paid or supervised volunteer specialized "
                "work with %(ages)s",
                "%(actual)s of %(required)s years of paid or supervised volunteer specialized "
                "work with %(ages)s",
                n,
            )
            if ages
            else ngettext(
                "%(actual)s of %(required)s year of paid or supervised volunteer specialized work",
                "%(actual)s of %(required)s years of paid or supervised volunteer specialized work",
                n,
            )
        )
    else:
        main = (
            ngettext(
                "%(actual)s of %(required)s year of paid or supervised volunteer post-graduate "
                "specialized work with %(ages)s",
                "%(actual)s of %(required)s years of paid or supervised volunteer post-graduate "
                "specialized work with %(ages)s",
                n,
            )
            if ages
            else ngettext(
                "%(actual)s of %(required)s year of paid or supervised volunteer post-graduate "
                "specialized work",
                "%(actual)s of %(required)s years of paid or supervised volunteer post-graduate "
                "specialized work",
                n,
            )
        )
    main = main % figures
    if not post:
        return main + "."
    graduated = p["post_graduate_from"]
    if graduated is None:
        degree = EDUCATION_WORDS.get(p.get("required_level") or "") or _("a degree")
        note = _(
            "work counts from the day you completed %(degree)s or higher, and none is recorded"
        ) % {"degree": degree}
        return clauses(main, [note])
    if p["completion_date_assumed"]:
        note = _(
            "counted from %(day)s because only the year of your degree is recorded: add the day "
            "you completed it to count the work from then"
        ) % {"day": day(graduated)}
        return clauses(main, [note])
    return _("%(work)s, counted from %(day)s, when you completed your degree.") % {
        "work": main,
        "day": day(graduated),
    }


def _families(met: bool, p) -> str:
    return ngettext(
        "%(actual)s of %(required)s family served in qualifying work.",
        "%(actual)s of %(required)s families served in qualifying work.",
        int(p["required"]),
    ) % {"actual": formatting.number(p["families"]), "required": formatting.number(p["required"])}


def _leadership_years(met: bool, p) -> str:
    kinds = p.get("kinds") or []
    figures = {
        "actual": years_from_days(p["days"]),
        "required": required_figure(p["required_years"]),
        "kinds": or_list(words(kinds, LEADERSHIP_WORDS)),
    }
    n = count(p["required_years"])
    if kinds:
        text = ngettext(
            "%(actual)s of %(required)s year of %(kinds)s leadership.",
            "%(actual)s of %(required)s years of %(kinds)s leadership.",
            n,
        )
    else:
        text = ngettext(
            "%(actual)s of %(required)s year of leadership, policy, faculty or research work.",
            "%(actual)s of %(required)s years of leadership, policy, faculty or research work.",
            n,
        )
    return text % figures


def _rsc_provision_years(met: bool, p) -> str:
    return ngettext(
        "%(actual)s of %(required)s year of providing reflective supervision/consultation.",
        "%(actual)s of %(required)s years of providing reflective supervision/consultation.",
        count(p["required_years"]),
    ) % {"actual": years_from_days(p["days"]), "required": required_figure(p["required_years"])}


def _left_out_training(p) -> list[str]:
    minutes = p.get("left_out_no_competency_minutes") or 0
    if not minutes:
        return []
    hours = Decimal(minutes) / MINUTES_PER_HOUR
    return [
        ngettext(
            "%(hours)s of training tagged with no competency area does not count",
            "%(hours)s of training tagged with no competency area do not count",
            count(hours.quantize(Decimal("0.01"), rounding=ROUND_DOWN)),
        )
        % {"hours": formatting.hours(minutes)}
    ]


def _verified_apart(p) -> list[str]:
    """How much of the counted hours the providers verified, the rest self-reported (items
    frozen before the catalog carry no "verified_minutes": nothing is said)."""
    verified = p.get("verified_minutes")
    if not verified:
        return []
    return [
        _("%(verified)s verified by the provider, %(reported)s self-reported")
        % {
            "verified": formatting.hours(verified),
            "reported": formatting.hours(max(0, p["actual_minutes"] - verified)),
        }
    ]


def _verified_share(met: bool, p) -> str:
    return _(
        "%(actual)s of %(required)s from trainings verified by their providers "
        "(%(share)s%% of the training hours)."
    ) % {
        "actual": formatting.hours(p["verified_minutes"]),
        "required": formatting.hours(p["required_minutes"]),
        "share": formatting.number(Decimal(str(p["share_percent"])).normalize()),
    }


def _training(key: str):
    def sentence(met: bool, p) -> str:
        figures = {
            "actual": actual_hours(p["actual_minutes"]),
            "required": required_figure(p["required_hours"]),
            "period": renewal_period(p),
        }
        n = count(p["required_hours"])
        if key == "training_hours":
            main = ngettext(
                "%(actual)s of %(required)s training hour%(period)s",
                "%(actual)s of %(required)s training hours%(period)s",
                n,
            )
        elif key == "training_dei":
            main = ngettext(
                "%(actual)s of %(required)s training hour on diversity, equity and "
                "inclusion%(period)s",
                "%(actual)s of %(required)s training hours on diversity, equity and "
                "inclusion%(period)s",
                n,
            )
        else:
            main = ngettext(
                "%(actual)s of %(required)s training hour on providing reflective "
                "supervision%(period)s",
                "%(actual)s of %(required)s training hours on providing reflective "
                "supervision%(period)s",
                n,
            )
        return clauses(main % figures, _verified_apart(p) + _left_out_training(p))

    return sentence


def _domains(met: bool, p) -> str:
    figures = {
        "covered": formatting.number(p["covered"]),
        "required": formatting.number(p["required"]),
    }
    main = (
        ngettext(
            "Your training covers %(covered)s of %(required)s competency domain",
            "Your training covers %(covered)s of %(required)s competency domains",
            int(p["required"]),
        )
        % figures
    )
    missing = p["missing_domains"]
    if not missing:
        return main + "."
    note = _("not yet covered: %(domains)s") % {
        "domains": pgettext("list separator", ", ").join(str(m) for m in missing)
    }
    return clauses(main, [note])


def _references(met: bool, p) -> str:
    valid, required = int(p["valid"]), int(p["required"])
    invalid, pending = int(p["invalid"]), int(p["pending"])
    main = ngettext(
        "%(valid)s of %(required)s reference rating counts",
        "%(valid)s of %(required)s reference ratings count",
        required,
    ) % {"valid": valid, "required": required}
    extra = []
    if invalid:
        extra.append(
            ngettext(
                "%(count)s rating has %(threshold)s or more 'not enough information' answers "
                "and does not count",
                "%(count)s ratings have %(threshold)s or more 'not enough information' answers "
                "and do not count",
                invalid,
            )
            % {"count": invalid, "threshold": p["threshold"]}
        )
    if pending:
        extra.append(
            ngettext("%(count)s is not yet completed", "%(count)s are not yet completed", pending)
            % {"count": pending}
        )
    return clauses(main, extra)


def _relationships(met: bool, p) -> str:
    if not p["missing"]:
        return _("You have a rating that counts from %(who)s.") % {
            "who": and_list(words(p["required"], RELATIONSHIP_WORDS))
        }
    missing = and_list(words(p["missing"], RELATIONSHIP_WORDS))
    if p["pending"]:
        return _(
            "Still needed: a rating that counts from %(who)s (asked, not yet completed: "
            "%(pending)s)."
        ) % {"who": missing, "pending": and_list(words(p["pending"], RELATIONSHIP_WORDS))}
    return _("Still needed: a rating that counts from %(who)s.") % {"who": missing}


def _references_endorsed(met: bool, p) -> str:
    return ngettext(
        "%(actual)s of %(required)s counted rating from an endorsed (or vetted) rater.",
        "%(actual)s of %(required)s counted ratings from an endorsed (or vetted) rater.",
        int(p["required"]),
    ) % {"actual": p["endorsed"], "required": p["required"]}


def _ethics(met: bool, p) -> str:
    if met:
        return _("You have signed the Code of Ethics and the Endorsement Agreement.")
    return _("Sign the Code of Ethics and the Endorsement Agreement.")


def _no_sanctions(met: bool, p) -> str:
    if met:
        return _("You have attested to no sanctions by a licensing board.")
    return _("Attest that no licensing board has sanctioned you.")


def _membership(met: bool, p) -> str:
    expires = p["expires"]
    if not expires:
        return _("No membership of the association recorded; membership is required.")
    if met and p.get("association"):
        return _("Membership of %(association)s current until %(day)s (accepted here).") % {
            "association": p["association"],
            "day": day(expires),
        }
    if met:
        return _("Membership current until %(day)s.") % {"day": day(expires)}
    return _("Membership ended on %(day)s; renew it to continue.") % {"day": day(expires)}


def _membership_claim_pending(met: bool, p) -> str:
    if p.get("expires"):
        return _(
            "The membership you gave (until %(day)s) is waiting for a coordinator to confirm "
            "it against the association's records."
        ) % {"day": day(p["expires"])}
    return _(
        "The membership you gave is waiting for a coordinator to confirm it against the "
        "association's records."
    )


def _membership_not_accepted(met: bool, p) -> str:
    return _(
        "Your membership of %(association)s is not accepted for this category: membership of "
        "this association is required."
    ) % {"association": p["association"]}


def _fees(met: bool, p) -> str:
    if met:
        if not p.get("invoices"):
            return _("No fee is owed for this step.")
        return _("Every fee owed for this step is paid or waived.")
    owed = p["outstanding"]
    return ngettext(
        "%(amount)s is still owed on invoice %(numbers)s. Pay it or ask the coordinators "
        "about a waiver.",
        "%(amount)s is still owed on invoices %(numbers)s. Pay them or ask the coordinators "
        "about a waiver.",
        len(owed),
    ) % {
        "amount": formatting.money(p["outstanding_cents"]),
        "numbers": and_list([o["number"] for o in owed]),
    }


def _first_renewal(met: bool, p) -> str:
    return _(
        "Endorsed on %(day)s, during this cycle: your first renewal is skipped and nothing is "
        "owed this time."
    ) % {"day": day(p["endorsed_on"])}


SENTENCES = {
    "education": _education,
    "work_years": _work_years,
    "families_served": _families,
    "leadership_years": _leadership_years,
    "rsc_provision_years": _rsc_provision_years,
    "training_hours": _training("training_hours"),
    "training_dei": _training("training_dei"),
    "training_rsc_provision": _training("training_rsc_provision"),
    "training_domains": _domains,
    "training_verified_share": _verified_share,
    "rsc_hours": rsc.rsc_hours,
    "rsc_focus_provided": rsc.rsc_focus,
    "rsc_span": rsc.span,
    "rsc_concentration": rsc.concentration,
    "references": _references,
    "reference_relationships": _relationships,
    "references_endorsed": _references_endorsed,
    "ethics": _ethics,
    "no_sanctions": _no_sanctions,
    "membership": _membership,
    "membership_claim_pending": _membership_claim_pending,
    "membership_not_accepted": _membership_not_accepted,
    "first_renewal_skipped": _first_renewal,
    "fees": _fees,
}
