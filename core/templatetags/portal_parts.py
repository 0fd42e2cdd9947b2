"""`{% page_parts "slot" as parts %}`: the templates apps above have added to a slot of this
page (see core.parts); include each with `{% for part in parts %}{% include part %}{% endfor %}`."""

from django import template

from core.parts import parts_for

register = template.Library()


@register.simple_tag
def page_parts(slot: str) -> tuple[str, ...]:
    return parts_for(slot)
