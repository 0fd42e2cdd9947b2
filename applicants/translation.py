"""Region and language names, in both languages (django-modeltranslation; see
competencies/translation.py for why). County and agency names are proper names: not
translated."""

from modeltranslation.translator import TranslationOptions, register

from .models import Language, Region


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)
    # Names are unique: an empty Spanish name is NULL (may repeat), never "" (may not).
    empty_values = {"name": None}


@register(Language)
class LanguageTranslation(TranslationOptions):
    fields = ("name",)
    empty_values = {"name": None}
