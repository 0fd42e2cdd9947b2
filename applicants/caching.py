"""What an applicant's cached dashboard shows, and the changes that renew it: their profile
and languages and every piece of evidence (core.fragments). endorsements adds their
applications (endorsements/apps.py)."""

from core.fragments import bump_on_change


def portfolio_scope(user_id: int) -> str:
    return f"portfolio:{user_id}"


def _owner_scopes(row) -> list[str]:
    from .models import ApplicantProfile, Language

    if isinstance(row, Language):  # a language's side of the relation: rare, admin only
        return [
            portfolio_scope(uid)
            for uid in ApplicantProfile.objects.values_list("user_id", flat=True).filter(
                languages=row
            )
        ]
    return [portfolio_scope(row.user_id)]


def connect() -> None:
    from accounts.models import NameChange

    from .models import (
        ApplicantProfile,
        Document,
        Education,
        LeadershipActivity,
        Training,
        WorkExperience,
    )

    bump_on_change(
        models=[
            NameChange,  # the dashboard shows the person's name
            ApplicantProfile,
            Education,
            WorkExperience,
            Training,
            LeadershipActivity,
            Document,
        ],
        scopes=_owner_scopes,
        uid="portfolio",
        m2m=[ApplicantProfile.languages.through],
    )
