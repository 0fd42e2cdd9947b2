"""Submitting, deciding and reading catalog trainings."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.factories import applicant, coordinator
from applicants.models import Language
from competencies.models import CompetencyDomain
from core.transitions import TransitionNotAllowed
from messaging.models import Message
from organisations.tests.factories import sign_in, staff_member

from ..models import CatalogTraining, TrainingEvent, TrainingStatus
from ..services.catalog import NotAProvider, catalog_training_submit, catalog_training_transition
from .factories import catalog_training, provider, provider_staff

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    domain = CompetencyDomain.objects.filter(edition__active=True).order_by("order").first()
    data = {
        "title": "Caring, Coping and Competence",
        "description": "Relationship development when a baby has special health care needs.",
        "learning_objectives": "Apply infant mental health concepts",
        "starts_on": "2026-12-05",
        "ends_on": "2026-12-06",
        "sessions": "",
        "hours": "12",
        "dei_hours": "2",
        "rsc_provision_hours": "0",
        "format": "in_person",
        "language": Language.objects.get(name="English").pk,
        "location": "Hartford",
        "region": "",
        "age_band": "infant",
        "domains": [domain.pk],
        "competencies": [domain.competencies.order_by("pk").first().pk],
    }
    data.update(overrides)
    return data


def test_provider_submits_a_training_waiting_for_a_coordinator(client):
    staff = provider_staff()
    sign_in(client, staff)

    response = client.post(reverse("trainings:training_new"), form_data())

    training = CatalogTraining.objects.get()
    assert response.status_code == 302
    assert training.status == TrainingStatus.PENDING
    assert training.minutes == 720 and training.dei_minutes == 120
    assert training.submitted_by == staff
    assert list(training.events.values_list("code", flat=True)) == ["training_submitted"]
    # Not in the catalog before a coordinator approves it.
    assert client.get(reverse("trainings:detail", args=[training.pk])).status_code == 404


def test_submit_form_errors_keep_what_was_typed(client):
    sign_in(client, provider_staff())

    response = client.post(
        reverse("trainings:training_new"), form_data(ends_on="2026-12-01", dei_hours="13")
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "The last day cannot be before the first day." in body
    assert "This cannot be more than the hours of the training." in body
    assert "Caring, Coping and Competence" in body
    assert not CatalogTraining.objects.exists()


def test_an_employer_has_no_training_pages(client):
    sign_in(client, staff_member())  # an approved organisation of kind employer

    assert client.get(reverse("trainings:provider_home")).status_code == 404
    with pytest.raises(NotAProvider):
        catalog_training_submit(organisation=provider(status="pending"), user=applicant(), data={})


def test_coordinator_approves_with_changes_and_history_says_which(client):
    training = catalog_training(status=TrainingStatus.PENDING)
    TrainingEvent.objects.create(training=training, to_status="pending", code="training_submitted")
    training.submitted_by = provider_staff(org=training.provider)
    training.save()
    boss = coordinator()
    client.force_login(boss)
    from conftest import otp_verify_session

    otp_verify_session(client, boss)
    data = form_data(title="Caring, Coping and Competence (2 days)", hours="11.5")

    response = client.post(reverse("trainings:review", args=[training.pk]), data)

    training.refresh_from_db()
    assert response.status_code == 302
    assert training.status == TrainingStatus.APPROVED
    assert training.title == "Caring, Coping and Competence (2 days)"
    assert training.minutes == 690
    event = training.events.last()
    assert event.code == "training_approved"
    assert {"title", "minutes"} <= set(event.params["changed"])
    message = Message.objects.get(kind="training_decided")
    assert "Approved for the catalog" in message.subject
    page = client.get(reverse("trainings:detail", args=[training.pk])).content.decode()
    assert "Caring, Coping and Competence (2 days)" in page
    assert "11.5 hours of in-service training" in page


def test_declined_training_never_appears_and_cannot_be_approved_later():
    training = catalog_training(status=TrainingStatus.PENDING)
    boss = coordinator()

    catalog_training_transition(training=training, to=TrainingStatus.DECLINED, actor=boss)

    with pytest.raises(TransitionNotAllowed):
        catalog_training_transition(training=training, to=TrainingStatus.APPROVED, actor=boss)


def test_nobody_decides_their_own_organisations_training():
    training = catalog_training(status=TrainingStatus.PENDING)
    boss = coordinator()
    from organisations.models import Membership

    Membership.objects.create(organisation=training.provider, user=boss)

    with pytest.raises(PermissionError):
        catalog_training_transition(training=training, to=TrainingStatus.APPROVED, actor=boss)


@time_machine.travel(date(2026, 12, 10))
def test_catalog_shows_approved_upcoming_and_past_with_filters(client):
    past = catalog_training(
        title="Past one", starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 1)
    )
    spanish = catalog_training(
        title="Próxima",
        starts_on=date(2027, 1, 5),
        ends_on=date(2027, 1, 5),
        language=Language.objects.get(name="Spanish"),
        format="virtual_live",
    )
    catalog_training(title="Waiting one", status=TrainingStatus.PENDING)

    everything = client.get(reverse("trainings:catalog")).content.decode()
    upcoming = client.get(reverse("trainings:catalog"), {"when": "upcoming"}).content.decode()
    online = client.get(reverse("trainings:catalog"), {"format": "virtual_live"}).content.decode()
    spanish_only = client.get(
        reverse("trainings:catalog"), {"language": spanish.language_id}
    ).content.decode()
    junk = client.get(reverse("trainings:catalog"), {"domain": "nope", "starts_from": "x"})

    assert "Past one" in everything and "Próxima" in everything
    assert "Waiting one" not in everything
    assert "Past one" not in upcoming and "Próxima" in upcoming
    assert "Past one" not in online and "Próxima" in online
    assert "Próxima" in spanish_only and "Past one" not in spanish_only
    assert junk.status_code == 200
    domain = past.domains.get()
    by_domain = client.get(reverse("trainings:catalog"), {"domain": domain.pk}).content.decode()
    assert "Past one" in by_domain


def test_training_page_says_what_it_counts_for(client):
    training = catalog_training(dei_minutes=120)

    page = client.get(reverse("trainings:detail", args=[training.pk])).content.decode()

    assert "What it counts for" in page
    assert "12 hours of in-service training" in page
    assert "Of these, 2 hours about diversity, equity and inclusion." in page
    assert "Apply infant mental health concepts" in page


# --- Query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("trainings", [1, 12])
def test_catalog_query_count(client, django_assert_num_queries, trainings):
    org = provider()
    for n in range(trainings):
        catalog_training(org=org, title=f"Training {n}")

    # count; trainings with provider, language, region; their domains; areas (with domains);
    # categories; the filter form's choices are rendered from five lists: domains, areas,
    # categories, languages, regions.
    with django_assert_num_queries(10):
        response = client.get(reverse("trainings:catalog"))

    assert response.content.decode().count('class="border rounded p-3 mb-3"') == trainings


@pytest.mark.parametrize("areas", [1, 8])
def test_training_page_query_count(client, django_assert_num_queries, areas):
    training = catalog_training(areas=areas)
    catalog_training(org=training.provider, title="Another")

    # the training with provider, language and region; domains; areas; categories.
    with django_assert_num_queries(4):
        response = client.get(reverse("trainings:detail", args=[training.pk]))

    assert response.status_code == 200


# --- Permissions ----------------------------------------------------------------------------


def test_a_provider_sees_only_its_own_trainings_and_rosters(client):
    mine = catalog_training(org=provider(name="Mine"))
    theirs = catalog_training(org=provider(name="Theirs"), title="Their training")
    from ..models import AttendanceRoster

    their_roster = AttendanceRoster.objects.create(training=theirs, filename="x.csv")
    sign_in(client, provider_staff(org=mine.provider))

    home = client.get(reverse("trainings:provider_home")).content.decode()
    assert "Their training" not in home
    assert client.get(reverse("trainings:provider_training", args=[mine.pk])).status_code == 200
    for name, args in (
        ("trainings:provider_training", [theirs.pk]),
        ("trainings:roster_new", [theirs.pk]),
        ("trainings:roster_detail", [their_roster.pk]),
        ("trainings:roster_line_fix", [their_roster.pk, 2]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404, name
    assert (
        client.post(reverse("trainings:roster_confirm", args=[their_roster.pk])).status_code == 404
    )


def test_provider_pages_need_staff_with_a_second_factor(client):
    training = catalog_training()
    staff = provider_staff(org=training.provider)
    url = reverse("trainings:provider_training", args=[training.pk])

    assert client.get(url).status_code == 302  # anonymous: log in
    client.force_login(applicant())
    assert client.get(url).status_code == 403  # not an organisation's staff
    client.force_login(staff)
    assert reverse("accounts:two_factor") in client.get(url)["Location"]


def test_coordinator_pages_refuse_others(client):
    training = catalog_training(status=TrainingStatus.PENDING)
    client.force_login(applicant())

    assert client.get(reverse("trainings:queue")).status_code == 403
    assert client.get(reverse("trainings:review", args=[training.pk])).status_code == 403
    assert client.post(reverse("trainings:decline", args=[training.pk])).status_code == 403


def test_catalog_and_training_page_in_spanish(client):
    training = catalog_training(dei_minutes=90)

    catalog_page = client.get(reverse("trainings:catalog"), HTTP_ACCEPT_LANGUAGE="es")
    detail = client.get(reverse("trainings:detail", args=[training.pk]), HTTP_ACCEPT_LANGUAGE="es")

    assert "Catálogo de capacitaciones" in catalog_page.content.decode()
    body = detail.content.decode()
    assert "Para qué cuenta" in body
    assert "De estas, 1,5 horas sobre diversidad, equidad e inclusión." in body


@pytest.mark.parametrize("trainings", [1, 10])
def test_provider_home_query_count(client, django_assert_num_queries, trainings):
    org = provider()
    for n in range(trainings):
        catalog_training(org=org, title=f"Training {n}")
    sign_in(client, provider_staff(org=org))

    # session, user (roles), OTP device, membership with organisation; trainings with their
    # verified attendees counted.
    with django_assert_num_queries(5):
        response = client.get(reverse("trainings:provider_home"))

    assert response.content.decode().count("Training ") >= trainings


@pytest.mark.parametrize("waiting", [1, 10])
def test_coordinator_queue_query_count(client, django_assert_num_queries, waiting):
    org = provider()
    for n in range(waiting):
        catalog_training(org=org, title=f"Waiting {n}", status=TrainingStatus.PENDING)
    catalog_training(org=org, title="Decided")
    client.force_login(coordinator())

    # session, user (roles), OTP device; trainings waiting with providers; decided ones.
    with django_assert_num_queries(5):
        response = client.get(reverse("trainings:queue"))

    assert response.content.decode().count("Waiting ") == waiting


@pytest.mark.parametrize("attendances", [1, 6])
def test_my_trainings_query_count(client, django_assert_num_queries, attendances):
    from ..models import Attendance

    person = applicant()
    org = provider()
    for n in range(attendances):
        training = catalog_training(org=org, title=f"Attended {n}")
        Attendance.objects.create(training=training, person=person, source="roster", minutes=60)
    client.force_login(person)

    # session, user (roles); attendances with trainings and providers.
    with django_assert_num_queries(3):
        response = client.get(reverse("trainings:mine"))

    assert response.content.decode().count("Download the certificate of attendance") == attendances


@pytest.mark.parametrize("attendees", [1, 8])
def test_provider_training_page_query_count(client, django_assert_num_queries, attendees):
    from ..models import Attendance

    training = catalog_training()
    for _ in range(attendees):
        Attendance.objects.create(
            training=training, person=applicant(), source="roster", minutes=60
        )
    sign_in(client, provider_staff(org=training.provider))

    # session, user, OTP device, membership; the training (provider, language, region); its
    # domains, areas, categories; rosters; attendees with people; history.
    with django_assert_num_queries(11):
        response = client.get(reverse("trainings:provider_training", args=[training.pk]))

    assert response.status_code == 200
