"""Test profile: SQLite in memory by default, or DATABASE_URL (PostgreSQL in CI).

Celery runs tasks eagerly so a request's task happens inside the test; tasks still only
publish after commit, so tests must let on_commit callbacks run to see them.
"""

from ido_platform import config

from .base import *  # noqa: F403
from .base import SQLITE_OPTIONS, VAR_DIR, database_from_env

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]

DATABASES = {"default": database_from_env(VAR_DIR / "test.sqlite3")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file-backed test database lets live_server threads and worker processes share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
    DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "ido_platform.core.sms.LocmemBackend"  # texts collect in ido_platform.core.sms.outbox
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off, so the suite sees every page rendered; tests/ido_platform/test_page_cache.py turns it on.
PAGE_CACHE_ENABLED = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

PUBLIC_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
DEMO_PASSWORD = "ido-test-password"
REDIS_URL = config.env_url("REDIS_URL", schemes=("redis", "rediss"), default=None)

# No collectstatic in tests: whitenoise serves straight from the app and project folders.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
