"""Generational caching of page parts (core.fragments): served until the data changes."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from accounts.models import User
from accounts.tests.factories import applicant
from core.fragments import bump_on_change, fragment, scopes_changed

pytestmark = pytest.mark.django_db


def _counting_render(html="<p>part</p>"):
    calls = []

    def render():
        calls.append(1)
        return html

    return render, calls


def test_a_part_is_rendered_once_then_served_from_the_cache():
    render, calls = _counting_render()

    first = fragment("t", scopes=["s"], vary=(1,), render=render)
    second = fragment("t", scopes=["s"], vary=(1,), render=render)
    other = fragment("t", scopes=["s"], vary=(2,), render=render)

    assert first == second == other == "<p>part</p>"
    assert len(calls) == 2  # once per `vary`


def test_a_change_of_its_scope_renews_it_at_once_and_again_at_commit(
    django_capture_on_commit_callbacks,
):
    render, calls = _counting_render()
    fragment("t", scopes=["s", "other"], render=render)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        scopes_changed("s")
        fragment("t", scopes=["s", "other"], render=render)  # renewed at once
    assert len(calls) == 2
    for callback in callbacks:  # the commit: a part rendered meanwhile is dropped too
        callback()
    fragment("t", scopes=["s", "other"], render=render)

    assert len(calls) == 3
    scopes_changed("unrelated")
    fragment("t", scopes=["s", "other"], render=render)
    assert len(calls) == 3


def test_a_lost_generation_never_brings_back_an_old_part():
    """If the cache drops a generation (eviction, restart), its next life starts from the
    clock, so parts stored under the old numbers are not served."""
    fragment("t", scopes=["s"], render=lambda: "old")
    cache.delete("gen:s")

    assert fragment("t", scopes=["s"], render=lambda: "new") == "new"


def test_a_part_with_a_csrf_token_is_refused():
    with pytest.raises(ImproperlyConfigured, match="CSRF"):
        fragment(
            "t",
            scopes=["s"],
            render=lambda: '<input name="csrfmiddlewaretoken" value="x">',
        )


def test_saves_deletes_and_relations_bump_but_a_login_does_not(django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Group

    bump_on_change(
        models=[User],
        scopes=lambda row: ["people"],
        uid="test-people",
        ignore_fields=frozenset({"last_login"}),
        m2m=[User.groups.through],
    )
    person = applicant()
    render, calls = _counting_render()
    fragment("people", scopes=["people"], render=render)

    person.save(update_fields=["last_login"])
    fragment("people", scopes=["people"], render=render)
    assert len(calls) == 1

    person.given_name = "Renamed"
    person.save()
    fragment("people", scopes=["people"], render=render)
    assert len(calls) == 2

    person.groups.add(Group.objects.create(name="Extra"))
    fragment("people", scopes=["people"], render=render)
    assert len(calls) == 3

    person.delete()
    fragment("people", scopes=["people"], render=render)
    assert len(calls) == 4


def test_the_redis_backend_keeps_one_client_and_works():
    """core.cache.RedisCache shares its client between calls (the stock backend builds one
    per call) and still reads, writes and counts against a real Redis."""
    import os

    from core.cache import RedisCache

    url = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
    backend = RedisCache(f"{url}/9", {"KEY_PREFIX": "test-fragments"})
    backend.set("k", {"a": 1})
    backend.add("n", 1)
    backend.incr("n")

    assert backend.get("k") == {"a": 1} and backend.get("n") == 2
    assert backend._cache.get_client() is backend._cache.get_client(write=True)
    backend.delete_many(["k", "n"])


def test_a_part_is_stored_without_its_template_indentation():
    html = "<ul>\n    <li>One</li>\n\n      <li>Two <b>x</b></li>\n</ul>"

    assert fragment("t", scopes=["s"], render=lambda: html) == (
        "<ul>\n<li>One</li>\n<li>Two <b>x</b></li>\n</ul>"
    )
    kept = "<pre>\n  code\n</pre>"
    assert fragment("u", scopes=["s"], render=lambda: kept) == kept


def test_a_part_is_kept_per_language():
    from django.utils import translation

    from core.fragments import fragment

    def render():
        return translation.get_language()

    with translation.override("es"):
        spanish = fragment("lang-part", scopes=("lang-test",), render=render)
    with translation.override("en"):
        english = fragment("lang-part", scopes=("lang-test",), render=render)

    assert (spanish, english) == ("es", "en")
