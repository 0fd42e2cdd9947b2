"""Content an association writes, in both languages (django-modeltranslation).

Each field below gets `<field>_en` and `<field>_es` columns on the same row; reading `name`
gives the reader's language, falling back to English when the Spanish is empty
(MODELTRANSLATION_FALLBACK_LANGUAGES), so a page reads the same row either way and its query
count does not change with the language. Codes (IFS, ECFRS ...) are not translated.

Why a library rather than fields of our own: it covers the admin (both languages side by side),
lookups, ordering and the fallback in one well-kept place, and adds no join.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Competency, CompetencyDomain, EndorsementCategory, GuidelinesEdition


@register(EndorsementCategory)
class EndorsementCategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(GuidelinesEdition)
class GuidelinesEditionTranslation(TranslationOptions):
    fields = ("name",)


@register(CompetencyDomain)
class CompetencyDomainTranslation(TranslationOptions):
    fields = ("name",)
    # The name is unique per edition (and so per language): an empty Spanish name is stored
    # as NULL, which the unique constraint lets repeat, not as "", which it would not.
    empty_values = {"name": None}


@register(Competency)
class CompetencyTranslation(TranslationOptions):
    fields = ("name", "description")
