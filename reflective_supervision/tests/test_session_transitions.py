"""A session's attestation status moves only through `session_status_change`, built on
core.transitions: the TRANSITIONS table decides, the row is locked and re-read, and every move
writes one history row the supervisee may read."""

import pytest

from accounts.tests.factories import applicant
from core.transitions import HistoryAudience, TransitionNotAllowed
from reflective_supervision import services
from reflective_supervision.models import SessionStatusChange, SupervisionSession
from reflective_supervision.tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

Status = SupervisionSession.Status


def test_session_confirmed_writes_one_history_row_for_the_applicant():
    session = SessionFactory(status=Status.UNCONFIRMED)

    services.session_status_change(
        session=session, to=Status.CONFIRMED, comment=" Weekly, as logged. ", note="answered"
    )

    session.refresh_from_db()
    assert session.status == Status.CONFIRMED and session.attested_at is not None
    assert session.provider_comment == " Weekly, as logged. "
    change = SessionStatusChange.objects.get(session=session)
    assert (change.from_status, change.to_status, change.note, change.audience) == (
        Status.UNCONFIRMED,
        Status.CONFIRMED,
        "answered",
        HistoryAudience.APPLICANT,
    )


def test_session_back_to_unconfirmed_clears_the_answer():
    me = applicant()
    session = SessionFactory(supervisee=me, status=Status.UNCONFIRMED)
    services.session_status_change(session=session, to=Status.DISPUTED, comment="Not me")

    services.session_status_change(session=session, to=Status.UNCONFIRMED, by=me, note="edited")

    session.refresh_from_db()
    assert (session.status, session.attested_at, session.provider_comment) == (
        Status.UNCONFIRMED,
        None,
        "",
    )
    assert list(
        SessionStatusChange.objects.filter(session=session).values_list(
            "from_status", "to_status", "changed_by"
        )
    ) == [(Status.UNCONFIRMED, Status.DISPUTED, None), (Status.DISPUTED, Status.UNCONFIRMED, me.pk)]


@pytest.mark.parametrize(
    "current,to",
    [
        (Status.CONFIRMED, Status.DISPUTED),  # not in the table: back to unconfirmed first
        (Status.DISPUTED, Status.CONFIRMED),
        (Status.CONFIRMED, Status.CONFIRMED),  # already there
        (Status.UNCONFIRMED, Status.UNCONFIRMED),
        (Status.UNCONFIRMED, "approved"),  # not a status at all
    ],
)
def test_session_transition_not_in_the_table_is_refused_and_writes_nothing(current, to):
    session = SessionFactory(status=current)

    with pytest.raises(services.StatusTransitionError) as caught:
        services.session_status_change(session=session, to=to)

    assert isinstance(caught.value, TransitionNotAllowed)
    session.refresh_from_db()
    assert session.status == current
    assert not SessionStatusChange.objects.filter(session=session).exists()


def test_session_transition_reads_the_row_not_a_stale_copy():
    session = SessionFactory(status=Status.UNCONFIRMED)
    stale = SupervisionSession.objects.get(pk=session.pk)
    services.session_status_change(session=session, to=Status.CONFIRMED)

    # The stale copy still says unconfirmed; the database says confirmed: a second answer
    # (a double submit, two tabs) is refused instead of overwriting the first.
    with pytest.raises(services.StatusTransitionError):
        services.session_status_change(session=stale, to=Status.DISPUTED)

    assert SessionStatusChange.objects.filter(session=session).count() == 1
    stale.refresh_from_db()
    assert stale.status == Status.CONFIRMED
