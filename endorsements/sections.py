"""The sections of a portfolio as the review and the applicant's timeline name them.

Keys are stable codes (stored in snapshots, reviews and history rows); titles are what pages show.
"""

from django.utils.translation import gettext_lazy as _

PORTFOLIO_SECTIONS: list[tuple[str, str]] = [
    ("profile", _("Profile")),
    ("education", _("Education")),
    ("work", _("Specialized work")),
    ("training", _("In-service training")),
    ("leadership", _("Leadership")),
    ("documents", _("Documents")),
    ("rsc", _("Reflective supervision/consultation (RSC)")),
    ("references", _("Reference ratings")),
    ("attestation", _("Code of Ethics and attestation")),
]
SECTION_TITLES = dict(PORTFOLIO_SECTIONS)
