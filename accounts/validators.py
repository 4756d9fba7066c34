"""Rules for what people tell us about themselves: a name others see, and at most a ward
or postcode district — never an address. Used by the sign-up and profile forms."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

AREA_MAX_LENGTH = 40
AREA_MAX_WORDS = 4

# A full UK postcode (outward and inward code), e.g. "LS6 1AA": too precise to keep.
FULL_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
# A house number followed by a word ("12 Mill Lane", "4a Station Road").
HOUSE_NUMBER = re.compile(r"(^|[\s,])\d+[a-z]?\s+[a-z]", re.IGNORECASE)
STREET_WORDS = re.compile(
    r"\b(road|rd|street|st|lane|ln|avenue|ave|drive|dr|close|crescent|court|ct|terrace|"
    r"gardens|grove|place|way|walk|mews|flat|apartment|apt|house|cottage)\b\.?",
    re.IGNORECASE,
)


def normalise_area(value: str) -> str:
    return " ".join(value.split())


def validate_area(value: str) -> None:
    """A ward ("Riverside") or a postcode district ("LS6"), never an address."""
    value = normalise_area(value)
    if not value:
        return
    if FULL_POSTCODE.search(value):
        raise ValidationError(
            _("Enter only the first part of your postcode, for example LS6, not LS6 1AA."),
            code="full_postcode",
        )
    if (
        "," in value
        or HOUSE_NUMBER.search(value)
        or (STREET_WORDS.search(value) and re.search(r"\d", value))
    ):
        raise ValidationError(
            _("Enter a ward or a postcode district, not an address."), code="address"
        )
    if len(value) > AREA_MAX_LENGTH or len(value.split()) > AREA_MAX_WORDS:
        raise ValidationError(
            _("Enter a short ward name or postcode district, for example Riverside or LS6."),
            code="too_long",
        )


def validate_display_name(value: str) -> None:
    """A display name is public: keep email addresses and web addresses out of it."""
    if "@" in value:
        raise ValidationError(
            _("Do not use your email address as your display name: everyone can see it."),
            code="email",
        )
    if re.search(r"https?://|www\.", value, re.IGNORECASE):
        raise ValidationError(_("A display name cannot contain a web address."), code="url")
