"""Rendered parts of busy pages, kept in the cache until the data they show changes.

Generational caching: a part names the *scopes* of data it shows ("review", "registry",
"portfolio:42"). Every saved or deleted row of those scopes bumps the scope's generation, at
once and again when its transaction commits (each app connects its own models, see their
`caching.py`), and a part's cache key carries the generations it was rendered at. A changed
part is therefore never served: after a change nobody asks for the old key again. The timeout
(FRAGMENT_CACHE_SECONDS) only bounds what no scope covers, and frees memory.

Writes that send no signals (`QuerySet.update()`, `bulk_create`) must call `scopes_changed`
themselves when they touch data a cached part shows; today none do.

Rules for a cached part:
- it must not depend on who is looking unless `vary` says so (the key is shared);
- it must not hold a CSRF token (refused: the token belongs to one session);
- the view must compute its data inside `render`, so a hit costs no query.

With several web processes the cache must be shared (Redis): a per-process cache would keep
a generation per process, and a change made in one process would not reach the others.
"""

import hashlib
import re
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

_GENERATION = "gen:{}"


def _generations(scopes: Iterable[str]) -> list[int]:
    keys = [_GENERATION.format(scope) for scope in scopes]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        # A new (or evicted) generation starts from the clock, never from 0 or 1: parts cached
        # under an earlier life of the same number must not come back.
        start = time.time_ns()
        for key in missing:
            cache.add(key, start, timeout=None)
        found.update(cache.get_many(missing))
    return [found.get(key, 0) for key in keys]


def _bump_now(scopes: tuple[str, ...]) -> None:
    for scope in scopes:
        key = _GENERATION.format(scope)
        try:
            cache.incr(key)
        except ValueError:  # never read yet, or evicted: any fresh start will do
            cache.add(key, time.time_ns(), timeout=None)


def scopes_changed(*scopes: str) -> None:
    """Note that data of `scopes` changed: their cached parts are not served again.

    Bumped twice: at once, so that nobody is served the old part from now on (this
    transaction included), and again once the transaction commits, so that a part another
    request rendered from the still-uncommitted old data in between is dropped as well.
    """
    if scopes:
        scopes = tuple(scopes)
        _bump_now(scopes)
        transaction.on_commit(lambda: _bump_now(scopes), robust=True)


_LINE_BREAKS = re.compile(r"[ \t]*\n\s*")


def _compact(html: str) -> str:
    """Template indentation, gone: each run of blank lines and indentation becomes one line
    break, which reads as the same single space in HTML. A fifth of a long table's bytes,
    sent on every hit. Left alone where whitespace is content (<pre>, <textarea>)."""
    if "<pre" in html or "<textarea" in html:
        return html
    return _LINE_BREAKS.sub("\n", html)


def fragment(
    name: str,
    *,
    scopes: Iterable[str],
    vary: Iterable = (),
    render: Callable[[], str],
    timeout: int | None = None,
) -> SafeString:
    """The HTML that `render()` returns, from the cache while `scopes` have not changed.

    `vary` is everything else the part depends on (filters, page number, today's date); the
    reader's language is always part of the key, so a Spanish copy never reaches an English
    reader.
    """
    scopes = tuple(scopes)
    generations = _generations(scopes)
    language = translation.get_language() or ""
    digest = hashlib.sha256(repr((language, tuple(vary), scopes, generations)).encode()).hexdigest()
    key = f"frag:{name}:{digest[:32]}"
    html = cache.get(key)
    if html is None:
        html = str(render())
        if "csrfmiddlewaretoken" in html:
            raise ImproperlyConfigured(
                f"The cached part {name!r} holds a CSRF token; keep forms that post outside it."
            )
        html = _compact(html)
        cache.set(key, html, settings.FRAGMENT_CACHE_SECONDS if timeout is None else timeout)
    return mark_safe(html)


def bump_on_change(
    *,
    models: Iterable,
    scopes: Callable[[object], Iterable[str]],
    uid: str,
    ignore_fields: frozenset[str] = frozenset(),
    m2m: Iterable = (),
) -> None:
    """Connect the signals: saving or deleting a row of `models`, or changing one of the
    many-to-many relations `m2m` (their `through` models), bumps the scopes `scopes(row)`.

    Saves that touch only `ignore_fields` (a login's `last_login`) change nothing shown.
    """
    from django.db.models.signals import m2m_changed, post_delete, post_save

    def saved(sender, instance, update_fields=None, **kwargs):
        if update_fields and set(update_fields) <= ignore_fields:
            return
        scopes_changed(*scopes(instance))

    def deleted(sender, instance, **kwargs):
        scopes_changed(*scopes(instance))

    def related(sender, instance, action, **kwargs):
        if action.startswith("post_"):
            scopes_changed(*scopes(instance))

    for model in models:
        label = model._meta.label
        post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"{uid}:save:{label}")
        post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"{uid}:del:{label}")
    for through in m2m:
        label = through._meta.label
        m2m_changed.connect(related, sender=through, weak=False, dispatch_uid=f"{uid}:m2m:{label}")
