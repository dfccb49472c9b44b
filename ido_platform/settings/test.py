"""Test profile: SQLite in memory by default, or DATABASE_URL (PostgreSQL in CI).

Celery runs tasks eagerly so a request's task happens inside the test; tasks still only
publish after commit, so tests must let on_commit callbacks run to see them.
"""

from ido_platform import config

from .base import *  # noqa: F403
from .base import CELERY_BROKER_TRANSPORT_OPTIONS, SQLITE_OPTIONS, VAR_DIR, database_from_env

# Under pytest-xdist each worker process (gw0, gw1, ...) has a var dir of its own, so no two
# workers share a SQLite file, the filesystem broker's folders or written SMS files.
XDIST_WORKER = config.env_str("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER:
    VAR_DIR = VAR_DIR / XDIST_WORKER
    STATIC_ROOT = VAR_DIR / "static"
    SMS_FILE_PATH = VAR_DIR / "sms"
    CELERY_QUEUE_DIR = VAR_DIR / "celery"
    CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
    if CELERY_BROKER_URL.startswith("filesystem://"):  # noqa: F405
        CELERY_BROKER_TRANSPORT_OPTIONS = {
            **CELERY_BROKER_TRANSPORT_OPTIONS,
            "data_folder_in": str(CELERY_QUEUE_DIR / "queue"),
            "data_folder_out": str(CELERY_QUEUE_DIR / "queue"),
            "processed_folder": str(CELERY_QUEUE_DIR / "processed"),
            "control_folder": str(CELERY_QUEUE_DIR / "control"),
        }
        for _folder in ("queue", "processed", "control"):
            (CELERY_QUEUE_DIR / _folder).mkdir(parents=True, exist_ok=True)

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]

DATABASES = {"default": database_from_env(VAR_DIR / "test.sqlite3")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file-backed test database lets live_server threads and worker processes share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
    # Durability means nothing in a test database: no sync to disk at each commit.
    DATABASES["default"]["OPTIONS"] = {
        **SQLITE_OPTIONS,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;",
    }
else:
    config.add_postgres_options(DATABASES["default"], "-c synchronous_commit=off")

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "ido_platform.core.sms.LocmemBackend"  # texts collect in ido_platform.core.sms.outbox
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off, so the suite sees every page rendered; tests/ido_platform/test_page_cache.py turns it on.
PAGE_CACHE_ENABLED = False
# Likewise shared monitor figures are computed each time; tests/questions/test_monitor.py
# turns their cache on.
QUESTIONS_SHARED_FIGURES_SECONDS = 0
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
