"""Review in Spanish: reviewers and coordinators who read Spanish see every review page in
Spanish, and each email is written in its reader's language, not the sender's."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from accounts.tests.factories import coordinator
from endorsements.models import ApplicationStatus, Endorsement
from endorsements.review import services
from endorsements.review.conflicts import ConflictFlag
from endorsements.review.models import (
    Assignment,
    ConflictKind,
    Outcome,
    Recommendation,
    ReviewerConflict,
)
from messaging.services.queue import render_email

from .factories import (
    AssignmentFactory,
    SubmittedApplicationFactory,
    category,
    qualified_reviewer,
    review_submitted,
)

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def main_of(response) -> str:
    """The page's own content (the header and footer belong to the site, tested with it)."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def page_of(client, name, *args, **kwargs):
    response = client.get(reverse(name, args=args), **kwargs)
    assert response.status_code == 200
    return main_of(response)


def assert_none_of(page: str, english: list[str]) -> None:
    left = [phrase for phrase in english if phrase in page]
    assert not left, f"English left on a Spanish page: {left}"


@pytest.fixture
def pair():
    application = SubmittedApplicationFactory(status=S.IN_REVIEW)
    first = AssignmentFactory(
        application=application, reviewer=qualified_reviewer(preferred_language="es")
    )
    second = AssignmentFactory(application=application, reviewer=qualified_reviewer())
    return application, first, second


def test_reviewer_queue_in_spanish(client, pair):
    _, first, _ = pair
    client.force_login(first.reviewer)

    page = page_of(client, "review:queue")

    assert "Mis revisiones" in page
    assert "Por revisar" in page
    assert "Abrir la revisión" in page
    assert "Sin empezar" in page
    assert_none_of(
        page, ["My reviews", "To review", "Open review", "Not started", "Done or closed"]
    )


def test_review_form_in_spanish_with_a_validation_error(client, pair):
    _, first, _ = pair
    client.force_login(first.reviewer)

    response = client.post(
        reverse("review:review", args=[first.pk]),
        {"submit_review": "", "recommendation": Recommendation.DEFER},
    )
    page = main_of(response)

    assert response.status_code == 200
    assert "Escriba los comentarios para la persona solicitante." in page
    assert "Elija al menos una sección para volver a abrir." in page
    assert "cumplido o no cumplido" in page
    assert "Aplazar con comentarios" in page
    assert "Guardar el borrador" in page
    assert "Enviar la revisión" in page
    assert_none_of(
        page,
        [
            "Enter the feedback for the applicant.",
            "met or not met",
            "Defer with feedback",
            "Save draft",
            "Submit review",
            "Competencies and recommendation",
            "Overall comments",
        ],
    )


def test_reviewer_conflicts_page_in_spanish(client, pair):
    _, first, _ = pair
    client.force_login(first.reviewer)

    response = client.post(reverse("review:conflicts"), {"note": "Mi hermana"})
    page = main_of(response)

    assert "Mis conflictos de intereses" in page
    assert "Elija una agencia o escriba la dirección de correo electrónico" in page
    assert "Declarar el conflicto" in page
    assert_none_of(page, ["My conflicts of interest", "Declare conflict", "Agency or program"])


def test_exam_score_page_in_spanish(client):
    application = exam_pending_application()
    scorer = qualified_reviewer(preferred_language="es")
    sitting = services.exam_sitting_record(
        application=application,
        sat_on=dt.date(2026, 4, 1),
        part1_score=Decimal("85"),
        scorers=[scorer, qualified_reviewer()],
        actor=coordinator(),
        part2_answers="Viñeta 1: ...",
    )
    score = sitting.scores.get(scorer=scorer)
    client.force_login(scorer)

    page = page_of(client, "review:exam_score", score.pk)
    queue = page_of(client, "review:queue")

    assert "Calificar la parte 2: candidato" in page
    assert "Resultado de la parte 2" in page
    assert "Registrar la calificación" in page
    assert "Exámenes para calificar" in queue
    assert_none_of(page, ["Score part 2", "Record score", "Part 2 result"])


def test_coordinator_inbox_and_decide_page_in_spanish(client, pair):
    application, first, second = pair
    review_submitted(first, Recommendation.ENDORSE)
    review_submitted(second, Recommendation.DEFER)
    staff = coordinator(preferred_language="es")
    client.force_login(staff)

    inbox = page_of(client, "review:inbox")
    decide = page_of(client, "review:decide", application.pk)

    assert "Bandeja de entrada de revisión" in inbox
    assert "Revisiones y decisión" in inbox
    assert "Mostrar solicitudes" in inbox
    assert_none_of(inbox, ["Review inbox", "Show applications", "Reviews and decision"])
    assert "Registrar la decisión" in decide
    assert "Acreditar" in decide
    assert "Motivo del desempate" in decide
    assert "Difiere" in decide
    assert "Las revisiones, una al lado de la otra." in decide
    assert_none_of(
        decide,
        ["Record decision", "Tie-break reason", "Differs", "The reviews side by side"],
    )


def test_inbox_seen_in_english_is_spanish_for_a_spanish_reader(client):
    SubmittedApplicationFactory()
    client.force_login(coordinator())
    english = page_of(client, "review:inbox", HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(coordinator(preferred_language="es"))

    spanish = page_of(client, "review:inbox")

    assert "Assign reviewers" in english
    assert "Asignar revisores" in spanish
    assert "Assign reviewers" not in spanish


def test_assign_page_says_the_conflict_in_spanish(client):
    application = SubmittedApplicationFactory()
    reviewer = qualified_reviewer()
    ReviewerConflict.objects.create(reviewer=reviewer, person=application.applicant, note="")
    client.force_login(coordinator(preferred_language="es"))

    page = page_of(client, "review:assign", application.pk)

    assert "declaró un conflicto: con la persona solicitante" in page
    assert "Asignar a pesar de los conflictos que se muestran" in page
    assert_none_of(page, ["declared a conflict", "Assign despite the conflicts shown"])


def test_conflict_flags_store_values_and_read_in_either_language():
    flag = ConflictFlag(ConflictKind.DECLARED, "Vecina", "agency")

    with translation.override("en"):
        english = flag.text
    with translation.override("es"):
        spanish = flag.text

    assert flag.as_dict() == {"kind": "declared", "detail": "Vecina", "about": "agency"}
    assert english == "declared a conflict: with the applicant's agency (Vecina)"
    assert spanish == "declaró un conflicto: con la agencia de la persona solicitante (Vecina)"


def test_exam_refusal_writes_the_retake_date_in_spanish():
    application = exam_pending_application()
    sitting = services.exam_sitting_record(
        application=application,
        sat_on=dt.date(2026, 4, 1),
        part1_score=Decimal("60"),
        scorers=[qualified_reviewer(), qualified_reviewer()],
        actor=coordinator(),
        part2_answers="...",
    )
    for score in sitting.scores.all():
        services.part2_score_record(score=score, passed=False, comment="", actor=score.scorer)

    with translation.override("es"), pytest.raises(services.ExamRefused) as refused:
        services.exam_sitting_record(
            application=application,
            sat_on=dt.date(2026, 10, 1),
            part1_score=Decimal("90"),
            scorers=[qualified_reviewer(), qualified_reviewer()],
            actor=coordinator(),
            part2_answers="...",
        )

    assert str(refused.value) == "El examen se puede repetir a partir del 1 de abril de 2027."


def test_held_decisions_page_in_spanish(client, pair):
    application, first, second = pair
    review_submitted(first, Recommendation.ENDORSE)
    review_submitted(second, Recommendation.ENDORSE)
    services.application_decide(
        application=application, outcome=Outcome.ENDORSE, actor=coordinator(), hold=True
    )
    client.force_login(coordinator(preferred_language="es"))

    page = page_of(client, "review:held_decisions")
    decide = page_of(client, "review:decide", application.pk)

    assert "Decisiones retenidas" in page
    assert "1 decisión retenida" in page
    assert "Publicar las decisiones marcadas" in page
    assert "Decisión retenida para publicar" in decide
    assert_none_of(page, ["Held decisions", "decision held", "Release ticked decisions"])


def exam_pending_application(**applicant):
    application = SubmittedApplicationFactory(
        status=S.IN_REVIEW, category=category("IMHS"), **applicant
    )
    for _ in range(2):
        review_submitted(AssignmentFactory(application=application), Recommendation.EXAM)
    services.application_decide(application=application, outcome=Outcome.EXAM, actor=coordinator())
    application.refresh_from_db()
    return application


def test_exam_record_page_in_spanish(client):
    application = exam_pending_application()
    client.force_login(coordinator(preferred_language="es"))

    page = page_of(client, "review:exam_record", application.pk)

    assert "Registrar un examen" in page
    assert "Fecha del examen" in page
    assert "Calificadores de la parte 2" in page
    assert_none_of(page, ["Record an exam sitting", "Date of the sitting", "Part 2 scorers"])


def reviewed(applicant_language: str):
    application = SubmittedApplicationFactory(
        status=S.IN_REVIEW, applicant__preferred_language=applicant_language
    )
    for _ in range(2):
        review_submitted(AssignmentFactory(application=application), Recommendation.DEFER)
    return application


def test_english_coordinator_defers_and_the_spanish_applicant_reads_spanish(
    client, django_capture_on_commit_callbacks
):
    application = reviewed("es")
    client.force_login(coordinator(preferred_language="en"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("review:decide", args=[application.pk]),
            {
                "outcome": "defer",
                "feedback": "Añada la capacitación.",
                "reopened_sections": "training",
            },
            follow=True,
        )

    assert "Decision recorded" in response.content.decode()
    message = mail.outbox[-1]
    assert message.to == [application.applicant.email]
    assert message.subject == "Le piden cambios en su solicitud de IFA"
    assert "Los revisores leyeron su solicitud" in message.body
    assert "Añada la capacitación." in message.body
    assert "The reviewers have looked" not in message.body


def test_spanish_coordinator_endorses_and_the_english_applicant_reads_english(
    client, django_capture_on_commit_callbacks
):
    application = SubmittedApplicationFactory(
        status=S.IN_REVIEW, applicant__preferred_language="en"
    )
    for _ in range(2):
        review_submitted(AssignmentFactory(application=application), Recommendation.ENDORSE)
    client.force_login(coordinator(preferred_language="es"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("review:decide", args=[application.pk]), {"outcome": "endorse"}, follow=True
        )

    assert "Decisión registrada" in response.content.decode()
    message = next(m for m in mail.outbox if m.to == [application.applicant.email])
    assert message.subject == "You are endorsed: IFA"
    assert "is approved" in message.body
    assert "Felicidades" not in message.body


def test_reviewers_are_told_in_their_own_language(django_capture_on_commit_callbacks):
    application = SubmittedApplicationFactory(applicant__preferred_language="en")
    spanish, english = qualified_reviewer(preferred_language="es"), qualified_reviewer()

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.assignment_create(
            application=application, reviewers=[spanish, english], actor=coordinator()
        )

    to_spanish = next(m for m in mail.outbox if m.to == [spanish.email])
    to_english = next(m for m in mail.outbox if m.to == [english.email])
    assert to_spanish.subject.startswith("Una solicitud para revisar: IFA, fecha límite:")
    assert " de 20" in to_spanish.subject  # "1 de diciembre de 2026"
    assert to_english.subject.startswith("An application to review: IFA, due")


def review_email_context():
    application = SubmittedApplicationFactory(status=S.IN_REVIEW, category=category("IMHS"))
    application.feedback = "Añada un certificado."
    application.reopened_sections = ["training"]
    assignment = AssignmentFactory(application=application, due_on=dt.date(2026, 12, 1))
    endorsement = Endorsement(number="IMHS-1", status="active", valid_through=dt.date(2029, 6, 30))
    sitting = type(
        "Sitting",
        (),
        {
            "sat_on": dt.date(2026, 4, 1),
            "part1_score": Decimal("72.5"),
            "part1_pass_mark": 80,
            "retake_on": dt.date(2027, 4, 1),
        },
    )()
    return {
        "application": application,
        "applicant": application.applicant,
        "category": application.category,
        "reopened": ["Capacitación"],
        "reviewer": assignment.reviewer,
        "scorer": assignment.reviewer,
        "assignment": assignment,
        "round": 1,
        "endorsement": endorsement,
        "sitting": sitting,
        "part2_passed": False,
        "candidate_code": "C-1234ABCD",
        "link": "https://example.org/",
    }


@pytest.mark.parametrize(
    ("name", "spanish", "english"),
    [
        ("assigned", "Se le asignó una solicitud", "You have been assigned"),
        ("deferred", "Solo estas secciones están abiertas", "Only these sections"),
        ("denied", "Lo sentimos", "We are sorry"),
        ("due_extended", "La coordinación cambió la fecha límite", "has moved the due date"),
        ("endorsed", "Su número de acreditación es IMHS-1", "Your endorsement number"),
        ("exam_approved", "El último paso es el examen", "The last step"),
        ("exam_failed", "a partir del 1 de abril de 2027", "You may sit the exam again"),
        ("exam_scoring", "califique la parte 2", "You are asked to score"),
        ("reminder", "vence el 1 de diciembre de 2026", "is due on"),
        ("returned", "se la devolvió por incompleta", "returned it to you"),
        ("started", "ya está con sus revisores", "is now with its reviewers"),
    ],
)
def test_review_emails_render_in_spanish(name, spanish, english):
    subject, text, html = render_email(f"review_{name}", review_email_context(), language="es")

    assert spanish in text
    assert spanish in html
    for part in (subject, text, html):
        assert english not in part
        assert "Hello" not in part
        assert "You are getting this email" not in part
        assert "Open the portal" not in part
    assert "Hola, " in text


def test_exam_failed_email_says_the_score_with_a_spanish_decimal_comma():
    _, text, _ = render_email("review_exam_failed", review_email_context(), language="es")

    assert "parte 1 72,5 %" in text
    assert "parte 2 no aprobada" in text


def test_assignment_stored_flags_keep_showing_their_old_detail():
    assignment = AssignmentFactory(
        conflict_flags=[{"kind": "same_agency", "detail": "Hartford"}], override_reason="Only one"
    )
    stored = Assignment.objects.get(pk=assignment.pk)

    with translation.override("es"):
        assert [f.text for f in stored.flags] == [
            "trabaja en la agencia de la persona solicitante: Hartford"
        ]
