"""Desk links: a coordinator makes a revocable link per location so that volunteers at that
desk can register questions without an account. The secret is shown once; only its SHA-256
hash is stored, so a leaked database gives no working links. Revoking works at once: every
request looks the link up again."""

import hashlib
import secrets

from django.utils import timezone
from django.utils.translation import gettext as _

from questions.models import DeskLink
from questions.services.registration import RegistrationError


def _hash(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def create_desk_link(location, *, by, label=""):
    """Make a link for ``location``; returns ``(link, secret)``. The secret is not stored."""
    if not by.has_perm("questions.make_desklink", location):
        raise RegistrationError(_("U mag voor deze locatie geen baliekoppeling maken."), 403)
    secret = secrets.token_urlsafe(24)
    link = DeskLink.objects.create(
        location=location, label=label.strip()[:100], secret_hash=_hash(secret), created_by=by
    )
    return link, secret


def find_desk_link(secret):
    """The active link for ``secret``; a RegistrationError (404 unknown, 410 revoked)."""
    if not secret or len(secret) > 64:
        raise RegistrationError(_("Deze baliekoppeling bestaat niet."), status=404)
    link = DeskLink.objects.select_related("location").filter(secret_hash=_hash(secret)).first()
    if link is None:
        raise RegistrationError(_("Deze baliekoppeling bestaat niet."), status=404)
    if not link.is_active:
        raise RegistrationError(
            _("Deze baliekoppeling is ingetrokken. Vraag de coördinator om een nieuwe."),
            status=410,
        )
    return link


def revoke_desk_link(link, *, by, now=None):
    if not by.has_perm("questions.revoke_desklink", link):
        raise RegistrationError(_("U mag deze baliekoppeling niet intrekken."), 403)
    if link.revoked_at is None:
        DeskLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
            revoked_at=now or timezone.now(), revoked_by=by
        )
        link.refresh_from_db()
    return link
