"""Refuse notes that look like personal data: a BSN (nine digits passing the elfproef), an
e-mail address, a phone number or an IBAN. The registration never needs any of them."""

import re

from django.utils.translation import gettext as _

EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]{2,}")
# Nine digits, optionally grouped with spaces, dots or dashes (123.456.782 / 1234 56 782).
DIGIT_RUN = re.compile(r"(?<![\d])\d(?:[ .\-]?\d){7,12}(?![\d])")
# A Dutch phone number: 06-12345678, 010 123 4567, +31 6 1234 5678, 0031 ...
PHONE = re.compile(r"(?<![\d+])(?:\+31|0031|0)[ \-]?(?:\(0\)[ \-]?)?\d(?:[ \-]?\d){8}(?![\d])")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}[ ]?[A-Z0-9]{4}(?:[ ]?[A-Z0-9]{2,4}){2,7}\b", re.IGNORECASE)


def passes_elfproef(digits: str) -> bool:
    """The BSN check: 9×d1 + 8×d2 + … + 2×d8 − 1×d9 is a multiple of 11 (and not zero)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:8], range(9, 1, -1), strict=True))
    total -= int(digits[8])
    return total % 11 == 0


def is_iban(candidate: str) -> bool:
    """An IBAN passes the ISO 13616 mod-97 check."""
    compact = re.sub(r"\s", "", candidate).upper()
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def personal_data_in(text: str) -> list[str]:
    """Dutch reasons, one per kind of personal data found in ``text`` (empty: none found)."""
    reasons = []
    if EMAIL.search(text):
        reasons.append(_("De notitie lijkt een e-mailadres te bevatten."))
    if any(is_iban(match.group()) for match in IBAN.finditer(text)):
        reasons.append(_("De notitie lijkt een rekeningnummer (IBAN) te bevatten."))
    if PHONE.search(text):
        reasons.append(_("De notitie lijkt een telefoonnummer te bevatten."))
    for match in DIGIT_RUN.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if passes_elfproef(digits):
            reasons.append(_("De notitie lijkt een burgerservicenummer (BSN) te bevatten."))
            break
    return reasons
