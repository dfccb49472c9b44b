"""The signed tokens in a participant's personal links (cancel, confirmation; no login
needed) and those links, absolute for messages through ``ido_platform.core.links``."""

from django.core import signing
from django.urls import reverse

from ido_platform.core.links import absolute_url

CANCEL_SALT = "courses.enrolment.cancel"
CONFIRMATION_SALT = "courses.enrolment.confirmation"


def cancel_token(enrolment):
    """The signed token in a personal cancel link (no login needed)."""
    return signing.dumps(str(enrolment.uuid), salt=CANCEL_SALT, compress=True)


def confirmation_token(enrolment):
    return signing.dumps(str(enrolment.uuid), salt=CONFIRMATION_SALT, compress=True)


def uuid_from_token(token, salt):
    """The enrolment uuid in a token, or None when the token was tampered with."""
    try:
        return signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None


def cancel_path(enrolment):
    return reverse("courses:cancel", args=[cancel_token(enrolment)])


def confirmation_path(enrolment):
    return reverse("courses:confirmation", args=[confirmation_token(enrolment)])


def cancel_url(enrolment):
    return absolute_url(cancel_path(enrolment))
