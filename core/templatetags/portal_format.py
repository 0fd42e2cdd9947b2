"""`{% load portal_format %}`: core.formatting's functions as filters, for every template.

{{ endorsement.expires_on|day }}      1 December 2026 / 1 de diciembre de 2026
{{ message.created_at|moment }}       1 December 2026, 14:05
{{ report.as_of|month }}              December 2026 / diciembre de 2026
{{ training.minutes|hours }}          1.5 hours / 1,5 horas (from minutes)
{{ session.minutes|duration }}        1 h 30 min (a length, from minutes)
{{ item.required|hours_of }}          10 hours (from a figure in hours)
{{ total|number }}                    1,234 / 1.234
{{ invoice.total_cents|money }}       $1,234.50 / 1234,50 US$ (from integer cents)
"""

from django import template

from core import formatting

register = template.Library()

register.filter("day", formatting.day)
register.filter("moment", formatting.moment)
register.filter("month", formatting.month)
register.filter("day_of_year", formatting.day_of_year)
register.filter("number", formatting.number)
register.filter("hours", formatting.hours)
register.filter("hours_of", formatting.hours_of)
register.filter("duration", formatting.duration)
register.filter("hours_figure", formatting.hours_figure)
register.filter("money", formatting.money)
