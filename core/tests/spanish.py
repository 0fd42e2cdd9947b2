"""Finding English left on a Spanish page: the comparison the Spanish walk, the email check and
the browser journey share.

The judge is the portal itself: the same page is rendered for the same person in English and
in Spanish, and a piece of text shown identically in both is untranslated, unless it is data
(anything stored in the database, an address, a number) or one of the few words Spanish and
English write alike (COGNATES). No English dictionary, no pseudo-locale: a string the catalogue
misses, a label built in Python at import time, a choice label without gettext, a date written
with C-locale month names all show up as "the same in both languages".
"""

import re
from collections import defaultdict
from html.parser import HTMLParser

# Attributes a reader meets (read aloud, shown on hover, shown in an empty field).
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-confirm", "aria-description")
# Elements whose content is not read.
SKIPPED = {"script", "style", "template", "noscript", "svg", "code", "pre", "textarea"}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}

# Words Spanish writes exactly as English does, so that their being the same in both
# languages proves nothing. Each is a real Spanish word (RAE), lower-case.
COGNATES = {
    "total",  # el total
    "general",  # general
    "normal",
    "final",
    "regional",
    "error",  # el error
    "local",
    "personal",
    "profesional",
    "min",  # minutos, abbreviated as in English ("1 h 30 min")
    "bytes",  # a file's size ("PDF, 451 bytes")
    "pdf",  # file formats: names, not words
    "csv",
    "xlsx",
    "excel",
    "json",
    "iecmh",  # the glossary keeps the field's acronym in Spanish
    "rsc",  # kept in codes and in category names stored as data
    "url",
    "web",
}

WORD = re.compile(r"[^\W\d_]{3,}")
EMAIL = re.compile(r"\S+@\S+")
URL = re.compile(r"(?:https?://|www\.|/)\S*")
SPACE = re.compile(r"\s+")


class Segments(HTMLParser):
    """The readable text of a page, as (kind, text) pairs: text nodes and read attributes.

    Text inside an element whose `lang` differs from the page's own is left out: it says in
    the markup that it is in another language on purpose (the language chooser's "English").
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page_lang = ""
        self.stack: list[tuple[str, str | None]] = []  # (tag, lang) of open elements
        self.skip = 0
        self.segments: list[str] = []
        self._text: list[str] = []

    # The language in force at the current point of the document.
    def _lang(self) -> str:
        for _tag, lang in reversed(self.stack):
            if lang is not None:
                return lang
        return self.page_lang

    def _foreign(self) -> bool:
        return bool(self.page_lang) and self._lang().split("-")[0] != self.page_lang.split("-")[0]

    def _flush(self):
        text = SPACE.sub(" ", "".join(self._text)).strip()
        self._text = []
        if text:
            self.segments.append(text)

    def handle_starttag(self, tag, attrs):
        self._flush_pending()
        attrs = dict(attrs)
        if tag == "html":
            self.page_lang = attrs.get("lang") or ""
        lang = attrs.get("lang")
        if tag not in VOID:
            self.stack.append((tag, lang))
            if tag in SKIPPED:
                self.skip += 1
        if self.skip or (lang and self._differs(lang)) or (not lang and self._foreign()):
            return
        for name in READ_ATTRIBUTES:
            if attrs.get(name):
                self._add(attrs[name])
        if tag in ("button", "input") and attrs.get("value"):
            kind = (attrs.get("type") or ("submit" if tag == "button" else "text")).lower()
            if kind in ("submit", "button", "reset"):
                self._add(attrs["value"])
        if tag == "meta" and (attrs.get("name") or "").lower() == "description":
            self._add(attrs.get("content") or "")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        self._flush_pending()
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for closed, _lang in self.stack[i:]:
                    if closed in SKIPPED:
                        self.skip -= 1
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.skip or self._foreign():
            self._flush_pending()
            return
        self._text.append(data)

    def _flush_pending(self):
        if self._text:
            self._flush()

    def _differs(self, lang: str) -> bool:
        return bool(self.page_lang) and lang.split("-")[0] != self.page_lang.split("-")[0]

    def _add(self, text: str):
        text = SPACE.sub(" ", text).strip()
        if text:
            self.segments.append(text)

    def close(self):
        super().close()
        self._flush_pending()


def page_segments(html: str) -> tuple[str, list[str]]:
    """(the `<html lang>`, the readable segments in document order)."""
    parser = Segments()
    parser.feed(html)
    parser.close()
    return parser.page_lang, parser.segments


class Data:
    """Strings that are data, not prose: judged by whole value, inside a segment too."""

    def __init__(self, values=()):
        self.exact: set[str] = set()
        self.by_first_word: dict[str, set[str]] = defaultdict(set)
        for value in values:
            self.add(value)

    def add(self, value: str):
        lines = (value or "").splitlines()
        if len(lines) > 1:  # a list typed one item a line (learning objectives) shows so too
            for line in lines:
                self.add(line)
        value = SPACE.sub(" ", value or "").strip()
        if len(value) < 2:
            return
        self.exact.add(value)
        words = WORD.findall(value)
        if words:
            self.by_first_word[words[0]].add(value)

    def strip(self, segment: str) -> str:
        """`segment` with every data value it contains (as whole words) taken out."""
        if segment in self.exact:
            return ""
        found = set()
        for word in set(WORD.findall(segment)):
            for value in self.by_first_word.get(word, ()):
                if value in segment:
                    found.add(value)
        for value in sorted(found, key=len, reverse=True):
            segment = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", segment)
        return segment


def prose_words(segment: str, data: Data) -> list[str]:
    """The words of `segment` that are neither data nor cognates."""
    rest = data.strip(segment)
    rest = EMAIL.sub(" ", rest)
    rest = URL.sub(" ", rest)
    return [w for w in WORD.findall(rest) if w.lower() not in COGNATES]


def untranslated(english_html: str, spanish_html: str, data: Data) -> list[str]:
    """Segments of the Spanish page shown exactly as on the English page and made of prose."""
    _, english = page_segments(english_html)
    _, spanish = page_segments(spanish_html)
    same = set(english)
    found = []
    for segment in dict.fromkeys(spanish):  # each once, in page order
        if segment in same and prose_words(segment, data):
            found.append(segment)
    return found


def untranslated_text(english: str, spanish: str, data: Data) -> list[str]:
    """The same judgement for plain text (an email's text part, a PDF): line by line."""
    same = {SPACE.sub(" ", line).strip() for line in english.splitlines()}
    found = []
    for line in dict.fromkeys(SPACE.sub(" ", x).strip() for x in spanish.splitlines()):
        if line and line in same and prose_words(line, data):
            found.append(line)
    return found


def html_lang(html: str) -> str:
    return page_segments(html)[0]


# --- Data: every text value the database holds ------------------------------------------------

# Tables whose text is the portal's own prose, or never shown: they are not data.
NOT_DATA_MODELS = {
    "messaging.message",  # rendered emails: the very prose being checked
    "sessions.session",
    "contenttypes.contenttype",
    "auth.permission",
    "admin.logentry",
}


TYPED_JSON = {"reflective_supervision.stagedimport.rows"}


def database_data() -> Data:
    """Every stored string (char and text columns without choices) of every table, plus the
    association's name and code. Fields that modeltranslation translates are not data: their
    Spanish must be there."""
    from django.apps import apps
    from django.conf import settings
    from django.db import models

    translated = _translated_fields()
    data = Data(
        [
            settings.ASSOCIATION_NAME,
            settings.ASSOCIATION_CODE,
            # Each language is named in itself on purpose (the chooser, the account's page).
            *(name for _code, name in settings.LANGUAGES),
            *kept_as_written(),
        ]
    )
    for model in apps.get_models():
        if model._meta.label_lower in NOT_DATA_MODELS or model._meta.proxy:
            continue
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and f.name not in translated.get(model, set())
        ]
        for name in names:
            for value in model._default_manager.values_list(name, flat=True).distinct():
                if value:
                    data.add(str(value))
        # What people typed that is kept inside JSON: the cells of an uploaded RSC file. (Not
        # snapshots, answers or checklists: the portal's own words are frozen in those.)
        for f in model._meta.concrete_fields:
            if f"{model._meta.label_lower}.{f.name}" in TYPED_JSON:
                for value in model._default_manager.values_list(f.attname, flat=True):
                    for text in _strings_in(value):
                        data.add(text)
    return data


def _strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings_in(v)


def kept_as_written() -> list[str]:
    """Catalogue entries whose Spanish a translator wrote the same as the English, on
    purpose: proper names Spanish keeps ("Early Head Start / Head Start") and words it
    writes alike ("Virtual"). The catalogue says so; the walk believes it."""
    from pathlib import Path

    import polib
    from django.conf import settings

    catalogue = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
    return [
        e.msgid
        for e in polib.pofile(str(catalogue))
        if e.msgid and not e.msgid_plural and e.msgstr == e.msgid and "%" not in e.msgid
    ]


def _translated_fields() -> dict:
    """{model: field names modeltranslation translates, with their per-language columns}."""
    try:
        from modeltranslation.translator import translator
    except ImportError:  # pragma: no cover - installed
        return {}
    from django.conf import settings

    found = {}
    for model in translator.get_registered_models():
        fields = translator.get_options_for_model(model).get_field_names()
        found[model] = set(fields) | {
            f"{f}_{code.replace('-', '_')}" for f in fields for code, _ in settings.LANGUAGES
        }
    return found


def report(failures: dict[str, list[str]]) -> str:
    """One line per untranslated segment: `where: 'segment'`."""
    return "\n".join(f"{where}: {seg!r}" for where, segs in failures.items() for seg in segs)
