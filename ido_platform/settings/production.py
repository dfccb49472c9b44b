"""Production: PostgreSQL, Redis, SMTP, gunicorn + whitenoise. Fails closed: a missing
secret, database or broker stops start-up with the variable's name."""

from ido_platform import config

from .base import *  # noqa: F403
from .base import PRIVATE_STORAGE

DEBUG = False
SECRET_KEY = config.env_str("SECRET_KEY")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-"):
    raise config.ConfigError(
        "Environment variable SECRET_KEY must be a random value of at least 50 characters."
    )
ALLOWED_HOSTS = config.env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = config.env_list(
    "CSRF_TRUSTED_ORIGINS", [f"https://{host}" for host in ALLOWED_HOSTS if host != "*"]
)

# Links in messages must reach the public site: required and https at start-up, so a
# gunicorn or Celery process (which runs no system checks) never writes relative or plain-http
# cancel links; the system check ido.E003 also rejects an address without a host.
PUBLIC_BASE_URL = config.env_url("PUBLIC_BASE_URL", schemes=("https",))
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
PUBLIC_BASE_URL_REQUIRES_HTTPS = True

DATABASES = {"default": config.env_database(conn_max_age=60, conn_health_checks=True)}

REDIS_URL = config.env_url("REDIS_URL", schemes=("redis", "rediss"))
CELERY_BROKER_URL = REDIS_URL
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# A Redis outage degrades to "no cache" (a miss, a no-op, a logged warning) instead of a 500
# on every page: ido_platform/core/cache.py. Short timeouts so a hanging Redis is noticed fast.
CACHES = {
    "default": {
        "BACKEND": "ido_platform.core.cache.DegradingRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = config.env_str("EMAIL_HOST")
EMAIL_PORT = config.env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = config.env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = config.env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = config.env_bool("EMAIL_USE_TLS", True)
# Connect and send timeout (seconds): a relay that accepts and never answers fails the
# attempt; the outbox tries again later.
EMAIL_TIMEOUT = config.env_int("EMAIL_TIMEOUT", 20)
# SMS stays off (SMS_BACKEND None, from base) until SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN
# are set; until then coordinators phone the people who gave only a phone number.

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,
    # whitenoise's manifest storage, but a missing manifest entry links the plain file and
    # logs an error instead of a 500 on every page (ido_platform/core/storage.py).
    "staticfiles": {"BACKEND": "ido_platform.core.storage.ForgivingManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = config.env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = config.env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
