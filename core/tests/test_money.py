"""`core.formatting.money` and the `|money` filter: integer cents as people write money."""

import pytest
from django.template import Context, Template
from django.utils import translation

from core.formatting import money


@pytest.mark.parametrize(
    ("language", "cents", "expected"),
    [
        ("en", 123450, "$1,234.50"),
        ("en", 2500, "$25.00"),
        ("en", 5, "$0.05"),
        ("en", -1200, "-$12.00"),
        ("en", 0, "$0.00"),
        # CLDR Spanish: symbol after a no-break space, no grouping below 10 000.
        ("es", 123450, "1234,50\u00a0US$"),
        ("es", 1234550, "12.345,50\u00a0US$"),
        ("es", -1200, "-12,00\u00a0US$"),
    ],
)
def test_money_in_each_language(language, cents, expected):
    with translation.override(language):
        assert money(cents) == expected


def test_money_none_is_empty():
    assert money(None) == ""


def test_money_of_a_currency_without_a_symbol_shows_its_code(settings):
    settings.FEES_CURRENCY = "CHF"
    with translation.override("en"):
        assert money(123450) == "1,234.50\u00a0CHF"


def test_money_filter_in_templates():
    template = Template("{% load portal_format %}{{ cents|money }}")
    with translation.override("en"):
        assert template.render(Context({"cents": 99900})) == "$999.00"
    with translation.override("es"):
        assert template.render(Context({"cents": 99900})) == "999,00\u00a0US$"
