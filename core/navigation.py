"""The site's navigation as data: which links each person sees, in the menu and on the home page.

Every page shows the menu, so the links for a combination of roles are worked out once per
process (`reverse` and a dozen role checks on every request were a tenth of a small page's
time) and cached; they depend only on the roles, the staff flag and the URL prefix. The labels
are lazy translations, so the cached links are written in each page's language when shown.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

EVERYONE = "everyone"
SIGNED_IN = "signed-in"
STAFF = "staff"  # Django admin users (is_staff)


@dataclass(frozen=True)
class Link:
    label: str  # lazy translations: read in the page's language
    url_name: str
    # Who sees it: EVERYONE, SIGNED_IN, STAFF, or any of a set of role names.
    audience: str | frozenset[str]
    # The home page's longer wording for signed-in people; None keeps it off the home page.
    home: str | None = None


A, R, C, RA = Role.APPLICANT, Role.REVIEWER, Role.COORDINATOR, Role.REGISTRY_ADMIN

LINKS: tuple[Link, ...] = (
    Link(_("Home"), "core:home", EVERYONE),
    Link(_("Endorsement requirements"), "competencies:list", EVERYONE),
    Link(_("Registry"), "reports:registry", EVERYONE),
    # Employers and programs check one person by number and last name (issue 17).
    Link(_("Check an endorsement"), "organisations:lookup", EVERYONE),
    Link(_("Find an RSC provider"), "reports:rsc_providers", EVERYONE),
    Link(_("Training catalog"), "trainings:catalog", EVERYONE),
    Link(
        _("My portfolio"),
        "applicants:dashboard",
        frozenset({A}),
        _("My portfolio: profile, education, work, training and documents"),
    ),
    Link(
        _("RSC log"),
        "reflective_supervision:log",
        frozenset({A}),
        _("Reflective supervision log: log sessions and ask your provider to confirm them"),
    ),
    Link(
        _("My applications"),
        "endorsements:application_list",
        frozenset({A}),
        _("My applications: apply for a category, invite raters and submit"),
    ),
    Link(
        _("My endorsements"),
        "credentials:my_endorsements",
        frozenset({A, R}),
        _("My endorsements: certificates, validity and renewals"),
    ),
    Link(
        _("My invoices"),
        "fees:my_invoices",
        frozenset({A, R}),
        _("My invoices: what each fee is for, what is paid, receipts"),
    ),
    Link(
        _("Review inbox"),
        "review:inbox",
        frozenset({C}),
        _("Review inbox: assign reviewers, reconcile reviews and decide"),
    ),
    Link(
        _("Renewals"),
        "credentials:renewal_queue",
        frozenset({C}),
        _("Renewals to decide: renewals that need a coordinator, and audits"),
    ),
    Link(
        _("Invoices"),
        "fees:staff_invoices",
        frozenset({C, RA}),
        _("Invoices and payments: record cheques, transfers, group payments and waivers"),
    ),
    Link(
        _("My membership"),
        "memberships:mine",
        frozenset({A}),
        _("My membership: the association's records of my membership and my claim"),
    ),
    Link(
        _("Memberships"),
        "memberships:claims",
        frozenset({C, RA}),
        _("Memberships: confirm members' claims and import the association's member list"),
    ),
    Link(
        _("My reviews"),
        "review:queue",
        frozenset({R}),
        _(
            "My reviews: applications and exam papers assigned to you, "
            "and your conflicts of interest"
        ),
    ),
    Link(
        _("Reports"),
        "reports:dashboard",
        frozenset({C, RA}),
        _("Reports: endorsed staff by region, program coverage, workforce diversity"),
    ),
    Link(
        _("Audit log"),
        "core:audit_log",
        frozenset({C, RA}),
        _("Audit log: who did what, on the applications you handle (registry admins: everything)"),
    ),
    Link(
        _("Translations"),
        "rosetta-old-home-redirect",
        frozenset({RA}),
        _("Translations: correct the Spanish wording of the site"),
    ),
    Link(
        _("Organisations"),
        "organisations:queue",
        frozenset({C}),
        _("Organisations: approve employers and programs that check endorsements"),
    ),
    Link(
        _("Other associations"),
        "portable:reciprocal_list",
        frozenset({C}),
        _("Endorsements from other associations: record them with evidence or a signed credential"),
    ),
    Link(
        _("My catalog trainings"),
        "trainings:mine",
        frozenset({A}),
        _("My catalog trainings: verified attendance and certificates of attendance"),
    ),
    Link(
        _("Catalog trainings"),
        "trainings:queue",
        frozenset({C}),
        _("Catalog trainings: approve trainings that providers submit for the catalog"),
    ),
    Link(
        _("Who checked me"),
        "organisations:my_checks",
        frozenset({A}),
        _("Who checked my endorsements: organisations that verified or watch them"),
    ),
    Link(_("Account"), "password_change", SIGNED_IN, _("Change your password")),
    Link(_("Admin"), "admin:index", STAFF, _("Administration")),
)
# Shown at the right of the menu, not among the page links.
ACCOUNT_URL_NAMES = frozenset({"password_change"})


def _sees(link: Link, *, signed_in: bool, roles: frozenset[str], is_staff: bool) -> bool:
    if link.audience == EVERYONE:
        return True
    if link.audience == SIGNED_IN:
        return signed_in
    if link.audience == STAFF:
        return signed_in and is_staff
    return signed_in and bool(link.audience & roles)


@lru_cache(maxsize=256)
def _links_for(signed_in: bool, roles: frozenset[str], is_staff: bool, prefix: str):
    visible = [
        link for link in LINKS if _sees(link, signed_in=signed_in, roles=roles, is_staff=is_staff)
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


def links_for(user) -> tuple[tuple, tuple]:
    """(menu links, home-page links) for `user`, each a tuple of (label, url)."""
    signed_in = bool(user is not None and user.is_authenticated)
    roles = user.role_names if signed_in else frozenset()
    is_staff = bool(signed_in and sees_the_admin(user))
    return _links_for(signed_in, roles, is_staff, get_script_prefix())
