"""The rating form's statements, in both languages (django-modeltranslation; see
competencies/translation.py for why)."""

from modeltranslation.translator import TranslationOptions, register

from .models import RatingItem


@register(RatingItem)
class RatingItemTranslation(TranslationOptions):
    # `domain` is the heading the rater reads above each group of statements.
    fields = ("domain", "text")
