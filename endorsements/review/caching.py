"""What the coordinator inbox's cached part shows, and the changes that renew it.

The inbox lists waiting applications (status, category, checklist), their applicants' names
and regions, their reviewers and every reviewer's open load: any saved or deleted row of those
models, and any change of role, renews it (core.fragments).
"""

from core.fragments import bump_on_change

REVIEW_SCOPE = "review"


def connect() -> None:
    from accounts.models import User
    from applicants.models import ApplicantProfile
    from competencies.models import EndorsementCategory
    from endorsements.models import Application

    from .models import Assignment

    bump_on_change(
        models=[Application, Assignment, User, ApplicantProfile, EndorsementCategory],
        scopes=lambda row: [REVIEW_SCOPE],
        uid="review-inbox",
        ignore_fields=frozenset({"last_login"}),
        m2m=[User.groups.through],
    )
