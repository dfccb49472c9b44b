"""Normalising contact details, so "06-12 34 56 78" and "+31612345678" are one person."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

_PHONE_ALLOWED = re.compile(r"^[0-9+()\-\s.]{6,30}$")


def normalise_phone(raw):
    """A Dutch-style phone number as digits: ``+31 6 1234 5678`` → ``0612345678``.
    Foreign numbers keep their ``+`` and country code. Raises ValidationError when it is not
    a phone number."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    if not _PHONE_ALLOWED.match(raw):
        raise ValidationError(_("Vul een telefoonnummer in met alleen cijfers, zoals 0612345678."))
    digits = re.sub(r"\D", "", raw)
    if raw.startswith("+"):
        digits = "+" + digits
    elif digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("+31"):
        digits = "0" + digits[3:]
    if digits.startswith("+"):
        valid = 9 <= len(digits) - 1 <= 15
    else:
        valid = len(digits) == 10 and digits.startswith("0")
    if not valid:
        raise ValidationError(
            _("Dit telefoonnummer klopt niet. Een Nederlands nummer heeft 10 cijfers.")
        )
    return digits


def normalise_email(raw):
    """An e-mail address in lower case without spaces; raises ValidationError when invalid."""
    value = (raw or "").strip().lower()
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(
            _("Dit e-mailadres klopt niet. Een e-mailadres ziet er zo uit: naam@voorbeeld.nl.")
        ) from None
    return value
