"""The reader's language: chosen in the header, remembered, and used for pages and emails."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.tests.factories import applicant
from core import formatting
from core.mail import send_templated_email
from messaging.models import Message

pytestmark = pytest.mark.django_db


def test_html_lang_follows_the_browser_for_an_anonymous_visitor(client):
    english = client.get(reverse("login"))
    spanish = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")

    assert b'<html lang="en">' in english.content
    assert b'<html lang="es">' in spanish.content
    assert spanish["Content-Language"] == "es"


def test_the_chooser_works_without_javascript_and_is_remembered_by_cookie(client):
    response = client.post(reverse("core:language"), {"language": "es", "next": "/accounts/login/"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    page = client.get(reverse("login"))  # no Accept-Language: the cookie decides
    assert b'<html lang="es">' in page.content


def test_the_chooser_never_sends_anyone_off_site_and_ignores_unknown_languages(client):
    away = client.post(reverse("core:language"), {"language": "es", "next": "https://evil.example"})
    unknown = client.post(reverse("core:language"), {"language": "xx", "next": "/"})

    assert away["Location"] == reverse("core:home")
    assert "portal_language" not in unknown.cookies
    assert client.get(reverse("core:language")).status_code == 405


def test_a_signed_in_persons_choice_is_stored_and_wins_over_the_browser(client):
    person = applicant()
    client.force_login(person)

    client.post(reverse("core:language"), {"language": "es", "next": "/"})
    person.refresh_from_db()
    client.cookies.clear()  # another browser, in English
    client.force_login(person)
    page = client.get(reverse("accounts:name"), HTTP_ACCEPT_LANGUAGE="en")

    assert person.preferred_language == "es"
    assert b'<html lang="es">' in page.content


def test_an_email_is_written_in_its_readers_language_not_the_senders():
    reader = applicant(preferred_language="es", email="lectora@example.org")
    other = applicant(email="reader@example.org")  # no choice: the active language

    with translation.override("en"):
        send_templated_email(
            "verify_email",
            to=[reader.email.upper(), other.email],
            context={"user": reader, "link": "http://x/y", "days": 3},
            idempotency_key="lang-1",
        )

    languages = dict(Message.objects.values_list("recipient", "language"))
    assert languages == {reader.email.upper(): "es", other.email: "en"}


def test_an_explicit_language_wins_for_people_without_an_account():
    send_templated_email(
        "verify_email",
        to="rater@example.org",
        context={"user": applicant(), "link": "http://x/y", "days": 3},
        language="es",
        idempotency_key="lang-2",
    )

    assert Message.objects.get().language == "es"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "1 December 2026"), ("es", "1 de diciembre de 2026")],
)
def test_one_date_style_per_language(language, expected):
    with translation.override(language):
        assert formatting.day(date(2026, 12, 1)) == expected


def test_a_moment_is_read_in_the_portals_time_zone():
    from datetime import UTC

    stored = datetime(2026, 7, 1, 16, 5, tzinfo=UTC)  # 12:05 in New York (summer time)
    with translation.override("es"):
        text = formatting.moment(stored)
    assert text == "1 de julio de 2026, 12:05"


@pytest.mark.parametrize(
    ("language", "minutes", "expected"),
    [
        ("en", 60, "1 hour"),
        ("en", 90, "1.5 hours"),
        ("en", 599, "9.98 hours"),
        ("en", 72_000, "1,200 hours"),
        ("es", 60, "1 hora"),
        ("es", 90, "1,5 horas"),
        ("es", 72_000, "1.200 horas"),
    ],
)
def test_hours_with_the_languages_separators_and_plural(language, minutes, expected):
    with translation.override(language):
        assert formatting.hours(minutes) == expected


def test_numbers_are_cut_never_rounded_up():
    with translation.override("en"):
        assert formatting.number(Decimal("9.999")) == "9.99"
        assert formatting.number(12) == "12"


def test_the_chooser_names_each_language_in_itself(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert ">English</button>" in page
    assert 'lang="es">Español</span>' in page
    assert "Inglés" not in page
