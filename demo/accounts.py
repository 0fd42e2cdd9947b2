"""Demo accounts, one per role, for `seed_demo` (listed in the README)."""

from django.utils import timezone

from accounts.models import Role, User
from accounts.services import role_grant

DEMO_PASSWORD = "demo-portal-2026"

DEMO_ACCOUNTS = [
    # (email, given name, family name, roles, Django admin access)
    ("applicant@example.org", "Alma", "Applicant", [Role.APPLICANT], False),
    ("reviewer@example.org", "Ruth", "Reviewer", [Role.REVIEWER], False),
    ("reviewer2@example.org", "Rafael", "Reviewer", [Role.REVIEWER], False),
    ("coordinator@example.org", "Cora", "Coordinator", [Role.COORDINATOR], True),
    ("admin@example.org", "Ada", "Admin", [Role.REGISTRY_ADMIN], True),
]


def demo_accounts_ensure() -> list[tuple[str, str]]:
    """Create the demo accounts if missing (idempotent); return (email, roles) pairs."""
    rows = []
    for email, given, family, roles, staff in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                given_name=given,
                family_name=family,
                is_staff=staff,
                is_superuser=Role.REGISTRY_ADMIN in roles,
                email_verified_at=timezone.now(),
            )
        for role in roles:
            role_grant(user=user, role=role)
        rows.append((email, ", ".join(str(r.label) for r in roles)))
    return rows
