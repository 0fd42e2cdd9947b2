"""The kinds of conflict of interest and one conflict found, as plain values.

Below the models (an Assignment keeps the flags it was overridden despite) and the checks in
`conflicts.py` (which find them), so that neither imports the other in a circle.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ConflictKind(models.TextChoices):
    SELF = "self", _("is the applicant")
    RSC_PROVIDER = "rsc_provider", _("is the applicant's RSC provider")
    REFERENCE_RATER = "reference_rater", _("is a reference rater on this application")
    SUPERVISEE = "supervisee", _("receives RSC from the applicant")
    SAME_AGENCY = "same_agency", _("works at the applicant's agency")
    DECLARED = "declared", _("declared a conflict")
    NOT_QUALIFIED = "not_qualified", _("does not hold an endorsement qualified to review")


@dataclass(frozen=True)
class ConflictFlag:
    """One conflict found: its kind and the value it concerns (a rater's email, an agency's
    name, the categories that qualify, a declared conflict's note), never a sentence: the
    page writes the sentence in its reader's language (`text`). Stored as `as_dict()` on an
    Assignment overridden despite it."""

    kind: str
    detail: str = ""
    # A declared conflict: with the applicant ("person") or the applicant's agency ("agency").
    about: str = ""

    @classmethod
    def from_dict(cls, data: dict) -> "ConflictFlag":
        return cls(data.get("kind", ""), data.get("detail", ""), data.get("about", ""))

    @property
    def label(self) -> str:
        try:
            return ConflictKind(self.kind).label
        except ValueError:
            return self.kind

    @property
    def text(self) -> str:
        """The flag as a sentence in the active language (the reviewer's name goes before)."""
        K = ConflictKind
        value = {"value": self.detail}
        if self.kind == K.SELF:
            return gettext("is the applicant: a person cannot review themself")
        if self.kind == K.RSC_PROVIDER:
            return gettext("is the applicant's RSC provider: named as RSC provider in the RSC log")
        if self.kind == K.SUPERVISEE:
            return gettext("receives RSC from the applicant: the applicant provides their RSC")
        if self.kind == K.REFERENCE_RATER:
            return gettext("is a reference rater on this application: %(value)s") % value
        if self.kind == K.SAME_AGENCY:
            return gettext("works at the applicant's agency: %(value)s") % value
        if self.kind == K.NOT_QUALIFIED:
            if not self.detail:
                return gettext(
                    "does not hold an endorsement qualified to review: no category qualifies"
                )
            return (
                gettext("does not hold an endorsement qualified to review: needs one of %(value)s")
                % value
            )
        if self.kind == K.DECLARED and self.about:
            note = {"note": self.detail}
            if self.about == "agency":
                if self.detail:
                    return (
                        gettext("declared a conflict: with the applicant's agency (%(note)s)")
                        % note
                    )
                return gettext("declared a conflict: with the applicant's agency")
            if self.detail:
                return gettext("declared a conflict: with the applicant (%(note)s)") % note
            return gettext("declared a conflict: with the applicant")
        # A flag stored before flags carried values (its detail was an English phrase).
        return f"{self.label}: {self.detail}" if self.detail else str(self.label)

    def as_dict(self) -> dict:
        data = {"kind": self.kind, "detail": self.detail}
        if self.about:
            data["about"] = self.about
        return data

    def __str__(self):
        return self.text
