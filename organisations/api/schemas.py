"""The JSON the verification API reads and writes. These field names are a promise to the
programs that call us: add fields, never rename or remove one (the docs page lists them all,
and a test checks that it does)."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, Field

MAX_CHECKS = 1000
NUMBER_MAX = 60  # Endorsement.number's length
NAME_MAX = 200
# No control characters: the schema says so, so generated clients and test tools know it.
PLAIN_TEXT = r"^[^\x00-\x1f\x7f]*$"


def _plain_text(value: str) -> str:
    """Refuse control characters and lone surrogates: no number or name has them, and the
    database cannot store them."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise ValueError("must not contain control characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text") from None
    return value


Number = Annotated[
    str,
    Field(
        min_length=1,
        max_length=NUMBER_MAX,
        pattern=PLAIN_TEXT,
        description="The endorsement number as printed on the certificate (any capitalisation).",
    ),
    AfterValidator(_plain_text),
]
Name = Annotated[
    str,
    Field(
        max_length=NAME_MAX,
        pattern=PLAIN_TEXT,
        description=(
            "The person's name as your records have it; only the last name is compared, "
            "ignoring case and accents."
        ),
    ),
    AfterValidator(_plain_text),
]

Status = Literal["active", "emerging", "suspended", "lapsed", "revoked", "archived"]
Outcome = Literal["matched", "no_match", "name_differs"]


class Credential(Schema):
    number: str = Field(description="The endorsement number.")
    status: Status = Field(description="Where the endorsement stands today.")
    current: bool = Field(
        description="True while the endorsement is in force (status active or emerging)."
    )
    category: str = Field(description="The endorsement category's name, in English.")
    category_code: str = Field(description="The category's short code.")
    valid_through: datetime.date = Field(description="The last day the endorsement is valid.")


class Check(Schema):
    number: Number
    name: Name | None = None


class VerificationsIn(Schema):
    checks: list[Check] = Field(
        min_length=1,
        max_length=MAX_CHECKS,
        description=f"One to {MAX_CHECKS:,} numbers, each with the person's name if you have it.",
    )


class Result(Schema):
    number: str = Field(description="The number as sent (spaces around it removed).")
    outcome: Outcome = Field(
        description=(
            "matched: the number is an endorsement (and the name, if sent, agrees); "
            "no_match: no endorsement has this number; name_differs: the number exists but "
            "the name sent is not its holder's."
        )
    )
    credential: Credential | None = Field(description="The endorsement, when matched.")


class VerificationsOut(Schema):
    results: list[Result] = Field(description="One result per check, in the order sent.")


class ErrorDetail(Schema):
    location: str = Field(description="Where the problem is, e.g. body.checks.0.number.")
    message: str


class Error(Schema):
    code: str = Field(description="A stable code to act on, e.g. unauthorized, rate_limited.")
    message: str = Field(
        description=(
            "What went wrong, in the request's language (Accept-Language: English or Spanish; "
            "English otherwise)."
        )
    )
    errors: list[ErrorDetail] | None = Field(
        default=None, description="For invalid_request: each problem found."
    )
