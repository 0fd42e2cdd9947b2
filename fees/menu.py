"""This app's links in the site's menu and on the home page (registered when it is ready)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.navigation import Link

A, R, C, RA = Role.APPLICANT, Role.REVIEWER, Role.COORDINATOR, Role.REGISTRY_ADMIN

LINKS = (
    Link(
        _("My invoices"),
        "fees:my_invoices",
        frozenset({A, R}),
        _("My invoices: what each fee is for, what is paid, receipts"),
        order=100,
    ),
    Link(
        _("Invoices"),
        "fees:staff_invoices",
        frozenset({C, RA}),
        _("Invoices and payments: record cheques, transfers, group payments and waivers"),
        order=130,
    ),
)
