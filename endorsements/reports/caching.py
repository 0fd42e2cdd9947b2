"""What the public registry's and RSC roster's cached results show, and the changes that
renew them: who opted in (profiles), who holds what (endorsements), the categories and the
rules naming RSC provider categories, regions and languages (core.fragments)."""

from core.fragments import bump_on_change

REGISTRY_SCOPE = "registry"


def connect() -> None:
    from accounts.models import NameChange
    from applicants.models import ApplicantProfile, County, Language, Region
    from competencies.models import EndorsementCategory, RequirementSet
    from endorsements.models import Endorsement

    bump_on_change(
        models=[
            # A corrected account name is shown where no other name was chosen.
            NameChange,
            ApplicantProfile,
            Endorsement,
            EndorsementCategory,
            RequirementSet,
            Region,
            County,
            Language,
        ],
        scopes=lambda row: [REGISTRY_SCOPE],
        uid="registry",
        m2m=[
            ApplicantProfile.languages.through,
            RequirementSet.rsc_provider_categories.through,
        ],
    )
