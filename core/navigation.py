"""The site's navigation as data: which links each person sees, in the menu and on the home page.

Core knows no app: each app registers its own links when it is ready (`menu_register`, from its
`menu.py`), naming who sees each by role name (accounts' roles) or by another audience an app
hands in (`audiences_register`: "staff of an organisation"). Core keeps only its own home page
and the admin.

Every page shows the menu, so the links for a combination of audiences are worked out once per
process (`reverse` and a dozen role checks on every request were a tenth of a small page's
time) and cached; they depend only on the audiences, the staff flag and the URL prefix. An
audience is read from what the signed-in person's row already carries (their role names, and
the facts other apps read in the same statement: `accounts.models.signed_in_fact_register`), so
the menu costs no query of its own. The labels are lazy translations, so the cached links are
written in each page's language when shown.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

EVERYONE = "everyone"
SIGNED_IN = "signed-in"
STAFF = "staff"  # Django admin users (is_staff)


@dataclass(frozen=True)
class Link:
    label: str  # lazy translations: read in the page's language
    url_name: str
    # Who sees it: EVERYONE, SIGNED_IN, STAFF, or any of a set of audience names (role names,
    # or an audience an app hands in with `audiences_register`).
    audience: str | frozenset[str]
    # The home page's longer wording for signed-in people; None keeps it off the home page.
    home: str | None = None
    # Where it stands in the menu and on the home page, lowest first (steps of ten, in the
    # order the menu had when it was one list here; the account and the admin last, 900+).
    order: int = 500


_links: list[Link] = [
    Link(_("Home"), "core:home", EVERYONE, order=0),
    Link(_("Admin"), "admin:index", STAFF, _("Administration"), order=910),
]
# Functions of a signed-in user giving the audiences they belong to beside their roles; each
# reads what is already on the user, never the database on every page.
_audiences: list[Callable[[object], Iterable[str]]] = []


def menu_register(*links: Link) -> None:
    """Add `links` to the menu (an app's `ready`); registering the same link twice adds it once."""
    for link in links:
        if link not in _links:
            _links.append(link)
    _links.sort(key=lambda link: link.order)
    _links_for.cache_clear()


def audiences_register(audiences: Callable[[object], Iterable[str]]) -> None:
    """Let `audiences(user)` name more audiences a signed-in user belongs to (an app's `ready`)."""
    if audiences not in _audiences:
        _audiences.append(audiences)


def registered_links() -> tuple[Link, ...]:
    return tuple(_links)


# Shown at the right of the menu, not among the page links.
ACCOUNT_URL_NAMES = frozenset({"password_change"})


def _sees(link: Link, *, signed_in: bool, audiences: frozenset[str], is_staff: bool) -> bool:
    if link.audience == EVERYONE:
        return True
    if link.audience == SIGNED_IN:
        return signed_in
    if link.audience == STAFF:
        return signed_in and is_staff
    return signed_in and bool(link.audience & audiences)


@lru_cache(maxsize=256)
def _links_for(signed_in: bool, audiences: frozenset[str], is_staff: bool, prefix: str):
    visible = [
        link
        for link in _links
        if _sees(link, signed_in=signed_in, audiences=audiences, is_staff=is_staff)
    ]
    menu = tuple(
        (link.label, reverse(link.url_name))
        for link in visible
        if link.url_name not in ACCOUNT_URL_NAMES
    )
    home = tuple((link.home, reverse(link.url_name)) for link in visible if link.home)
    return menu, home


def sees_the_admin(user) -> bool:
    """Django admin users who may do something there: superusers, or staff whose permissions
    (their own or their roles') let them view or change at least one thing. An admin link to
    an empty page is worse than none."""
    if not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or bool(user.get_all_permissions())


def audiences_of(user) -> frozenset[str]:
    """The audiences a signed-in `user` belongs to: their role names and what apps hand in."""
    names = set(user.role_names)
    for audiences in _audiences:
        names.update(audiences(user))
    return frozenset(names)


def links_for(user) -> tuple[tuple, tuple]:
    """(menu links, home-page links) for `user`, each a tuple of (label, url)."""
    signed_in = bool(user is not None and user.is_authenticated)
    audiences = audiences_of(user) if signed_in else frozenset()
    is_staff = bool(signed_in and sees_the_admin(user))
    return _links_for(signed_in, audiences, is_staff, get_script_prefix())
