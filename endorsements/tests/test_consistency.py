"""One credential in every state; the public registry, /verify/<code>/, the region report and
the dashboard must agree on each: active and emerging count as endorsed (emerging labelled),
suspended, lapsed, revoked and archived do not."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.factories import coordinator
from endorsements.credentials.services import lifecycle
from endorsements.models import EndorsementStatus
from endorsements.reports.tests.factories import endorse, person
from endorsements.services.transitions import endorsement_transition

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("America/New_York"))
E = EndorsementStatus
CURRENT = {E.ACTIVE, E.EMERGING}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def one_of_each():
    """A credential per state, each held by a different person working in Hartford (the
    North Central region), all listed in the registry if current."""
    cora = coordinator()
    made = {}
    for status in E.values:
        holder = person(
            county="Hartford", given=status.capitalize(), family="Holder", directory_opt_in=True
        )
        e, _ = endorse(holder, "IFA", on=date(2026, 3, 1), emerging=status == E.EMERGING)
        if status == E.SUSPENDED:
            lifecycle.endorsement_suspend(endorsement=e, actor=cora, reason="Board review")
        elif status == E.REVOKED:
            lifecycle.endorsement_revoke(endorsement=e, actor=cora, reason="Misconduct")
        elif status == E.ARCHIVED:
            lifecycle.endorsement_archive(endorsement=e, actor=holder)
        elif status == E.LAPSED:
            endorsement_transition(endorsement=e, to=E.LAPSED)
        e.refresh_from_db()
        assert e.status == status
        made[status] = e
    return made


def test_registry_verification_region_report_and_dashboard_agree(client, one_of_each):
    registry = client.get(reverse("reports:registry")).content.decode()
    verified = {
        status: client.get(reverse("credentials:verify_json", args=[e.verification_code])).json()
        for status, e in one_of_each.items()
    }
    client.force_login(coordinator())
    report = client.get(reverse("reports:endorsed_by_region")).context["report"]
    dashboard = client.get(reverse("reports:dashboard")).context

    north_central = next(row for row in report.rows if row.name == "North Central")
    ifa_column = [c.code for c in report.categories].index("IFA")
    trend_today = {row.name: row.counts[-1] for row in dashboard["trend"]}
    by_status = {value: n for value, _, n in dashboard["credential_statuses"]}

    for status, e in one_of_each.items():
        counted = status in CURRENT
        name = e.printed_name
        assert (name in registry) is counted, f"registry, {status}"
        assert verified[status]["current"] is counted, f"verify, {status}"
        assert verified[status]["status"] == status, f"verify says {status}"
        assert by_status[status] == 1, f"dashboard, {status}"
    # Emerging counts as endorsed and is labelled so on the registry.
    assert "IFA</abbr> (emerging)" in registry
    # The report and the dashboard count the current ones: active and emerging.
    assert north_central.total == len(CURRENT) == north_central.by_category[ifa_column]
    assert report.totals.total == len(CURRENT)
    assert trend_today["North Central"] == len(CURRENT) == trend_today["All regions"]
