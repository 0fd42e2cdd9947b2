"""A roster of 5,000 people, checked by a real Celery worker on Redis, with progress."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import seed_data_ensure, wait_for
from endorsements.credentials.tests.factories import endorsement

from ..models import RosterRun, RosterStatus
from .factories import sign_in, staff_member

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_5000_row_roster_completes_on_the_worker(celery_worker_process, settings):
    seed_data_ensure()
    settings.ROSTER_WORKER_ROWS = 500
    holders = [endorsement(family_name=f"Holder{n}", given_name="Pat") for n in range(3)]
    rows = [["Name", "Endorsement number"]]
    for n in range(5000):
        if n % 10 == 0:
            e = holders[n % 3]
            rows.append([e.holder.full_name, e.number])
        else:
            rows.append([f"Unknown Person{n}", ""])
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    client = sign_in(Client(), staff_member())

    response = client.post(
        reverse("organisations:roster_new"),
        {"file": SimpleUploadedFile("big.csv", buffer.getvalue().encode())},
    )

    run = RosterRun.objects.get()
    assert run.total == 5000
    first = client.get(response["Location"]).content.decode()
    assert "people checked. This page updates by itself." in first  # the progress page
    done = wait_for(
        lambda: RosterRun.objects.filter(pk=run.pk, status=RosterStatus.DONE).first(), timeout=120
    )
    assert done.done == 5000
    result = client.get(reverse("organisations:roster_download", args=[run.pk]))
    lines = list(csv.reader(io.StringIO(result.content.decode("utf-8-sig"))))
    assert len(lines) == 5001
    matched = [line for line in lines[1:] if line[4] == "Matched"]
    assert len(matched) == 500
    assert {line[5] for line in matched} == {e.number for e in holders}
    assert all(line[4] == "Matches nobody" for line in lines[1:] if line[5] == "")
