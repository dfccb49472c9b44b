"""Settings shared by every profile. Profiles: dev (embedded defaults), test, production."""

from datetime import timedelta
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
    "questions",
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
    # django-ninja ships Swagger UI in its static files; as an installed app its docs page
    # loads them from here instead of a CDN (a government site loads no third-party scripts).
    "ninja",
    "rules.apps.AutodiscoverRulesConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Security (issue 10): login lockout, two-factor authentication, CSP.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ido_platform.core.middleware.RejectNullCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous public pages from the cache, before sessions and the rest (core/pagecache.py).
    "ido_platform.core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ido_platform.core.twofactor.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "ido_platform.core.middleware.ContentSecurityPolicyMiddleware",
    "ido_platform.core.middleware.PermissionsPolicyMiddleware",
    # After the others that touch the response; renders the Dutch lockout page.
    "axes.middleware.AxesMiddleware",
    # Innermost, so the page it renders has the user, the messages and the CSRF cookie.
    "ido_platform.core.middleware.ExplainMethodNotAllowedMiddleware",
    "ido_platform.core.middleware.ServiceRefusalMiddleware",
]

ROOT_URLCONF = "ido_platform.urls"

# Anonymous public pages are served from this cache (ido_platform/core/pagecache.py): stored
# for at most PAGE_CACHE_SECONDS, and out of date at once when what they show changes.
PAGE_CACHE_ENABLED = config.env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = config.env_int("PAGE_CACHE_SECONDS", 60)
PAGE_CACHE_ALIAS = "default"

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
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out account or client
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, with the permissions in one query (sessions name this path).
    "ido_platform.core.auth_backends.ModelPermissionBackend",
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
SERVE_MEDIA = False  # the dev profile serves MEDIA_ROOT itself; elsewhere the web server does

# Private files (evidence photos, certificates): a folder no URL maps to, served only by views
# that check permission (ido_platform/core/private_files.py). PRIVATE_MEDIA_SERVER "django"
# streams them; "x-accel-redirect" (nginx, internal location PRIVATE_MEDIA_INTERNAL_URL) or
# "x-sendfile" hands large files to the web server.
PRIVATE_MEDIA_ROOT = Path(config.env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private-media")))
PRIVATE_MEDIA_SERVER = config.env_choice(
    "PRIVATE_MEDIA_SERVER", ("django", "x-accel-redirect", "x-sendfile"), "django"
)
PRIVATE_MEDIA_INTERNAL_URL = config.env_str("PRIVATE_MEDIA_INTERNAL_URL", "/_private/")
PRIVATE_STORAGE = {"BACKEND": "ido_platform.core.private_files.PrivateFileSystemStorage"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Informatiepunt Digitale Overheid"
# The site's public address: the base of every link in e-mails, texts and PDFs
# (ido_platform.core.links) and of Wagtail's admin e-mails. Production requires it, https, at
# start-up (settings/production.py, and checks.public_base_url_is_https for the host);
# `make run` sets it to the address it serves.
PUBLIC_BASE_URL = config.env_url(
    "PUBLIC_BASE_URL", schemes=("http", "https"), default="http://127.0.0.1:8000"
)
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
PUBLIC_BASE_URL_REQUIRES_HTTPS = False
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: it would receive a hash of every staff e-mail address.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

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
# Every task has a soft limit (SoftTimeLimitExceeded raised in the task, which can clean up)
# and a hard one (the worker process is killed and replaced), so one stuck call (a relay
# that never answers) never holds a worker. The channels have their own, shorter timeouts
# (EMAIL_TIMEOUT, SMS_GATEWAY_*_TIMEOUT); the sweep delivers messages one by one within it.
CELERY_TASK_SOFT_TIME_LIMIT = config.env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_TIME_LIMIT = config.env_int("CELERY_TASK_TIME_LIMIT", 300)
# A publish while the broker is down gives up within about two seconds; the outbox sweep
# sends what the publish missed.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
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
    # Idempotent (one row per topic, place and week), so a rerun tells nobody twice.
    "questions-flag-peaks": {
        "task": "questions.tasks.flag_question_peaks",
        "schedule": crontab(hour=3, minute=30),
    },
    "funding-accountability-reminders": {
        "task": "funding.tasks.send_accountability_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
}

# The outbox retries a failed delivery with exponential backoff: the first retry after
# OUTBOX_RETRY_BASE seconds, then doubling up to OUTBOX_RETRY_MAX, until the message is
# OUTBOX_RETRY_WINDOW seconds old (at least a day, so an SMTP outage over a night or a
# weekend day loses nothing). Then it is marked failed for a person to resend.
OUTBOX_RETRY_BASE = 60
OUTBOX_RETRY_MAX = 60 * 60
OUTBOX_RETRY_WINDOW = config.env_int("OUTBOX_RETRY_WINDOW", 48 * 60 * 60)
# A message claimed ("sending") longer than this belongs to a dead worker (longer than the
# hard task time limit). It is shown to the coordinator and the national role at once;
# an SMS is sent again automatically (the gateway deduplicates on the message reference).
OUTBOX_STALE_SENDING_AFTER = CELERY_TASK_TIME_LIMIT + 60

# Text messages (ido_platform/sms.py), chosen like EMAIL_BACKEND. No backend means no SMS:
# people who gave only a phone number are phoned by their coordinator. Setting
# SMS_GATEWAY_URL (https, with its token) switches the HTTP gateway on; SMS_BACKEND may name
# another backend class. The sender is the name on the phone: at most 11 characters.
SMS_GATEWAY_URL = config.env_url("SMS_GATEWAY_URL", schemes=("https",), default=None)
SMS_GATEWAY_TOKEN = config.env_str("SMS_GATEWAY_TOKEN") if SMS_GATEWAY_URL else ""
# Seconds to connect and to wait for each read; a slow gateway fails the attempt and the
# outbox retries (with the same reference, so the gateway can drop a repeat).
SMS_GATEWAY_CONNECT_TIMEOUT = 5
SMS_GATEWAY_READ_TIMEOUT = 10
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
    "ido_platform.core.twofactor.load_demo_devices",
    "questions.demo.load",
    "funding.demo.load",
]

# Citizen courses (courses app). Personal data of a run is anonymised this many months after
# its last meeting (the privacy statement quotes it); reminders go out this many hours before
# each meeting.
COURSES_RETENTION_MONTHS = config.env_int("COURSES_RETENTION_MONTHS", 6)
COURSES_REMINDER_HOURS = 24
# The public enrolment form, per client address (courses/runs/views.py): successful
# enrolments and refused submissions are counted apart, "count/period" with period s, m, h
# or d, optionally with a number ("10/15m"). None switches a limit off.
COURSES_ENROL_RATE = "20/h"

# Staff e-learning: a completed module counts as "expiring" this many days before it runs
# out (team matrix), and employees are reminded this many days ahead.
LEARNING_EXPIRING_DAYS = config.env_int("LEARNING_EXPIRING_DAYS", 60)
LEARNING_REMINDER_DAYS = config.env_int("LEARNING_REMINDER_DAYS", 30)
COURSES_ENROL_FAILURE_RATE = "30/15m"

# The client address (for the rate limit) comes from X-Forwarded-For only when this many
# proxies of our own stand in front of gunicorn; each appends the address it saw, so the
# client is the TRUSTED_PROXY_COUNT-th entry from the right. 0: REMOTE_ADDR, the header is
# ignored (anyone can send one).
TRUSTED_PROXY_COUNT = config.env_int("TRUSTED_PROXY_COUNT", 0)

# --- Security (issue 10) ------------------------------------------------------------------
# Login lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account, or
# from one client, both /inloggen/ and /admin/login/ refuse for AXES_COOLOFF_TIME, with a Dutch
# page; the national role lifts a lockout in the Wagtail admin (Instellingen → Inlogblokkades)
# or `manage.py axes_reset_username <name>`.
AXES_FAILURE_LIMIT = config.env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=config.env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks
# The client as our own proxies report it (TRUSTED_PROXY_COUNT), else everyone behind the
# proxy would share its address and a few failures would lock out every login.
AXES_CLIENT_IP_CALLABLE = "ido_platform.core.throttle.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ido_platform.core.accounts.locked_out"  # Dutch page, 429
AXES_ENABLE_ADMIN = False  # no django.contrib.admin; Wagtail has its own view
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # no record of every successful login (IP, browser)

# Two-factor authentication (django-otp, TOTP + recovery codes): required for these roles
# (and superusers) before any page but the login and set-up pages; optional for medewerkers.
IDO_TWO_FACTOR_ROLES = ("coordinator", "auditor", "editor", "national")
OTP_TOTP_ISSUER = "IDO-platform"

# Content-Security-Policy (django-csp 4): nothing but our own origin. The Wagtail admin also
# needs inline scripts and styles (its panels and widgets); the middleware widens it there.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],  # chart legends' colour swatches
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # Lesson videos, loaded only on a click (courses/learning/video.PLAYER_ORIGINS).
        "frame-src": ["'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "frame-ancestors": ["'self'"],  # the admin's preview panel frames our own pages
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}
CONTENT_SECURITY_POLICY_ADMIN_EXTRA = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}
# Browser features no page uses are switched off.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# Single sign-on (OpenID Connect, mozilla-django-oidc): off unless OIDC_ENABLED. A provider's
# e-mail claim logs in the existing active account with that address; nobody is created.
OIDC_ENABLED = config.env_bool("OIDC_ENABLED", False)
if OIDC_ENABLED:
    OIDC_RP_CLIENT_ID = config.env_str("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = config.env_str("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = config.env_url("OIDC_OP_AUTHORIZATION_ENDPOINT", ("https",))
    OIDC_OP_TOKEN_ENDPOINT = config.env_url("OIDC_OP_TOKEN_ENDPOINT", ("https",))
    OIDC_OP_USER_ENDPOINT = config.env_url("OIDC_OP_USER_ENDPOINT", ("https",))
    OIDC_OP_JWKS_ENDPOINT = config.env_url("OIDC_OP_JWKS_ENDPOINT", ("https",), None)
    OIDC_RP_SIGN_ALGO = config.env_choice("OIDC_RP_SIGN_ALGO", ("RS256", "HS256"), "RS256")
    OIDC_RP_SCOPES = "openid email"
    OIDC_CREATE_USER = False
    OIDC_LOGIN_LABEL = config.env_str("OIDC_LOGIN_LABEL", "Inloggen met je organisatie-account")
    AUTHENTICATION_BACKENDS.append("ido_platform.core.oidc.ExistingAccountBackend")
    LOGIN_REDIRECT_URL_FAILURE = "/inloggen/?sso=mislukt"
# Question registration (questions app). A visit may be registered up to this many days
# back; figures shared outside a library hide counts below QUESTIONS_SMALL_NUMBER; a desk
# link and the public impact questionnaire accept this many submissions (ido_platform.core.throttle;
# per link, per client).
QUESTIONS_BACKDATE_DAYS = 7
QUESTIONS_SMALL_NUMBER = 5
# Shared monitor figures (national, provincial, other libraries: the same for every viewer
# of a selection) are computed at most once per this many seconds and then read from the
# cache; 0 computes them on every request. A library's own figures are always live.
QUESTIONS_SHARED_FIGURES_SECONDS = config.env_int("QUESTIONS_SHARED_FIGURES_SECONDS", 60)
QUESTIONS_DESK_LINK_RATE = "120/h"
QUESTIONS_IMPACT_RATE = "30/h"
