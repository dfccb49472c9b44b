"""Embedded defaults for one machine with nothing installed: SQLite, filesystem broker,
e-mail written to var/mail/ and text messages to var/sms/ as files a developer can open."""

from ido_platform import config

from .base import *  # noqa: F403
from .base import SMS_BACKEND, VAR_DIR

# Off by default, so `make run` shows the real Dutch 404, 403, 400, 500 and CSRF pages a
# visitor sees; DEBUG=1 in the environment brings Django's debug pages back.
DEBUG = config.env_bool("DEBUG", False)
# The development server serves uploaded public files itself (production: the web server).
SERVE_MEDIA = True
SECRET_KEY = config.env_str("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = config.env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = ["http://127.0.0.1:8000", "http://localhost:8000"]

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"
SMS_BACKEND = SMS_BACKEND or "ido_platform.core.sms.FileBackend"  # base: env, else the gateway

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Demo accounts get this password; only the dev profile sets it, so the demo loader
# cannot create guessable accounts anywhere else.
DEMO_PASSWORD = "ido-demo-2026"
# Demo accounts with a role that needs two-factor authentication get an authenticator app
# with this known key (hex; base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ), dev profile only.
# `manage.py demo_code` prints the current code.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"

WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
