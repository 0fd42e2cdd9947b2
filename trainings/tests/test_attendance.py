"""Attendance rosters: matching, fixing, confirming, invitations, certificates."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import UserFactory, applicant
from applicants.models import Training
from messaging.models import Message
from organisations.tests.factories import sign_in

from ..models import Attendance, AttendeeAddress, Invitation, MatchOutcome, TrainingStatus
from ..rosters import read_attendance
from ..services import attendance as svc
from ..services.certificates import attendance_certificate_render
from .factories import catalog_training, provider_staff

pytestmark = pytest.mark.django_db


def upload(training, rows, user=None):
    lines = [{"line": n, **row} for n, row in enumerate(rows, start=2)]
    return svc.roster_upload(
        training=training, user=user or applicant(), filename="r.csv", lines=lines
    )


def outcomes(roster):
    return [(line.outcome, line.person_id, line.minutes) for line in roster.lines.all()]


def test_matches_by_exact_email_any_case_and_a_second_address():
    training = catalog_training()
    ana = applicant(email="ana@example.org", given_name="Ana", family_name="Reyes")
    bo = applicant(email="bo@example.org", given_name="Bo", family_name="Lind")
    AttendeeAddress.objects.create(person=bo, email="Bo.Lind@Work.example")

    roster = upload(
        training,
        [
            {"name": "Someone Else", "email": "ana@example.org", "hours": ""},
            {"name": "", "email": "ANA@Example.ORG", "hours": "12"},
            {"name": "B. Lind", "email": "bo.lind@work.example", "hours": "6"},
        ],
    )

    assert outcomes(roster) == [
        (MatchOutcome.EMAIL, ana.pk, 720),
        (MatchOutcome.EMAIL, ana.pk, 720),
        (MatchOutcome.EMAIL, bo.pk, 360),
    ]


def test_name_matches_one_person_but_two_namesakes_are_never_guessed():
    training = catalog_training()
    only = applicant(given_name="Carmen", family_name="Ortiz")
    applicant(given_name="Luis", family_name="Díaz")
    applicant(given_name="Luis", family_name="Díaz")

    roster = upload(
        training,
        [
            {"name": "carmen  ORTIZ", "email": "", "hours": "12"},
            {"name": "Luis Díaz", "email": "", "hours": "12"},
            {"name": "Nobody Known", "email": "new@example.org", "hours": "3,5"},
            {"name": "Nobody Known", "email": "", "hours": "3"},
        ],
    )

    assert outcomes(roster) == [
        (MatchOutcome.NAME, only.pk, 720),
        (MatchOutcome.AMBIGUOUS, None, 720),
        (MatchOutcome.NOBODY, None, 210),
        (MatchOutcome.INVALID, None, 180),
    ]
    assert svc.roster_blocking_lines(roster) == 2
    with pytest.raises(svc.RosterNotReady):
        svc.roster_confirm(roster=roster, user=applicant())


def test_partial_hours_and_unreadable_hours():
    training = catalog_training(minutes=600)
    person = applicant(email="p@example.org")

    roster = upload(
        training,
        [
            {"name": "", "email": "p@example.org", "hours": "2.5"},
            {"name": "", "email": "p@example.org", "hours": "six"},
            {"name": "", "email": "p@example.org", "hours": "11"},
        ],
    )

    lines = list(roster.lines.all())
    assert (lines[0].outcome, lines[0].minutes) == (MatchOutcome.EMAIL, 150)
    assert (lines[1].outcome, lines[1].problem, lines[1].hours_typed) == (
        MatchOutcome.INVALID,
        "hours_unreadable",
        "six",
    )
    assert lines[2].problem == "hours_over"
    svc.roster_line_fix(line=lines[1], name="", email="p@example.org", hours=None, skip=False)
    svc.roster_line_fix(line=lines[2], name="", email="", hours=None, skip=True)
    lines[1].refresh_from_db()
    assert (lines[1].outcome, lines[1].minutes) == (MatchOutcome.EMAIL, 600)
    assert person.pk == lines[1].person_id


def test_confirm_credits_verified_training_and_invites_the_rest(django_capture_on_commit_callbacks):
    training = catalog_training(minutes=720)
    person = applicant(email="p@example.org")
    roster = upload(
        training,
        [
            {"name": "", "email": "p@example.org", "hours": "6"},
            {"name": "New Person", "email": "new@example.org", "hours": ""},
        ],
    )

    with django_capture_on_commit_callbacks(execute=True):
        counts = svc.roster_confirm(roster=roster, user=applicant())

    assert counts == {"credited": 1, "invited": 1}
    logged = Training.objects.get(user=person)
    assert logged.verified and logged.minutes == 360
    assert logged.title == training.title and logged.provider == training.provider.name
    assert set(logged.competencies.all()) == set(training.competencies.all())
    invitation = Invitation.objects.get()
    assert invitation.email == "new@example.org" and invitation.minutes == 720
    message = Message.objects.get(kind="training_invitation")
    assert message.recipient == "new@example.org"
    attendance = Attendance.objects.get()
    assert attendance.certificate_file  # rendered by the (eager) worker task


def test_reuploading_the_same_roster_makes_no_duplicates(django_capture_on_commit_callbacks):
    training = catalog_training()
    person = applicant(email="p@example.org")
    rows = [
        {"name": "", "email": "p@example.org", "hours": "6"},
        {"name": "New Person", "email": "new@example.org", "hours": "6"},
    ]
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            svc.roster_confirm(roster=upload(training, rows), user=applicant())

    assert Training.objects.filter(user=person).count() == 1
    assert Attendance.objects.count() == 1
    assert Invitation.objects.count() == 1
    assert Message.objects.filter(kind="training_invitation").count() == 1


def test_a_roster_for_a_training_not_approved_is_refused(client):
    training = catalog_training(status=TrainingStatus.PENDING)

    with pytest.raises(svc.TrainingNotApproved):
        upload(training, [{"name": "", "email": "p@example.org", "hours": "1"}])

    sign_in(client, provider_staff(org=training.provider))
    response = client.get(reverse("trainings:roster_new", args=[training.pk]))
    assert response.status_code == 409
    assert "not approved yet" in response.content.decode()


def test_invited_person_claims_after_signing_up_and_the_address_becomes_theirs(client):
    training = catalog_training()
    roster = upload(training, [{"name": "Nu", "email": "Work@Example.org", "hours": "5"}])
    svc.roster_confirm(roster=roster, user=applicant())
    token = svc.invitation_token(Invitation.objects.get())
    person = applicant(email="home@example.org")
    client.force_login(person)

    client.post(reverse("trainings:claim", args=[token]))

    logged = Training.objects.get(user=person)
    assert logged.verified and logged.minutes == 300
    assert AttendeeAddress.objects.get().person == person
    again = client.get(reverse("trainings:claim", args=[token]))
    assert again.status_code == 404  # claimed once
    later = upload(training, [{"name": "", "email": "work@example.org", "hours": "6"}])
    assert outcomes(later) == [(MatchOutcome.EMAIL, person.pk, 360)]


def test_self_reported_training_turns_verified_without_a_second_row(client):
    training = catalog_training()
    person = applicant(email="p@example.org")
    client.force_login(person)

    client.post(reverse("trainings:attended", args=[training.pk]))
    client.post(reverse("trainings:attended", args=[training.pk]))  # twice: nothing twice
    own = Training.objects.get(user=person)
    assert not own.verified and own.minutes == training.minutes
    assert set(own.competencies.all()) == set(training.competencies.all())

    roster = upload(training, [{"name": "", "email": "p@example.org", "hours": "10"}])
    svc.roster_confirm(roster=roster, user=applicant())

    own.refresh_from_db()
    assert Training.objects.filter(user=person).count() == 1
    assert own.verified and own.minutes == 600


def test_verified_training_is_kept_or_hidden_never_changed(client):
    training = catalog_training()
    person = applicant(email="p@example.org")
    svc.roster_confirm(
        roster=upload(training, [{"name": "", "email": "p@example.org", "hours": ""}]),
        user=applicant(),
    )
    logged = Training.objects.get(user=person)
    client.force_login(person)

    assert client.get(reverse("applicants:training_edit", args=[logged.pk])).status_code == 404
    assert client.post(reverse("applicants:training_delete", args=[logged.pk])).status_code == 404
    client.post(reverse("applicants:training_verified", args=[logged.pk]), {"choice": "hidden"})
    logged.refresh_from_db()
    assert logged.hidden
    from applicants.selectors import evidence_for_user, evidence_summary_for_user

    assert evidence_for_user(person).trainings == []
    assert evidence_summary_for_user(person).training_hours == 0
    list_page = client.get(reverse("applicants:training_list")).content.decode()
    assert "Verified by the provider" in list_page and "Hidden: not counted" in list_page


def test_certificate_pdf_names_the_attendee_and_hours(client, django_capture_on_commit_callbacks):
    from pypdf import PdfReader

    training = catalog_training()
    person = applicant(email="p@example.org", given_name="Ana", family_name="Reyes")
    with django_capture_on_commit_callbacks(execute=True):
        svc.roster_confirm(
            roster=upload(training, [{"name": "", "email": "p@example.org", "hours": "7.5"}]),
            user=applicant(),
        )
    attendance = Attendance.objects.get()
    assert attendance_certificate_render(attendance_id=attendance.pk) is False  # current
    client.force_login(person)

    response = client.get(reverse("trainings:certificate", args=[attendance.pk]))

    text = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages[0].extract_text()
    assert "Ana Reyes" in text and "7.5 hours of 12 hours" in text
    client.force_login(UserFactory())
    assert client.get(reverse("trainings:certificate", args=[attendance.pk])).status_code == 404


def test_roster_file_reads_spanish_headers_and_excel():
    from openpyxl import Workbook

    csv_lines = read_attendance(
        "Nombre;Correo electrónico;Horas asistidas\nAna Reyes;ana@example.org;6,5\n".encode(),
        max_rows=10,
    )
    workbook = Workbook()
    workbook.active.append(["Name", "Email", "Hours attended"])
    workbook.active.append(["Bo Lind", "bo@example.org", 4])
    buffer = io.BytesIO()
    workbook.save(buffer)

    xlsx_lines = read_attendance(buffer.getvalue(), max_rows=10)

    assert csv_lines == [
        {"line": 2, "name": "Ana Reyes", "email": "ana@example.org", "hours": "6,5"}
    ]
    assert xlsx_lines[0]["name"] == "Bo Lind" and xlsx_lines[0]["hours"] == 4


def test_provider_uploads_previews_fixes_and_confirms_through_the_pages(client):
    training = catalog_training()
    applicant(email="p@example.org")
    sign_in(client, provider_staff(org=training.provider))
    csv_file = SimpleUploadedFile(
        "roster.csv", b"Name,Email,Hours attended\nPat,p@example.org,4\nX,,lots\n"
    )

    response = client.post(reverse("trainings:roster_new", args=[training.pk]), {"file": csv_file})
    detail = client.get(response["Location"]).content.decode()
    roster_pk = int(response["Location"].rstrip("/").split("/")[-1])
    confirm = client.post(reverse("trainings:roster_confirm", args=[roster_pk]))
    fix = client.post(
        reverse("trainings:roster_line_fix", args=[roster_pk, 3]),
        {"name": "X", "email": "", "hours": "", "skip": "on"},
    )
    done = client.post(reverse("trainings:roster_confirm", args=[roster_pk]))

    assert "1 line needs fixing" in detail
    assert "Hours cannot be read" in detail
    assert Attendance.objects.filter(training=training).count() == 1
    assert confirm.status_code == fix.status_code == done.status_code == 302


@pytest.mark.parametrize("lines", [1, 30])
def test_roster_preview_query_count(client, django_assert_num_queries, lines):
    training = catalog_training()
    staff = provider_staff(org=training.provider)
    roster = upload(
        training,
        [{"name": f"P {n}", "email": f"p{n}@example.org", "hours": ""} for n in range(lines)],
    )
    sign_in(client, staff)

    # session, user (roles), OTP device, membership with organisation; the roster with its
    # training; its lines with their people.
    with django_assert_num_queries(6):
        response = client.get(reverse("trainings:roster_detail", args=[roster.pk]))

    assert response.content.decode().count("No account yet: will be invited") == lines


def test_sweep_renders_certificates_missed_while_the_broker_was_away():
    from ..services.certificates import attendance_certificates_sweep

    training = catalog_training()
    applicant(email="p@example.org")
    # Confirmed without running the after-commit hooks: the render was never queued.
    svc.roster_confirm(
        roster=upload(training, [{"name": "", "email": "p@example.org", "hours": ""}]),
        user=applicant(),
    )
    assert not Attendance.objects.get().certificate_file

    assert attendance_certificates_sweep() == 1

    assert Attendance.objects.get().certificate_file
    assert attendance_certificates_sweep() == 0
