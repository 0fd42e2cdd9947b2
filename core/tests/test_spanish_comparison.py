"""The judge of the Spanish walk (core/tests/spanish.py) on small pages: it must fail on
English left behind and pass on a page that is wholly Spanish, data and all."""

from django.template import Context, Template
from django.utils import translation

from core.tests import spanish

PAGE = """<!doctype html><html lang="{lang}"><head><title>{title}</title>
<script>var label = "Save draft";</script></head><body>
<nav aria-label="{nav}"><a href="/">{home}</a></nav>
<h1>{heading}</h1>
<p>{greeting} <strong>Alma Applicant</strong>, alma@example.org</p>
<p>IFRS · 12 · 2026-03-14 · https://example.org/verify/ABC</p>
<input type="text" placeholder="{placeholder}" value="Typed by the person">
<button type="submit" value="go">{button}</button>
<form><button lang="en">English</button><span lang="es">Español</span></form>
<p>Total: 3</p>
</body></html>"""

ENGLISH = {
    "lang": "en",
    "title": "Your portfolio",
    "nav": "Main",
    "home": "Home",
    "heading": "Your portfolio",
    "greeting": "Welcome back,",
    "placeholder": "Search by name",
    "button": "Save and continue",
}
SPANISH = {
    "lang": "es",
    "title": "Su portafolio",
    "nav": "Principal",
    "home": "Inicio",
    "heading": "Su portafolio",
    "greeting": "Bienvenida de nuevo,",
    "placeholder": "Buscar por nombre",
    "button": "Guardar y continuar",
}
DATA = spanish.Data(["Alma Applicant", "Typed by the person", "IFRS"])


def test_a_wholly_spanish_page_passes():
    english, spanish_page = PAGE.format(**ENGLISH), PAGE.format(**SPANISH)

    assert spanish.untranslated(english, spanish_page, DATA) == []
    assert spanish.html_lang(spanish_page) == "es"


def test_english_left_in_text_attributes_and_buttons_is_found():
    half = {**SPANISH, "heading": "Your portfolio", "nav": "Main", "button": "Save and continue"}
    half["placeholder"] = "Search by name"

    found = spanish.untranslated(PAGE.format(**ENGLISH), PAGE.format(**half), DATA)

    assert found == ["Main", "Your portfolio", "Search by name", "Save and continue"]


def test_data_inside_a_sentence_does_not_hide_the_sentence():
    english = '<html lang="en"><body><p>Alma Applicant has 3 sessions</p></body></html>'
    same = english.replace('lang="en"', 'lang="es"')
    translated = '<html lang="es"><body><p>Alma Applicant tiene 3 sesiones</p></body></html>'

    assert spanish.untranslated(english, same, DATA) == ["Alma Applicant has 3 sessions"]
    assert spanish.untranslated(english, translated, DATA) == []


def test_scripts_marked_languages_and_cognates_are_not_prose():
    _, segments = spanish.page_segments(PAGE.format(**SPANISH))

    assert "Save draft" not in " ".join(segments)  # a script
    assert "English" not in segments  # says lang="en" on purpose
    assert spanish.prose_words("Total: 3", DATA) == []


def test_plain_text_is_judged_line_by_line():
    english = "Hello Alma Applicant,\nYour reference is in.\nIFRS\n"
    spanish_text = "Hola Alma Applicant,\nYour reference is in.\nIFRS\n"

    assert spanish.untranslated_text(english, spanish_text, DATA) == ["Your reference is in."]


def test_the_real_chrome_is_judged_by_the_catalogue():
    # base.html's strings go through the catalogue: whatever it holds today, a string it
    # translates is never reported and one it does not translate always is.
    template = Template(
        '{% load i18n %}<html lang="{{ l }}"><p>{% translate "Log in" %}</p></html>'
    )

    def render(language):
        with translation.override(language):
            return template.render(Context({"l": language}))

    english, spanish_page = render("en"), render("es")
    with translation.override("es"):
        translated = translation.gettext("Log in") != "Log in"

    assert spanish.untranslated(english, spanish_page, DATA) == ([] if translated else ["Log in"])
