"""Bad input: a message next to the field, and nothing typed is lost."""

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.factories import applicant
from applicants.models import Education, LeadershipActivity, Training, WorkExperience

from .factories import WorkFactory

pytestmark = pytest.mark.django_db

TODAY = "2026-11-23 12:00:00-05:00"

WORK = {
    "employer": "Hartford Healthy Start",
    "role": "Home visitor",
    "kind": "direct",
    "start_date": "2021-09-01",
    "end_date": "",
    "hours_per_week": "37.5",
    "families_served": "30",
    "age_band": "infant",
    "paid": "on",
}
TRAINING = {
    "title": "Attachment across cultures",
    "provider": "CT-AIMH",
    "date": "2026-03-14",
    "end_date": "",
    "hours": "6",
    "format": "in_person",
}


def field_error(response, field):
    return " ".join(response.context["form"].errors.get(field, []))


def assert_kept(response, values):
    html = response.content.decode()
    assert "There is a problem" in html
    for value in values:
        assert f'value="{value}"' in html, value


@pytest.fixture
def owner(client):
    """A signed-in applicant on a fixed day (signed in on that day, so the session is fresh)."""
    with time_machine.travel(TODAY, tick=False):
        user = applicant()
        client.force_login(user)
        yield user


def test_work_future_start_date_is_rejected(client, owner):
    response = client.post(reverse("applicants:work_add"), {**WORK, "start_date": "2026-12-01"})

    assert response.status_code == 200
    assert field_error(response, "start_date") == "The start date must be today or in the past."
    assert_kept(response, ["Hartford Healthy Start", "Home visitor", "2026-12-01", "37.5", "30"])
    assert not WorkExperience.objects.exists()


def test_work_end_before_start_is_rejected(client, owner):
    response = client.post(
        reverse("applicants:work_add"),
        {**WORK, "start_date": "2022-05-01", "end_date": "2022-04-30"},
    )

    assert field_error(response, "end_date") == (
        "The end date must be the same as or after the start date."
    )
    assert_kept(response, ["2022-05-01", "2022-04-30", "Hartford Healthy Start"])
    assert not WorkExperience.objects.exists()


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("-5", "The hours per week must be more than 0."),
        ("0", "The hours per week must be more than 0."),
        ("95", "The hours per week must be 80 or fewer."),
        ("lots", "Enter a number."),
    ],
)
def test_work_absurd_hours_are_rejected(client, owner, hours, message):
    response = client.post(reverse("applicants:work_add"), {**WORK, "hours_per_week": hours})

    assert field_error(response, "hours_per_week") == message
    assert_kept(response, [hours, "Home visitor"])
    assert not WorkExperience.objects.exists()


def test_work_edit_with_bad_input_keeps_the_saved_entry(client, owner):
    work = WorkFactory(user=owner, role="Home visitor")

    response = client.post(
        reverse("applicants:work_edit", args=[work.pk]),
        {**WORK, "role": "Supervisor", "hours_per_week": "-1"},
    )

    assert_kept(response, ["Supervisor", "-1"])
    work.refresh_from_db()
    assert work.role == "Home visitor"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date": "2027-01-05"}, "date", "The date must be today or in the past."),
        ({"date": "1949-12-31"}, "date", "The date must be in 1950 or later."),
        ({"date": "14/03/2026"}, "date", "Enter a real date, like 14 March 2024."),
        ({"hours": "-2"}, "hours", "The hours must be more than 0."),
        (
            {"hours": "30"},
            "hours",
            "The hours must be 24 or fewer: no more than 24 for each day of training.",
        ),
        (
            {"end_date": "2026-03-13"},
            "end_date",
            "The last day must be the same as or after the first day.",
        ),
    ],
)
def test_training_bad_input_is_rejected(client, owner, changes, field, message):
    data = {**TRAINING, **changes}

    response = client.post(reverse("applicants:training_add"), data)

    assert field_error(response, field) == message
    assert_kept(response, [v for v in data.values() if v])
    assert not Training.objects.exists()


def test_training_several_days_allow_more_hours(client, owner):
    data = {**TRAINING, "date": "2026-03-14", "end_date": "2026-03-16", "hours": "30"}

    response = client.post(reverse("applicants:training_add"), data)

    assert response.status_code == 302
    assert Training.objects.get().hours == 30


@pytest.mark.parametrize(
    ("completed_on", "message"),
    [
        ("2027-01-01", "The date completed must be today or in the past."),
        ("1949-12-31", "The date completed must be in 1950 or later."),
        ("", "Enter the date you completed it, like 15 May 2019."),
        ("31 February 2019", "Enter a real date, like 14 March 2024."),
    ],
)
def test_education_bad_completion_date_is_rejected(client, owner, completed_on, message):
    data = {
        "degree_level": "master",
        "institution": "Yale",
        "field_of_study": "Nursing",
        "completed_on": completed_on,
    }

    response = client.post(reverse("applicants:education_add"), data)

    assert field_error(response, "completed_on") == message
    assert_kept(response, ["Yale", "Nursing"])
    assert not Education.objects.exists()


def test_leadership_end_before_start_is_rejected(client, owner):
    data = {
        "kind": "policy",
        "title": "Chair",
        "organisation": "Council",
        "start_date": "2020-01-01",
        "end_date": "2019-01-01",
        "description": "Led the council's work on home visiting.",
    }

    response = client.post(reverse("applicants:leadership_add"), data)

    assert field_error(response, "end_date") == (
        "The end date must be the same as or after the start date."
    )
    assert "Led the council&#x27;s work on home visiting." in response.content.decode()
    assert not LeadershipActivity.objects.exists()


def test_document_without_file_is_rejected(client, owner):
    response = client.post(reverse("applicants:documents_add"), {"kind": "cv", "title": "My CV"})

    assert field_error(response, "file_upload") == "Select a file to upload."
    assert_kept(response, ["My CV"])


def test_training_date_typed_in_words_is_understood(client, owner):
    response = client.post(
        reverse("applicants:training_add"), {**TRAINING, "date": "14 March 2026"}
    )

    assert response.status_code == 302
    assert str(Training.objects.get().date) == "2026-03-14"
