"""A Spanish reader sees the account pages and gets the account emails in Spanish; sign-up
keeps the language the person read the form in, and the account area lets them change it."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory, applicant, coordinator

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
SIGNUP = {
    "given_name": "Lucía",
    "family_name": "Pérez",
    "email": "lucia@example.org",
    "password1": "una-frase-larga-y-rara",
    "password2": "una-frase-larga-y-rara",
}


def page(response) -> str:
    assert response.status_code in (200, 400, 429), response.status_code
    return response.content.decode()


def test_login_page_is_in_spanish(client):
    html = page(client.get(reverse("login"), **SPANISH))

    assert '<html lang="es">' in html
    assert "¿Olvidó su contraseña?" in html
    assert "Dirección de correo electrónico" in html  # the form's label, not Django's English
    assert "Forgotten your password?" not in html
    assert "Email address" not in html


def test_a_wrong_password_is_told_in_spanish(client):
    UserFactory(email="ana@example.org")

    html = page(
        client.post(reverse("login"), {"username": "ana@example.org", "password": "no"}, **SPANISH)
    )

    assert "Hay un problema" in html
    assert "Escriba una dirección de correo electrónico y una contraseña correctas" in html
    assert "Enter a correct email address" not in html


def test_signup_page_and_its_errors_are_in_spanish(client):
    blank = page(client.get(reverse("accounts:signup"), **SPANISH))
    wrong = page(
        client.post(
            reverse("accounts:signup"),
            {**SIGNUP, "given_name": "", "password2": "otra-cosa-distinta"},
            **SPANISH,
        )
    )

    assert "Crear una cuenta" in blank and "Cree una contraseña" in blank
    assert "Create a password" not in blank and "It is free." not in blank
    # Our required-field message, in Spanish, and Django's own mismatch message, untouched.
    assert "Escriba este dato: nombre" in wrong
    assert "Los dos campos de contraseña no coinciden" in wrong
    assert "Enter first name" not in wrong


def test_a_person_who_signed_up_in_spanish_gets_the_verification_email_in_spanish(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), SIGNUP, **SPANISH)

    user = User.objects.get(email="lucia@example.org")
    assert user.preferred_language == "es"
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert message.subject.startswith("Confirme su dirección de correo electrónico")
    assert "Hola, Lucía:" in message.body
    assert "El enlace funciona durante 3 días." in message.body
    assert "Gracias por crear una cuenta en el Registro de Acreditación" in html
    assert '<html lang="es">' in html
    for english in ("Hello", "Thank you", "The link works", "Sent by the"):
        assert english not in message.body + html


def test_an_english_reader_signs_up_in_english(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), SIGNUP, HTTP_ACCEPT_LANGUAGE="en")

    assert User.objects.get(email="lucia@example.org").preferred_language == "en"
    assert mail.outbox[0].subject.startswith("Confirm your email address")


def test_signup_pages_after_the_form_are_in_spanish(client):
    done = page(client.get(reverse("accounts:signup_done"), **SPANISH))
    failed = page(client.get(reverse("accounts:verify_email", args=["no-vale"]), **SPANISH))
    resend = page(client.get(reverse("accounts:resend_verification"), **SPANISH))

    assert "Revise su correo electrónico" in done and "Check your email" not in done
    assert "Este enlace no funciona" in failed and "This link does not work" not in failed
    assert "Enviar el enlace" in resend and "Send the link" not in resend


def test_the_someone_tried_to_sign_up_email_is_in_the_holders_language(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="lucia@example.org", given_name="Lucía", preferred_language="es")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), SIGNUP, HTTP_ACCEPT_LANGUAGE="en")

    (message,) = mail.outbox
    assert message.subject == "Alguien intentó crear una cuenta con su dirección"
    assert "Para iniciar sesión:" in message.body
    assert "Someone" not in message.body + message.alternatives[0][0]


def test_an_unconfirmed_holder_is_told_how_many_days_the_link_works_in_one_sentence(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="lucia@example.org", email_verified_at=None, preferred_language="es")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), SIGNUP)

    html = mail.outbox[0].alternatives[0][0]
    assert re.search(
        r'Todavía no ha confirmado esta dirección\. <a href="[^"]+">Confirme su dirección</a> '
        r"\(el enlace funciona durante 3 días\)\.",
        html,
    )


def test_password_reset_pages_and_email_are_in_spanish(client, django_capture_on_commit_callbacks):
    UserFactory(email="ana@example.org", given_name="Ana", preferred_language="es")

    form = page(client.get(reverse("password_reset"), **SPANISH))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "ana@example.org"}, **SPANISH)
    done = page(client.get(reverse("password_reset_done"), **SPANISH))
    bad_link = page(client.get(reverse("password_reset_confirm", args=["x", "y-z"]), **SPANISH))

    assert "Restablecer su contraseña" in form and "Reset your password" not in form
    assert "Si alguna cuenta usa esa dirección" in done
    assert "Este enlace venció o ya se usó" in bad_link
    (message,) = mail.outbox
    assert message.subject.startswith("Restablezca su contraseña")
    assert "Hola, Ana:" in message.body
    assert "Alguien pidió restablecer la contraseña" in message.alternatives[0][0]
    assert "Someone asked" not in message.body + message.alternatives[0][0]


def test_password_change_page_keeps_djangos_spanish_labels(client):
    client.force_login(applicant(preferred_language="es"))

    html = page(client.get(reverse("password_change")))
    wrong = page(client.post(reverse("password_change"), {"old_password": ""}))

    assert "Cambiar la contraseña" in html
    assert "Contraseña antigua" in html  # Django's own label, in Spanish
    assert "Elegir su idioma" in html
    assert "Old password" not in html
    assert "Escriba este dato: contraseña antigua" in wrong


def test_two_factor_pages_are_in_spanish(client):
    # Through the password (force_login would pass the second factor too).
    staff = coordinator(preferred_language="es")
    client.post(reverse("login"), {"username": staff.email, "password": PASSWORD})

    setup = page(client.get(reverse("accounts:two_factor")))
    TOTPDevice.objects.filter(user=staff).update(confirmed=True)
    verify = page(client.get(reverse("accounts:two_factor")))
    wrong = page(client.post(reverse("accounts:two_factor"), {"code": "000000"}))

    assert "Configurar la verificación en dos pasos" in setup
    assert 'alt="Código QR para su aplicación de autenticación"' in setup
    assert "Set up two-factor" not in setup and "Scan this QR code" not in setup
    assert "Escriba su código" in verify and "Mejor cerrar sesión" in verify
    assert "Enter your code" not in verify
    assert "Ese código no funcionó" in wrong


def test_the_locked_out_page_is_in_spanish(client, monkeypatch):
    from accounts import throttle

    monkeypatch.setattr(throttle, "ip_blocked", lambda request: True)

    html = page(
        client.post(reverse("login"), {"username": "a@example.org", "password": "x"}, **SPANISH)
    )

    assert "Demasiados intentos de iniciar sesión" in html
    assert "restablezca su contraseña" in html
    assert "Too many attempts" not in html


def test_the_name_page_is_in_spanish_with_its_dates(client):
    person = applicant(preferred_language="es", given_name="Ana", family_name="Ruiz")
    client.force_login(person)
    client.post(reverse("accounts:name"), {"given_name": "Ana", "family_name": "Ruiz Gil"})

    html = page(client.get(reverse("accounts:name")))

    assert "Su nombre ahora es Ana Ruiz Gil." in html
    assert "Nombres anteriores" in html
    assert re.search(r"Ana Ruiz hasta el \d{1,2} de \w+ de \d{4} \(ahora Ana Ruiz Gil\)", html)
    assert "Corregido por la persona" in html
    assert "Earlier names" not in html


# The language page.


def test_the_language_page_shows_the_current_choice_and_names_each_language_in_itself(client):
    client.force_login(applicant(preferred_language="es"))

    html = page(client.get(reverse("accounts:language")))

    assert "Su idioma" in html
    assert re.search(r'value="es"[^>]*checked', html)
    assert re.search(r">\s*English\s*</label>", html)
    assert re.search(r">\s*Español\s*</label>", html)


def test_choosing_a_language_stores_it_and_writes_the_next_page_in_it(client):
    person = applicant()  # no choice yet
    client.force_login(person)

    response = client.post(reverse("accounts:language"), {"language": "es"})
    following = page(client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en"))

    person.refresh_from_db()
    assert person.preferred_language == "es"
    assert response["Location"] == reverse("accounts:language")
    assert response.cookies["portal_language"].value == "es"
    assert "Guardado: sus páginas y correos electrónicos ahora están en este idioma." in following
    assert '<html lang="es">' in following


def test_switching_back_to_english_says_so_in_english(client):
    person = applicant(preferred_language="es")
    client.force_login(person)

    response = client.post(reverse("accounts:language"), {"language": "en"}, follow=True)

    person.refresh_from_db()
    assert person.preferred_language == "en"
    assert "Saved: your pages and emails are now in this language." in response.content.decode()


def test_an_unknown_language_is_refused_in_words(client):
    person = applicant(preferred_language="es")
    client.force_login(person)

    html = page(client.post(reverse("accounts:language"), {"language": "xx"}))

    person.refresh_from_db()
    assert person.preferred_language == "es"
    assert "Hay un problema" in html


def test_the_language_page_asks_for_a_login(client):
    response = client.get(reverse("accounts:language"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_language_choice_reaches_the_emails(client, django_capture_on_commit_callbacks):
    person = applicant(email="ana@example.org", email_verified_at=None)
    client.force_login(person)
    client.post(reverse("accounts:language"), {"language": "es"})
    client.logout()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:resend_verification"),
            {"email": "ana@example.org"},
            HTTP_ACCEPT_LANGUAGE="en",
        )

    assert mail.outbox[0].subject.startswith("Confirme su dirección")
