"""Two-factor authentication (django-otp): TOTP authenticator apps and recovery codes.

Required for the roles in ``settings.IDO_TWO_FACTOR_ROLES`` (and superusers): after the
password they set up or confirm a device before any other page, on the site and in the Wagtail
admin alike (:class:`RequireTwoFactorMiddleware`). Optional for medewerkers: once they set up
a device, their logins ask for it too.
"""

from base64 import b32encode
from urllib.parse import urlencode

from django_otp import DEVICE_ID_SESSION_KEY, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse

from ido_platform.core.demo import DEMO_USERS
from ido_platform.core.permissions import grants

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator-app"
RECOVERY_DEVICE_NAME = "Herstelcodes"
# A session that needs no second factor (a medewerker without a device) remembers so, so
# their pages cost no device query; a role change is seen because roles are asked each time.
NOT_NEEDED_SESSION_KEY = "ido_two_factor_not_needed"


def is_required(user):
    """Whether this account must use a second factor."""
    if user.is_superuser:
        return True
    required = set(settings.IDO_TWO_FACTOR_ROLES)
    return any(grant.role in required for grant in grants(user))


def has_device(user):
    return user_has_device(user, confirmed=True)


def start_app_setup(user):
    """A fresh, unconfirmed authenticator-app device (an earlier unconfirmed one is replaced)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def pending_app_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def qr_code_svg(device):
    """The device's otpauth:// address as an inline SVG QR code, made here (no outside service).
    qrcode is imported here: only the set-up page needs it."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


def secret_for_typing(device):
    """The key in base32, in groups of four, for people who type it into their app."""

    secret = b32encode(device.bin_key).decode("ascii")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def confirm_app_setup(device, token):
    """Confirm the device when ``token`` is its current code: replaces any older app device and
    returns fresh recovery codes, or None for a wrong code (nothing changes)."""
    if not device.verify_token(_digits(token)):
        return None
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user):
    """Replace the user's recovery codes; each works once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify(user, token):
    """The device that accepts ``token`` (an app code or an unused recovery code), or None.
    django-otp throttles repeated wrong codes per device."""
    token = (token or "").strip().replace(" ", "").lower()
    if not token or len(token) > 16:
        return None
    return match_token(user, _digits(token) if token.isdigit() else token)


def mark_verified(request, device):
    otp_login(request, device)


def _digits(token):
    return "".join(ch for ch in str(token) if ch.isdigit())


class RequireTwoFactorMiddleware:
    """After django-otp's middleware: an account that needs a second factor but has not given
    one in this session reaches only the login, two-factor, password-reset and logout pages.
    Everything else redirects to the check (device present) or the set-up (none yet)."""

    EXEMPT_PREFIXES = (
        "/inloggen/",
        "/uitloggen/",
        "/admin/logout/",
        "/static/",
        "/gezondheid/",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._guard(request)
        return response or self.get_response(request)

    def _guard(self, request):
        user = request.user
        if not user.is_authenticated or request.path.startswith(self.EXEMPT_PREFIXES):
            return None
        if request.session.get(DEVICE_ID_SESSION_KEY) and user.is_verified():
            return None
        required = is_required(user)
        if not required and request.session.get(NOT_NEEDED_SESSION_KEY):
            return None
        if has_device(user):
            target = "two_factor_verify"
        elif required:
            target = "two_factor_setup"
        else:
            request.session[NOT_NEEDED_SESSION_KEY] = True
            return None
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def load_demo_devices():
    """Demo loader: where the profile sets DEMO_TOTP_KEY (dev only), every demo account that
    needs a second factor gets an authenticator app with that known key, so `make run` stays
    usable: add the key to an app, or print the current code with `manage.py demo_code`."""

    key = getattr(settings, "DEMO_TOTP_KEY", None)
    if not key:
        return
    usernames = [username for username, *_ in DEMO_USERS]
    for user in get_user_model().objects.filter(username__in=usernames):
        if is_required(user):
            TOTPDevice.objects.update_or_create(
                user=user, name=APP_DEVICE_NAME, defaults={"key": key, "confirmed": True}
            )
