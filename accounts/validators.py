"""Rules for what people tell us about themselves: a name others see, and at most an
area (or the postcode district that finds it) — never an address. Used by the sign-up
and profile forms."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A full UK postcode (outward and inward code), e.g. "LS6 1AA": too precise to keep.
FULL_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
POSTCODE_DISTRICT = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$", re.IGNORECASE)


def validate_postcode_district(value: str) -> None:
    """The first part of a postcode ("LS6"), never the whole of it."""
    value = "".join(value.split())
    if FULL_POSTCODE.search(value):
        raise ValidationError(
            _("Enter only the first part of your postcode, for example LS6, not LS6 1AA."),
            code="full_postcode",
        )
    if not POSTCODE_DISTRICT.match(value):
        raise ValidationError(
            _("Enter the first part of a postcode, for example LS6."), code="invalid_district"
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
