"""Writes to the rules data. Every create or edit of a requirement set or renewal policy goes
through here (the admin included) so that the "one row in effect per category per date" guard
runs under a lock and cannot be raced by two staff saving at once."""

from datetime import date, timedelta

from django.db import transaction

from .models import EndorsementCategory, RenewalPolicy, RequirementSet


def _lock_category(category_id: int) -> None:
    # Serialises writers of one category's rows: the overlap check below then sees every
    # committed row. (SQLite ignores FOR UPDATE but allows one writer at a time anyway.)
    EndorsementCategory.objects.select_for_update().filter(pk=category_id).first()


@transaction.atomic
def requirement_set_save(*, requirement_set: RequirementSet) -> RequirementSet:
    """Validate and save a requirement set (new or edited).

    Side effects: locks the category row; raises ValidationError when the dates overlap another
    set of the same category or a figure is invalid; saves the row.
    """
    _lock_category(requirement_set.category_id)
    requirement_set.full_clean()
    requirement_set.save()
    return requirement_set


@transaction.atomic
def renewal_policy_save(*, renewal_policy: RenewalPolicy) -> RenewalPolicy:
    """Validate and save a renewal policy (new or edited).

    Side effects: locks the category row; raises ValidationError when the dates overlap another
    policy of the same category or a figure is invalid; saves the row.
    """
    _lock_category(renewal_policy.category_id)
    renewal_policy.full_clean()
    renewal_policy.save()
    return renewal_policy


@transaction.atomic
def requirement_set_supersede(
    *, current: RequirementSet, effective_from: date, **changes
) -> RequirementSet:
    """Change the rules of a category from a date on, keeping the old rules for earlier dates.

    Side effects: ends `current` the day before `effective_from`; creates a copy of it (with its
    provider and reviewer categories) starting on `effective_from` with `changes` applied and
    the old end date; both saves pass the overlap guard. Returns the new set.
    """
    if effective_from <= current.effective_from:
        from django.core.exceptions import ValidationError

        raise ValidationError("The new rules must start after the current ones started.")
    providers = list(current.rsc_provider_categories.all())
    reviewers = list(current.reviewer_categories.all())
    old_end = current.effective_to
    current.effective_to = effective_from - timedelta(days=1)
    requirement_set_save(requirement_set=current)

    successor = RequirementSet.objects.get(pk=current.pk)
    successor.pk = None
    successor._state.adding = True
    successor.effective_from = effective_from
    successor.effective_to = old_end
    for name, value in changes.items():
        setattr(successor, name, value)
    requirement_set_save(requirement_set=successor)
    successor.rsc_provider_categories.set(providers)
    successor.reviewer_categories.set(reviewers)
    return successor
