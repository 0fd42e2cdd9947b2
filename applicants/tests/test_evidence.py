"""Evidence services and the selectors other apps rely on."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.http import Http404
from django.urls import reverse
from django.utils.html import escape

from accounts.tests.factories import applicant
from applicants import selectors, services
from applicants.models import Document, StoredFile
from applicants.uploads import check_upload
from competencies.models import Competency

from .factories import (
    DocumentFactory,
    EducationFactory,
    LeadershipFactory,
    ProfileFactory,
    TrainingFactory,
    WorkFactory,
    stored_pdf,
    upload,
)

pytestmark = pytest.mark.django_db


def stored_path(settings, stored_file):
    return Path(settings.PRIVATE_FILES_ROOT) / stored_file.storage_name


def test_evidence_for_user_loads_everything_in_six_queries(django_assert_num_queries):
    user = applicant()
    areas = list(Competency.objects.order_by("pk")[:2])
    EducationFactory(user=user, transcript=stored_pdf(owner=user))
    WorkFactory(user=user)
    TrainingFactory(user=user, hours=Decimal("6"), dei=True).competencies.set(areas)
    TrainingFactory(user=user, hours=Decimal("1.5"), rsc_provision=True)
    LeadershipFactory(user=user)
    DocumentFactory(user=user)
    TrainingFactory()  # someone else's

    with django_assert_num_queries(6):
        evidence = selectors.evidence_for_user(user)
        ids = evidence.competency_ids
        names = [d.transcript.original_name for d in evidence.degrees]

    assert ids == {a.pk for a in areas}
    assert names == ["transcript.pdf"]
    assert evidence.training_hours == Decimal("7.5")
    assert evidence.training_hours_dei == Decimal("6")
    assert evidence.training_hours_rsc_provision == Decimal("1.5")
    assert (len(evidence.work), len(evidence.leadership), len(evidence.documents)) == (1, 1, 1)


@time_machine.travel("2026-01-01 12:00:00-05:00", tick=False)
def test_evidence_work_years_count_overlapping_posts_once():
    user = applicant()
    WorkFactory(user=user, start_date=date(2020, 1, 1), end_date=date(2021, 12, 31))
    WorkFactory(user=user, start_date=date(2021, 1, 1), end_date=date(2022, 12, 31))
    WorkFactory(user=user, start_date=date(2025, 1, 1), end_date=None, paid=False)

    evidence = selectors.evidence_for_user(user)

    assert evidence.work_years == Decimal("4.0")
    assert evidence.work_years_where(lambda w: w.paid) == Decimal("3.0")


@time_machine.travel("2026-01-01 12:00:00-05:00", tick=False)
def test_evidence_summary_agrees_with_the_rows_in_two_queries(django_assert_num_queries):
    """The dashboard's counts and totals (plain SQL) say what the rows themselves say."""
    user = applicant()
    EducationFactory.create_batch(2, user=user)
    WorkFactory(user=user, start_date=date(2020, 1, 1), end_date=date(2021, 12, 31))
    WorkFactory(user=user, start_date=date(2021, 1, 1), end_date=None)
    TrainingFactory(user=user, hours=Decimal("6.25"), dei=True)
    TrainingFactory(user=user, hours=Decimal("1.5"), rsc_provision=True)
    TrainingFactory(user=user, hours=Decimal("2"), dei=True, rsc_provision=True)
    LeadershipFactory(user=user)
    DocumentFactory.create_batch(3, user=user)
    TrainingFactory(hours=Decimal("40"), dei=True)  # someone else's
    WorkFactory()
    rows = selectors.evidence_for_user(user)

    with django_assert_num_queries(2):
        summary = selectors.evidence_summary_for_user(user)

    assert (summary.degrees, summary.posts, summary.trainings) == (2, 2, 3)
    assert (summary.leadership, summary.documents) == (1, 3)
    assert summary.training_hours == rows.training_hours == Decimal("9.75")
    assert summary.training_hours_dei == rows.training_hours_dei == Decimal("8.25")
    assert summary.training_hours_rsc_provision == rows.training_hours_rsc_provision
    assert summary.training_hours_rsc_provision == Decimal("3.5")
    assert summary.work_years == rows.work_years == Decimal("6.0")


def test_evidence_summary_of_someone_with_nothing_yet():
    summary = selectors.evidence_summary_for_user(applicant())

    assert (summary.degrees, summary.posts, summary.trainings, summary.documents) == (0, 0, 0, 0)
    assert summary.training_hours == summary.work_years == Decimal(0)


def test_profile_summary_says_whether_languages_are_given():
    with_languages = ProfileFactory(languages=["English"])
    without = ProfileFactory(languages=[])

    assert selectors.profile_summary_for_user(with_languages.user).has_languages is True
    summary = selectors.profile_summary_for_user(without.user)
    assert summary.has_languages is False
    assert "Languages you work in" in selectors.profile_missing(summary)


def test_profile_for_user_is_none_without_profile():
    assert selectors.profile_for_user(applicant()) is None
    assert selectors.profile_missing(None)[0] == "Legal name"


def test_get_for_user_refuses_someone_elses_entry():
    entry = EducationFactory()

    with pytest.raises(Http404):
        selectors.education_get_for_user(user=applicant(), pk=entry.pk)


def test_document_file_for_finds_each_kind_of_file():
    user = applicant()
    education = EducationFactory(user=user, transcript=stored_pdf(owner=user))
    training = TrainingFactory(user=user, certificate=stored_pdf(owner=user))
    document = DocumentFactory(user=user)
    bare = EducationFactory(user=user)

    assert selectors.document_file_for(kind="education", pk=education.pk) == education.transcript
    assert selectors.document_file_for(kind="training", pk=training.pk) == training.certificate
    assert selectors.document_file_for(kind="document", pk=document.pk) == document.file
    assert selectors.document_file_for(kind="education", pk=bare.pk) is None
    assert selectors.document_file_for(kind="education", pk=999999) is None
    with pytest.raises(ValueError):
        selectors.document_file_for(kind="passport", pk=1)


def test_stored_file_for_owner_checks_the_owner():
    user = applicant()
    stored = stored_pdf(owner=user)

    assert selectors.stored_file_for_owner(owner_id=user.pk, pk=stored.pk) == stored
    with pytest.raises(Http404):
        selectors.stored_file_for_owner(owner_id=applicant().pk, pk=stored.pk)


def test_education_update_with_new_transcript_discards_the_old_file(
    settings, django_capture_on_commit_callbacks
):
    user = applicant()
    education = EducationFactory(user=user, transcript=stored_pdf(owner=user, name="old.pdf"))
    old = education.transcript
    assert stored_path(settings, old).is_file()

    with django_capture_on_commit_callbacks(execute=True):
        services.education_update(
            education=education, data={}, transcript=check_upload(upload("new.pdf"))
        )

    education.refresh_from_db()
    assert education.transcript.original_name == "new.pdf"
    assert not StoredFile.objects.filter(pk=old.pk).exists()
    assert not stored_path(settings, old).exists()
    assert stored_path(settings, education.transcript).is_file()


def test_delete_keeps_a_retained_file(settings, django_capture_on_commit_callbacks):
    user = applicant()
    document = DocumentFactory(user=user)
    stored = document.file
    services.stored_files_retain(ids=[stored.pk])
    document.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        services.document_delete(document=document)

    assert not Document.objects.exists()
    assert StoredFile.objects.filter(pk=stored.pk).exists()
    assert stored_path(settings, stored).is_file()


def test_delete_removes_an_unretained_file(settings, django_capture_on_commit_callbacks):
    user = applicant()
    training = TrainingFactory(user=user, certificate=stored_pdf(owner=user))
    stored = training.certificate

    with django_capture_on_commit_callbacks(execute=True):
        services.training_delete(training=training)

    assert not StoredFile.objects.filter(pk=stored.pk).exists()
    assert not stored_path(settings, stored).exists()


def test_training_form_groups_competency_areas_by_domain_and_saves_them(client):
    user = applicant()
    client.force_login(user)
    areas = list(Competency.objects.select_related("domain").order_by("domain__order", "order")[:2])

    page = client.get(reverse("applicants:training_add"))
    response = client.post(
        reverse("applicants:training_add"),
        {
            "title": "Reflective practice",
            "provider": "CT-AIMH",
            "date": "2024-05-01",
            "hours": "3",
            "format": "virtual_live",
            "competencies": [str(a.pk) for a in areas],
            "dei": "on",
        },
    )

    html = page.content.decode()
    assert f"<strong>{escape(areas[0].domain.name)}</strong>" in html
    assert response.status_code == 302
    training = user.trainings.get()
    assert set(training.competencies.all()) == set(areas)
    assert training.dei and not training.rsc_provision
    listing = client.get(reverse("applicants:training_list")).content.decode()
    assert escape(f"{areas[0].domain.name}: {areas[0].name}") in listing


def test_training_edit_keeps_certificate_unless_removed(client, settings):
    user = applicant()
    training = TrainingFactory(user=user, certificate=stored_pdf(owner=user, name="cert.pdf"))
    client.force_login(user)
    url = reverse("applicants:training_edit", args=[training.pk])
    data = {
        "title": training.title,
        "provider": "CT-AIMH",
        "date": "2024-03-14",
        "hours": "6",
        "format": "in_person",
    }

    page = client.get(url)
    client.post(url, data)
    kept = StoredFile.objects.filter(pk=training.certificate_id).exists()
    client.post(url, {**data, "remove_certificate": "on"})
    training.refresh_from_db()

    assert "Current certificate:" in page.content.decode() and "cert.pdf" in page.content.decode()
    assert kept
    assert training.certificate is None


# --- The December 2026 rules, as the forms ask for them ------------------------------------

TRAINING = {
    "title": "Attachment in the first year",
    "provider": "CT-AIMH",
    "date": "2024-05-01",
    "format": "in_person",
}


def test_training_form_says_a_training_without_a_competency_does_not_count(client):
    client.force_login(applicant())

    html = client.get(reverse("applicants:training_add")).content.decode()

    assert (
        "A training that covers no competency area does not count toward the training hours" in html
    )


@pytest.mark.parametrize(
    ("hours", "minutes", "stored"),
    [("0", "50", 50), ("1.5", "", 90), ("2", "15", 135), ("6", "0", 360)],
)
def test_training_length_is_stored_in_minutes(client, hours, minutes, stored):
    user = applicant()
    client.force_login(user)

    response = client.post(
        reverse("applicants:training_add"), {**TRAINING, "hours": hours, "minutes": minutes}
    )

    assert response.status_code == 302
    assert user.trainings.get().minutes == stored


def test_training_hours_that_make_no_whole_minute_are_refused_and_kept(client):
    user = applicant()
    client.force_login(user)

    response = client.post(reverse("applicants:training_add"), {**TRAINING, "hours": "0.83"})

    assert response.status_code == 200
    assert "Enter hours that make whole minutes" in response.content.decode()
    assert 'value="0.83"' in response.content.decode()
    assert not user.trainings.exists()


def test_training_edit_shows_its_length_in_hours_and_minutes(client):
    user = applicant()
    training = TrainingFactory(user=user, minutes=110)
    client.force_login(user)

    html = client.get(reverse("applicants:training_edit", args=[training.pk])).content.decode()

    assert 'name="hours" value="1"' in html and 'name="minutes" value="50"' in html


def test_education_records_the_day_the_degree_was_completed(client):
    user = applicant()
    client.force_login(user)

    response = client.post(
        reverse("applicants:education_add"),
        {
            "degree_level": "master",
            "institution": "Yale",
            "field_of_study": "Social work",
            "completed_on": "2019-05-20",
        },
    )

    assert response.status_code == 302
    degree = user.education.get()
    assert (degree.completed_on, degree.year) == (date(2019, 5, 20), 2019)
    listing = client.get(reverse("applicants:education_list")).content.decode()
    assert "20 May 2019" in listing


def test_work_form_no_longer_asks_for_a_post_graduate_tick(client):
    client.force_login(applicant())

    html = client.get(reverse("applicants:work_add")).content.decode()

    assert "post_graduate" not in html
    assert "Infant categories count work about pregnancy to 36 months" in html


def test_leadership_form_offers_the_kinds_mentor_categories_count(client):
    client.force_login(applicant())

    html = client.get(reverse("applicants:leadership_add")).content.decode()

    for label in ("Policy", "Faculty or university teaching", "Research", "Program administration"):
        assert f">{label}</option>" in html
