"""The shared transition helper: lock, table, invariant check, change, history, after commit."""

import pytest

from core.transitions import InvariantBroken, TransitionNotAllowed, transition
from endorsements.models import APPLICATION_TRANSITIONS, Application, ApplicationStatus
from endorsements.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def test_an_allowed_change_saves_the_fields_writes_history_and_runs_after_commit(
    django_capture_on_commit_callbacks,
):
    application = ApplicationFactory()
    history, after = [], []

    with django_capture_on_commit_callbacks(execute=True):
        locked = transition(
            instance=application,
            to=S.SUBMITTED,
            table=APPLICATION_TRANSITIONS,
            history=lambda row, current: history.append((row.pk, current, row.status)),
            fields={"feedback": "typed"},
            on_commit=lambda row: after.append(row.status),
        )

    stored = Application.objects.get(pk=application.pk)
    assert (stored.status, stored.feedback) == (S.SUBMITTED, "typed")
    assert history == [(application.pk, S.DRAFT, S.SUBMITTED)]
    assert after == [S.SUBMITTED]
    # The caller's object follows the database.
    assert application.status == locked.status == S.SUBMITTED


def test_a_change_not_in_the_table_is_refused_and_writes_nothing():
    application = ApplicationFactory()
    history = []

    with pytest.raises(TransitionNotAllowed) as refused:
        transition(
            instance=application,
            to=S.ENDORSED,
            table=APPLICATION_TRANSITIONS,
            history=lambda row, current: history.append(current),
        )

    assert (refused.value.current, refused.value.target) == (S.DRAFT, S.ENDORSED)
    assert Application.objects.get(pk=application.pk).status == S.DRAFT
    assert history == []


def test_an_invariant_check_refuses_before_anything_is_saved():
    application = ApplicationFactory()

    def check(row, current):
        raise InvariantBroken(current, S.SUBMITTED, "nothing_to_submit")

    with pytest.raises(InvariantBroken) as refused:
        transition(
            instance=application,
            to=S.SUBMITTED,
            table=APPLICATION_TRANSITIONS,
            history=lambda row, current: None,
            fields={"feedback": "never saved"},
            check=check,
        )

    assert refused.value.code == "nothing_to_submit"
    stored = Application.objects.get(pk=application.pk)
    assert (stored.status, stored.feedback) == (S.DRAFT, "")


def test_a_stale_object_is_judged_on_the_row_in_the_database():
    application = ApplicationFactory(status=S.SUBMITTED)
    stale = Application.objects.get(pk=application.pk)
    Application.objects.filter(pk=application.pk).update(status=S.WITHDRAWN)

    with pytest.raises(TransitionNotAllowed):
        transition(
            instance=stale,
            to=S.IN_REVIEW,
            table=APPLICATION_TRANSITIONS,
            history=lambda row, current: None,
        )
