"""The sections of a portfolio as the review and the applicant's timeline name them.

Keys are stable codes (stored in snapshots, reviews and history rows); titles are what pages show.
"""

PORTFOLIO_SECTIONS: list[tuple[str, str]] = [
    ("profile", "Profile"),
    ("education", "Education"),
    ("work", "Specialized work"),
    ("training", "In-service training"),
    ("leadership", "Leadership"),
    ("documents", "Documents"),
    ("rsc", "Reflective supervision/consultation (RSC)"),
    ("references", "Reference ratings"),
    ("attestation", "Code of Ethics and attestation"),
]
SECTION_TITLES = dict(PORTFOLIO_SECTIONS)
