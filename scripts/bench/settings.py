"""`make bench`: the production profile on one machine. scripts/bench/__main__.py supplies the
environment (a throwaway SQLite database unless DATABASE_URL is given). Only the bench adds
the bare reference views and a per-process cache."""

from ido_platform.settings.production import *  # noqa: F403

ROOT_URLCONF = "scripts.bench.urls"
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False}
# The bench measures the enrolment itself, not the rate limiter's 429 page.
COURSES_ENROL_RATE = None
COURSES_ENROL_FAILURE_RATE = None
