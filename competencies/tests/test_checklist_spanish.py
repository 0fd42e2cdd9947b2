"""The checklist's words in the reader's language: the engine gives codes, the page the sentence."""

import dataclasses
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from competencies import checklist_text, rules
from competencies.rules import (
    Attestations,
    Degree,
    MembershipPeriod,
    PortfolioFacts,
    RequirementSpec,
    WorkPeriod,
    evaluate_application,
)
from endorsements.review.snapshot import checklist_items

from .factories import reference, session, training

ON = date(2026, 3, 15)
D = Decimal

SPEC = RequirementSpec(
    min_education_level="bachelor",
    education_alternative_work_years=D("4"),
    work_years=D("2"),
    min_families_served=10,
    age_bands=frozenset({"infant"}),
    training_hours=D("24"),
    training_dei_hours=D("3"),
    training_requires_competency=True,
    rsc_hours=D("24"),
    rsc_window_months=24,
    rsc_provider_codes=frozenset({"IMHS"}),
    count_unconfirmed_rsc=False,
    references_required=3,
    reference_relationships=("current_supervisor", "rsc_provider"),
    ethics_required=True,
    membership_required=True,
)


def member_until(day):
    """A record of the association's membership from 2000 to `day`."""
    return (MembershipPeriod(date(2000, 1, 1), day),)


def _facts() -> PortfolioFacts:
    return PortfolioFacts(
        degrees=(Degree("associate", "Child development", 2010, id=1),),
        work=(WorkPeriod(date(2024, 1, 1), None, families_served=4, id=2, age_band="infant"),),
        trainings=(
            training(date(2025, 5, 1), "12", competency_ids=frozenset({1}), id=3),
            training(date(2025, 6, 1), "1", id=4),  # no competency area: does not count
        ),
        rsc_sessions=(
            session(date(2025, 1, 10), "12", confirmed="confirmed", id=5),
            session(date(2025, 2, 10), "1", peer=True, confirmed="confirmed", id=6),
            session(date(2025, 3, 10), "1.5", provider="IFA", confirmed="confirmed", id=7),
            session(date(2025, 4, 10), "12", confirmed="disputed", id=8),
        ),
        references=(reference(1, relationship="colleague"), reference(2, completed=False)),
        attestations=Attestations(memberships=member_until(date(2026, 1, 31))),
    )


CODE = re.compile(r"^[A-Za-z0-9_:\-]*$")  # codes, including category codes


def _plain_values(value, names: set[str]):
    """Yield every string in a result that is neither a code nor a name a person typed."""
    if isinstance(value, str):
        if not CODE.match(value) and value not in names:
            yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _plain_values(k, names)
            yield from _plain_values(v, names)
    elif isinstance(value, list | tuple | set | frozenset):
        for v in value:
            yield from _plain_values(v, names)


def test_engine_results_hold_codes_and_values_never_sentences():
    checklist = evaluate_application(_facts(), SPEC, on=ON)
    breakdown = rules.rsc_breakdown(_facts().rsc_sessions, SPEC, ON)

    fields = {f.name for f in dataclasses.fields(rules.ChecklistItem)}
    assert "label" not in fields and "explanation" not in fields
    assert "reason" not in {f.name for f in dataclasses.fields(rules.SessionVerdict)}
    names = {"Pat Provider"}
    for item in checklist.items:
        assert item.code == item.key
        for value in (item.key, item.code, item.section, item.required, item.actual):
            assert list(_plain_values(value, names)) == []
        assert list(_plain_values(dict(item.params), names)) == [], item.key
    for verdict in breakdown.verdicts:
        assert list(_plain_values(dict(verdict.params), names)) == []


def test_the_same_checklist_reads_in_spanish_with_real_plurals():
    checklist = evaluate_application(_facts(), SPEC, on=ON)

    with translation.override("es"):
        training_item = checklist.item("training_hours")
        rsc = checklist.item("rsc_hours")
        assert training_item.label == "Capacitación en servicio"
        assert training_item.explanation == (
            "12,0 de 24 horas de capacitación; "
            "1 hora de capacitación sin área de competencia no cuenta."
        )
        assert rsc.label == "Supervisión/consulta reflexiva recibida"
        assert rsc.explanation.startswith("12,0 de 24 horas de SCR en los últimos 24 meses; ")
        assert "1 hora de supervisión entre pares sin proveedor(a) identificado(a) no cuenta" in (
            rsc.explanation
        )
        assert "1,5 horas de un(a) proveedor(a) no elegible no cuentan" in rsc.explanation
        assert "12 horas rechazadas por el/la proveedor(a) no cuentan" in rsc.explanation
        assert checklist.item("membership").explanation == (
            "La membresía terminó el 31 de enero de 2026; renuévela para continuar."
        )
        assert checklist.item("education").explanation.startswith(
            "Se requiere una licenciatura o un título superior, o en su lugar 4 años"
        )
        every = " ".join(f"{i.label} {i.explanation}" for i in checklist.items)
    for english in (" of ", " hours", "training", "Membership", " do not count", "You have"):
        assert english not in every, english

    with translation.override("en"):
        assert checklist.item("training_hours").explanation == (
            "12.0 of 24 training hours; "
            "1 hour of training tagged with no competency area does not count."
        )


def test_session_reasons_read_in_spanish():
    breakdown = rules.rsc_breakdown(_facts().rsc_sessions, SPEC, ON)
    reasons = {v.session.id: v for v in breakdown.verdicts}

    with translation.override("es"):
        assert reasons[5].reason == "Cuenta."
        assert reasons[7].reason == (
            "El 10 de marzo de 2025 el/la proveedor(a) tenía IFA; "
            "la SCR que cuenta debe venir de IMHS."
        )
        assert reasons[8].reason == "El/la proveedor(a) rechaza esta sesión."


def _frozen(checklist) -> dict:
    """A checklist as application_snapshot_build freezes it (JSON values)."""
    from endorsements.services.snapshot import _plain

    return {
        "checklist": {
            "complete": checklist.complete,
            "items": [
                {
                    "key": i.key,
                    "met": i.met,
                    "required": _plain(i.required),
                    "actual": _plain(i.actual),
                    "section": i.section,
                    "contributing_ids": list(i.contributing_ids),
                    "code": i.code,
                    "params": _plain(dict(i.params)),
                }
                for i in checklist.items
            ],
        }
    }


def test_a_frozen_snapshot_reads_in_spanish():
    snapshot = _frozen(evaluate_application(_facts(), SPEC, on=ON))

    with translation.override("es"):
        items = {item.title: item for item in checklist_items(snapshot)}
        training_item = items["Capacitación en servicio"]
        assert [line.label for line in training_item.lines] == [
            "Cumplido",
            "Lo que encontró el portal",
        ]
        assert training_item.lines[0].value == "No"
        assert training_item.lines[1].value.startswith("12,0 de 24 horas de capacitación")
        assert items["Membresía de la asociación"].lines[1].value == (
            "La membresía terminó el 31 de enero de 2026; renuévela para continuar."
        )


def test_an_old_snapshot_with_only_english_still_shows():
    snapshot = {
        "checklist": {
            "items": [
                {
                    "key": "references",
                    "label": "Reference ratings",
                    "met": False,
                    "explanation": "1 of 3 reference ratings count.",
                    "code": "",
                    "params": {},
                },
                {
                    "key": "ethics",
                    "label": "Code of Ethics and Endorsement Agreement",
                    "met": True,
                    "explanation": "You have signed the Code of Ethics and the Endorsement "
                    "Agreement.",
                    "code": "",
                    "params": {},
                },
            ]
        }
    }

    with translation.override("es"):
        references, ethics = checklist_items(snapshot)
    # Nothing but English to show for the first; the second needs no parameters.
    assert references.title == "Evaluaciones de referencia"
    assert references.lines[1].value == "1 of 3 reference ratings count."
    assert ethics.lines[1].value == "Usted firmó el Código de Ética y el Acuerdo de Acreditación."


def test_lists_use_the_languages_conjunction():
    with translation.override("es"):
        assert checklist_text.or_list(["IFS", "IFRS", "IMHS"]) == "IFS, IFRS o IMHS"
        assert checklist_text.and_list(["a", "b"]) == "a y b"
    with translation.override("en"):
        assert checklist_text.or_list(["IFS", "IFRS", "IMHS"]) == "IFS, IFRS or IMHS"


ENGLISH_ON_REQUIREMENT_PAGES = (
    "Endorsement requirements",
    "What you need",
    "Staying endorsed",
    "Scope of practice",
    "of in-service training",
    "reference ratings",
    "or higher",
    "Every year",
    "Good to know",
    "The deadline is",
    "Back to",
)


@pytest.mark.django_db
def test_requirement_pages_in_spanish_have_no_english_sentences(client):
    pages = [
        client.get(reverse("competencies:list"), HTTP_ACCEPT_LANGUAGE="es"),
        client.get(reverse("competencies:detail", args=["IFS"]), HTTP_ACCEPT_LANGUAGE="es"),
    ]

    for page in pages:
        # The page's own content (the header and footer are converted elsewhere).
        html = page.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
        assert "Requisitos de acreditación" in html
        assert "Al menos" in html and "de capacitación" in html
        assert "Es bueno saber" in html or "Renovación" in html
        for english in ENGLISH_ON_REQUIREMENT_PAGES:
            assert english not in html, english
    detail = pages[1].content.decode().split("<main", 1)[1]
    # The choice labels the summaries name (education levels) are Spanish too.
    assert " o superior" in detail
    assert "Licenciatura" in detail or "Título de asociado" in detail
    assert "Lo que necesita" in detail and "Mantener la acreditación" in detail
