"""The bare baseline page `make bench` compares our pages with: 50 rows from PostgreSQL through
a minimal template, served by the same gunicorn and middleware as the portal's pages.

It lives here, not in a runtime app: only the benchmark's server mounts it (bench/urls.py,
through bench/settings.py), so what ships is what runs in production.
"""

from functools import cache

from django.http import HttpResponse
from django.template import engines
from django.views.decorators.http import require_GET

from accounts.models import User

TEMPLATE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Baseline</title></head>'
    "<body>\n<table>{% for r in rows %}<tr><td>{{ r.pk }}</td><td>{{ r.email }}</td>"
    "<td>{{ r.given_name }}</td></tr>{% endfor %}</table>\n</body></html>\n"
)


@cache
def _template():
    # Compiled once per process, as Django's cached template loader would do for a file.
    return engines["django"].from_string(TEMPLATE)


@require_GET
def baseline(request):
    rows = list(User.objects.order_by("pk").values("pk", "email", "given_name")[:50])
    return HttpResponse(_template().render({"rows": rows}, request))
