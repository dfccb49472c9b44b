"""Settings shared by every profile. Profiles: dev (embedded defaults), test, production."""

from pathlib import Path

from celery.schedules import crontab

from django.utils.translation import gettext_lazy as _

from ido_platform import config

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(config.env_str("IDO_VAR_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "ido_platform.core",
    "courses.runs",
    "courses.learning",
    "assessments",
    "funding",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "polymorphic",
    "rules.apps.AutodiscoverRulesConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ido_platform.core.middleware.RejectNullCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Innermost, so the page it renders has the user, the messages and the CSRF cookie.
    "ido_platform.core.middleware.ExplainMethodNotAllowedMiddleware",
]

ROOT_URLCONF = "ido_platform.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "ido_platform.wsgi.application"

# SQLite is the embedded default. Immediate transactions make concurrent writers queue up
# instead of failing with "database is locked" (see ../shared/RECIPES.md).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def database_from_env(default_sqlite_path):
    """DATABASE_URL when set, else a SQLite file; SQLite always gets the safe options."""
    database = config.env_database(
        default=f"sqlite:///{default_sqlite_path}", conn_max_age=0, conn_health_checks=True
    )
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["OPTIONS"] = {**SQLITE_OPTIONS, **database.get("OPTIONS", {})}
    return database


DATABASES = {"default": database_from_env(VAR_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# The UI is Dutch. Message ids are the Dutch texts themselves; locale/nl is where wording
# can be corrected without touching code (see README, "Translations").
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(config.env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Informatiepunt Digitale Overheid"
WAGTAILADMIN_BASE_URL = config.env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Wagtail's own background work (search index and reference index updates) goes through
# django-tasks. It runs immediately, inside the request, in every profile: the jobs are
# small and keeping them in-process avoids a second queue beside Celery. Our own work
# (messages, certificates, schedules) runs on Celery.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Celery. The embedded default uses the filesystem transport: no broker process needed,
# and `make run` starts a worker with an embedded beat next to the web server.
CELERY_QUEUE_DIR = VAR_DIR / "celery"
REDIS_URL = config.env_url("REDIS_URL", schemes=("redis", "rediss"), default=None)
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    for _folder in ("queue", "processed", "control"):
        (CELERY_QUEUE_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://localhost/"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR / "queue"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "queue"),
        "processed_folder": str(CELERY_QUEUE_DIR / "processed"),
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "deliver-pending-messages": {
        "task": "ido_platform.tasks.deliver_pending_messages",
        "schedule": 60.0,
    },
    "courses-send-meeting-reminders": {
        "task": "courses.tasks.send_meeting_reminders",
        "schedule": 15 * 60.0,
    },
    "courses-anonymise-finished-runs": {
        "task": "courses.tasks.anonymise_finished_runs",
        "schedule": 24 * 60 * 60.0,
    },
    # Staff training refreshers: both are idempotent (a reminder or digest is sent once).
    "learning-expiry-reminders": {
        "task": "courses.learning.tasks.send_expiry_reminders",
        "schedule": crontab(hour=7, minute=15),
    },
    "learning-coordinator-digests": {
        "task": "courses.learning.tasks.send_coordinator_digests",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
    # Idempotent (each reminder is sent once), so running it every six hours is safe.
    "assessments-action-reminders": {
        "task": "assessments.tasks.send_action_reminders",
        "schedule": 6 * 60 * 60.0,
    },
    "funding-accountability-reminders": {
        "task": "funding.tasks.send_accountability_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
}

# The outbox hands a message to a worker; a message stuck in "sending" longer than this
# is assumed to belong to a dead worker and is marked for a human to look at.
OUTBOX_MAX_ATTEMPTS = 8

# Text messages (ido_platform/sms.py), chosen like EMAIL_BACKEND. No backend means no SMS:
# people who gave only a phone number are phoned by their coordinator. Setting
# SMS_GATEWAY_URL (https, with its token) switches the HTTP gateway on; SMS_BACKEND may name
# another backend class. The sender is the name on the phone: at most 11 characters.
SMS_GATEWAY_URL = config.env_url("SMS_GATEWAY_URL", schemes=("https",), default=None)
SMS_GATEWAY_TOKEN = config.env_str("SMS_GATEWAY_TOKEN") if SMS_GATEWAY_URL else ""
SMS_GATEWAY_TIMEOUT = 10  # seconds; a slow gateway fails the attempt and the outbox retries
SMS_SENDER = config.env_str("SMS_SENDER", "Bibliotheek", max_length=11)
SMS_BACKEND = config.env_str(
    "SMS_BACKEND", "ido_platform.core.sms.HttpBackend" if SMS_GATEWAY_URL else None
)
SMS_FILE_PATH = VAR_DIR / "sms"

DEFAULT_FROM_EMAIL = config.env_str("DEFAULT_FROM_EMAIL", "IDO-platform <noreply@ido.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"ido_platform": {"level": "INFO"}},
}

# Each app adds its demo loader; `manage.py load_demo_data` runs them in order.
DEMO_LOADERS = [
    "ido_platform.core.demo.load",
    "courses.runs.demo.load",
    "courses.learning.demo.load",
    "assessments.demo.load",
    "funding.demo.load",
]

# Citizen courses (courses app). Personal data of a run is anonymised this many months after
# its last meeting (the privacy statement quotes it); reminders go out this many hours before
# each meeting; the public form accepts this many submissions per client (django-ratelimit).
COURSES_RETENTION_MONTHS = config.env_int("COURSES_RETENTION_MONTHS", 6)
COURSES_REMINDER_HOURS = 24
COURSES_ENROL_RATE = "20/h"
