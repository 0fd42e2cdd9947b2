"""One name for a person: the account's legal name, correctable by its owner with the change in
the history; the Code of Ethics is signed with the current legal name; the registry searches
only the name people show."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts.models import NameChange, User
from accounts.tests.factories import UserFactory, applicant
from core.models import AuditAction, AuditEvent
from endorsements.reports.tests.factories import endorse, person
from endorsements.services.applications import ApplicationNotAllowed, ethics_attest
from endorsements.tests.factories import ApplicationFactory

from .test_profile import profile_data


@pytest.mark.django_db
def test_owner_corrects_their_name_and_the_old_one_is_kept(client):
    user = applicant(given_name="Sam", family_name="Smyth")
    client.force_login(user)

    page = client.get(reverse("accounts:name"))
    assert 'value="Smyth"' in page.content.decode()
    response = client.post(
        reverse("accounts:name"), {"given_name": " Sam ", "family_name": "Smith  Jones"}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "Sam Smith Jones"
    change = NameChange.objects.get(user=user)
    assert (change.old_family_name, change.new_family_name) == ("Smyth", "Smith Jones")
    assert change.source == NameChange.Source.OWNER and change.changed_by == user
    event = AuditEvent.objects.get(action=AuditAction.NAME_CHANGED)
    assert event.actor == user and event.details == {"from": "Sam Smyth", "to": "Sam Smith Jones"}
    history = client.get(reverse("accounts:name")).content.decode()
    assert "Sam Smyth until" in history


@pytest.mark.django_db
def test_an_empty_name_is_refused_with_a_plain_message(client):
    user = applicant(given_name="Sam", family_name="Smyth")
    client.force_login(user)

    response = client.post(reverse("accounts:name"), {"given_name": "   ", "family_name": "X"})

    assert "Enter your legal first name." in response.content.decode()
    user.refresh_from_db()
    assert user.given_name == "Sam" and not NameChange.objects.exists()


@pytest.mark.django_db
def test_the_profile_edits_the_same_one_name(client):
    user = applicant(given_name="Maria", family_name="Lopez")
    client.force_login(user)

    client.post(
        reverse("applicants:profile"), profile_data(given_name="María", family_name="López")
    )

    user.refresh_from_db()
    assert user.full_name == "María López"
    assert NameChange.objects.filter(user=user, new_given_name="María").exists()
    assert "given_name" in client.get(reverse("applicants:profile")).content.decode()


@pytest.mark.django_db
def test_staff_correcting_a_name_in_the_admin_is_kept_in_the_history(client):
    user = applicant(given_name="Jon", family_name="Doe")
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    client.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        {
            "email": user.email,
            "given_name": "John",
            "family_name": "Doe",
            "is_active": "on",
            "groups": list(user.groups.values_list("pk", flat=True)),
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "name_changes-TOTAL_FORMS": "0",
            "name_changes-INITIAL_FORMS": "0",
        },
    )

    change = NameChange.objects.get(user=user)
    assert change.new_given_name == "John" and change.source == NameChange.Source.STAFF
    assert change.changed_by == admin


@pytest.mark.django_db
def test_ethics_signature_compares_against_the_current_legal_name():
    user = applicant(given_name="Sam", family_name="Smyth")
    application = ApplicationFactory(applicant=user)
    from accounts.services import user_name_correct

    user_name_correct(user=user, given_name="Sam", family_name="Smith", actor=user)

    with pytest.raises(ApplicationNotAllowed, match="legal name exactly"):
        ethics_attest(application=application, user=user, typed_name="Sam Smyth")
    signed = ethics_attest(application=application, user=user, typed_name="sam  SMITH")
    assert signed.typed_name == "sam  SMITH".strip()


@pytest.mark.django_db
def test_nobody_signs_for_someone_else():
    application = ApplicationFactory()
    someone = applicant(
        given_name=application.applicant.given_name, family_name=application.applicant.family_name
    )

    with pytest.raises(ApplicationNotAllowed):
        ethics_attest(
            application=application, user=someone, typed_name=application.applicant.full_name
        )


# --- The public registry ----------------------------------------------------------------------

REGISTRY = "/registry/"


def listed(client, **query):
    return [p.display_name for p in client.get(REGISTRY, query).context["page"]]


@pytest.mark.django_db
def test_registry_searches_only_the_name_people_show(client):
    chosen = person(
        given="Samantha", family="Ortiz", directory_opt_in=True, preferred_name="Sam Rivera"
    )
    endorse(chosen, "IFA", on=date(2024, 1, 1))
    plain = person(given="Dana", family="Whitlock", directory_opt_in=True)
    endorse(plain, "IFA", on=date(2024, 1, 1))

    assert listed(client, name="Rivera") == ["Sam Rivera"]
    assert listed(client, name="Samantha") == []
    assert listed(client, name="Ortiz") == []  # the legal name behind a chosen name
    assert listed(client, name="whitlock") == ["Dana Whitlock"]


@pytest.mark.django_db
def test_people_who_are_not_listed_are_never_found(client):
    hidden = person(given="Bo", family="Hidden", directory_opt_in=False, preferred_name="Bo H")
    endorse(hidden, "IFA", on=date(2024, 1, 1))
    unendorsed = person(given="Cy", family="Hidden", directory_opt_in=True)

    for query in ("Hidden", "Bo", "Bo H", "Cy"):
        assert listed(client, name=query) == [], query
    assert unendorsed.pk  # opted in but holds nothing current: not listed either


@pytest.mark.django_db
def test_a_corrected_account_name_is_found_at_once(client):
    user = person(given="Dana", family="Whitlock", directory_opt_in=True)
    endorse(user, "IFA", on=date(2024, 1, 1))
    assert listed(client, name="Whitlock") == ["Dana Whitlock"]
    from accounts.services import user_name_correct

    user_name_correct(user=user, given_name="Dana", family_name="Whitfield", actor=user)

    assert listed(client, name="Whitfield") == ["Dana Whitfield"]
    assert listed(client, name="Whitlock") == []


# --- The data migration -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_makes_the_profiles_legal_name_the_account_name_and_keeps_the_old_one():
    before = [("applicants", "0007_leadership_kind_labels"), ("accounts", "0003_name_history")]
    # Back to today's accounts too: the assertions read people through today's User model.
    after = [("applicants", "0008_legal_name_to_account"), ("accounts", "0004_preferred_language")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldUser = old.get_model("accounts", "User")
    Profile = old.get_model("applicants", "ApplicantProfile")
    differs = OldUser.objects.create(email="d@example.org", given_name="Kate", family_name="Lee")
    same = OldUser.objects.create(email="s@example.org", given_name="Ann", family_name="Bo")
    blank = OldUser.objects.create(email="b@example.org", given_name="Ed", family_name="Wu")
    Profile.objects.create(user=differs, legal_given_name="Katherine", legal_family_name="Lee")
    Profile.objects.create(user=same, legal_given_name="Ann", legal_family_name="Bo")
    Profile.objects.create(user=blank, legal_given_name="", legal_family_name="")

    executor.loader.build_graph()
    executor.migrate(after)

    assert User.objects.get(pk=differs.pk).full_name == "Katherine Lee"
    assert User.objects.get(pk=same.pk).full_name == "Ann Bo"
    assert User.objects.get(pk=blank.pk).full_name == "Ed Wu"
    change = NameChange.objects.get()
    assert (change.user_id, change.old_given_name, change.new_given_name) == (
        differs.pk,
        "Kate",
        "Katherine",
    )
    assert change.source == NameChange.Source.PROFILE_MERGE

    executor.loader.build_graph()
    executor.migrate([("applicants", "0007_leadership_kind_labels")])  # and back
    assert User.objects.get(pk=differs.pk).full_name == "Kate Lee"
    assert not NameChange.objects.exists()

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reversing_the_move_gives_existing_profiles_their_legal_name_back():
    from applicants.tests.factories import ProfileFactory

    profile = ProfileFactory(user=UserFactory(given_name="Kate", family_name="Lee"))
    executor = MigrationExecutor(connection)

    executor.migrate([("applicants", "0007_leadership_kind_labels")])  # the columns come back

    old = executor.loader.project_state([("applicants", "0007_leadership_kind_labels")]).apps
    restored = old.get_model("applicants", "ApplicantProfile").objects.get(pk=profile.pk)
    assert (restored.legal_given_name, restored.legal_family_name) == ("Kate", "Lee")

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
