"""The sentences behind history codes: rows store a code with parameters (never English), and
the page writes the sentence in the reader's language from here.

Every history table (applications, credentials, renewals, holders' requests, exam sittings)
uses these codes. A row without a code is an older one: its note is shown as it was written.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core import formatting

# The choices whose labels name the codes some parameters hold ("outcome": a decision's
# outcome; "flags": conflict kinds), registered by the sub-app that owns them when it is ready
# (`endorsements.review`), so that this module, below it, imports none of it.
_PARAM_CHOICES: dict[str, type[models.TextChoices]] = {}


def history_param_choices_register(**choices: type[models.TextChoices]) -> None:
    """Let the history sentences write the labels of `choices` (parameter name -> choices)."""
    _PARAM_CHOICES.update(choices)


MESSAGES = {
    # Applications
    "submitted": _("Submitted by the applicant."),
    "resubmitted": _("Resubmitted after changes."),
    "submitted_emerging": _("Submitted under the category's emerging rules."),
    "withdrawn": _("Withdrawn by the applicant."),
    "review_started": _("Review started."),
    # Staff only: who reviews, and conflicts overridden (the reason is the row's note).
    "reviewers_assigned": _("Round %(round)s assigned to %(reviewers)s, due %(due_on)s."),
    "conflict_override": _("Conflict override for %(reviewer)s: %(flags)s."),
    "returned_incomplete": _("Returned to the applicant as incomplete, before review."),
    "decided": _("Decision: %(outcome)s."),
    # Plural forms key on `count`, the number of sections or items listed.
    "decided_reopened": ngettext_lazy(
        "Decision: %(outcome)s. Section reopened for changes: %(reopened)s.",
        "Decision: %(outcome)s. Sections reopened for changes: %(reopened)s.",
        "count",
    ),
    "tie_break": _("Tie-break reason for “%(outcome)s”."),
    "decided_with_unmet": ngettext_lazy(
        "Decided “%(outcome)s” with an unmet checklist item: %(items)s.",
        "Decided “%(outcome)s” with unmet checklist items: %(items)s.",
        "count",
    ),
    "decision_held": _("Decision “%(outcome)s” held, to be released with others."),
    "decision_hold_cancelled": _("Held decision “%(outcome)s” cancelled."),
    "exam_passed": _("Exam passed."),
    # Staff only: the candidate code stands for the examinee in blind scoring.
    "exam_passed_sitting": _(
        "Exam passed (candidate %(candidate_code)s, part 1 %(part1_score)s%%)."
    ),
    "exam_recorded": _("Sitting recorded: part 1 %(part1_score)s%% (pass mark %(pass_mark)s%%)."),
    "exam_failed": _("Exam not passed."),
    "reviewer_replaced": _("%(old)s replaced by %(new)s, due %(due_on)s."),
    "reviewer_removed": _("%(reviewer)s removed from the review."),
    "due_extended": _("Due date of %(reviewer)s moved from %(from)s to %(to)s."),
    "emerging_completed": _("Emerging endorsement completed: now fully endorsed."),
    # Credentials
    "issued": _("Endorsed."),
    "issued_emerging": _("Endorsed as emerging."),
    "renewed": _("Renewed for the cycle ending %(cycle_end)s."),
    "renewed_automatically": _(
        "Renewed automatically for the cycle ending %(cycle_end)s: the evidence met the policy."
    ),
    "lapsed_not_renewed": _("Lapsed: not renewed by the deadline and grace period."),
    "lapsed_undecided": _("Lapsed: the renewal was not decided in the time the policy allows."),
    "lapsed_audit": _("Lapsed: the audit evidence did not arrive by its deadline."),
    "suspended": _("Suspended."),
    "suspension_lifted": _("Suspension lifted."),
    "revoked": _("Revoked."),
    "archived": _("Archived by the holder."),
    "unarchived": _("Taken back from the archive by the holder."),
    "reinstated": _("Reinstated."),
    # Renewals
    "renewal_submitted": _("Renewal submitted."),
    "audit_selected": _("Selected for a random audit: evidence due by %(due_on)s."),
    "audit_evidence_sent": _("Audit evidence sent."),
    "renewal_approved": _("Renewal approved."),
    "renewal_approved_automatically": _("Renewal approved automatically."),
    "renewal_declined": _("Renewal not approved."),
    # Holders' requests
    "completion_requested": _("Asked to complete the emerging endorsement."),
    "reinstatement_requested": _("Asked to reinstate the endorsement."),
    "request_approved": _("Request approved."),
    "request_declined": _("Request declined."),
}


def _param(value):
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return formatting.day(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(str(_param(v)) for v in value)
    return value


def _choice_label(param: str, value) -> str:
    choices = _PARAM_CHOICES.get(param)
    try:
        return str(choices(value).label) if choices else str(value)
    except ValueError:
        return str(value)


def _outcome_label(value: str) -> str:
    return _choice_label("outcome", value)


def _conflict_labels(kinds) -> str:
    return ", ".join(_choice_label("flags", kind) for kind in kinds)


def _section_titles(keys) -> str:
    from endorsements.sections import SECTION_TITLES

    return ", ".join(str(SECTION_TITLES.get(key, key)) for key in keys)


def _item_labels(items) -> str:
    """Unmet checklist items, kept as their codes and parameters, named in the reader's
    language (older rows kept the labels themselves: shown as they are)."""
    from competencies import checklist_text

    labels = []
    for item in items:
        if isinstance(item, dict):
            labels.append(checklist_text.item_label(item) or str(item.get("code", "")))
        else:
            labels.append(str(item))
    return ", ".join(labels)


def history_sentence(code: str, params: dict | None = None) -> str:
    """The sentence for a history code with its parameters ("" for an unknown code)."""
    params = params or {}
    if code == "decided" and params.get("reopened"):
        code = "decided_reopened"
    message = MESSAGES.get(code)
    if message is None:
        return ""
    values = {key: _param(value) for key, value in params.items()}
    if code in ("decided_reopened", "decided_with_unmet"):
        listed = params.get("reopened" if code == "decided_reopened" else "items")
        values.setdefault("count", len(listed) if isinstance(listed, list) else 2)
    if "outcome" in values:
        values["outcome"] = _outcome_label(values["outcome"])
    if isinstance(params.get("reopened"), list):
        values["reopened"] = _section_titles(params["reopened"])
    if code == "conflict_override" and isinstance(params.get("flags"), list):
        values["flags"] = _conflict_labels(params["flags"])
    if code == "decided_with_unmet" and isinstance(params.get("items"), list):
        values["items"] = _item_labels(params["items"])
    try:
        return str(message % values)
    except (KeyError, TypeError, ValueError):
        # A row missing a parameter (an older shape): the sentence up to the first gap.
        try:
            return str(message % _Gaps(values)).split(_GAP)[0].rstrip(" :(“")
        except (KeyError, TypeError, ValueError):
            return ""


_GAP = "\x00"


class _Gaps(dict):
    """Parameters where a missing one reads as a marker to cut the sentence at."""

    def __missing__(self, key):
        return _GAP


def history_text(event) -> str:
    """What a history row says: the sentence for its code, or an older row's note."""
    if getattr(event, "code", ""):
        return history_sentence(event.code, event.params)
    return event.note
