"""The one configuration layer: every value the platform reads from the environment.

Settings modules call these helpers; nothing else in the code base reads ``os.environ``.
Each helper names the variable in its error, so a broken deployment says what to fix.
"""

import os

import dj_database_url

from django.core.exceptions import ImproperlyConfigured

_MISSING = object()


class ConfigError(ImproperlyConfigured):
    """A required environment variable is missing or malformed."""


def env_str(name, default=_MISSING, *, max_length=None):
    value = os.environ.get(name)
    if value is None or value == "":
        if default is _MISSING:
            raise ConfigError(f"Environment variable {name} is required but not set.")
        return default
    if max_length is not None and len(value) > max_length:
        raise ConfigError(
            f"Environment variable {name} must be at most {max_length} characters, got {value!r}."
        )
    return value


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"Environment variable {name} must be true or false, got {value!r}.")


def env_int(name, default=_MISSING):
    value = os.environ.get(name)
    if value is None or value == "":
        if default is _MISSING:
            raise ConfigError(f"Environment variable {name} is required but not set.")
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigError(
            f"Environment variable {name} must be a whole number, got {value!r}."
        ) from None


def env_list(name, default=_MISSING):
    value = env_str(name, default=None)
    if value is None:
        if default is _MISSING:
            raise ConfigError(f"Environment variable {name} is required but not set.")
        return list(default)
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise ConfigError(f"Environment variable {name} must list at least one value.")
    return items


# Session settings for every PostgreSQL connection. JIT compilation is off: it pays off for
# long analytical queries, not for a web request's short ones. It starts when a plan's
# estimated cost passes jit_above_cost, and estimates run wild on tables that were never
# analysed (autovacuum never analyses a table with fewer than 50 changed rows, such as the
# one-row page-type tables, and rows written in an open transaction have no statistics at
# all). Wagtail's page routing query then cost 0.7 ms to run and 460 ms to compile.
POSTGRES_SESSION_OPTIONS = "-c jit=off"


def add_postgres_options(database, options):
    """``database`` with ``options`` (``-c name=value ...``) added to the session options
    libpq sends when it connects, after any that are set already."""
    current = database.setdefault("OPTIONS", {})
    current["options"] = " ".join(filter(None, [current.get("options"), options]))
    return database


def env_database(name="DATABASE_URL", default=_MISSING, **options):
    """Parse a database URL (postgres://, sqlite:///...) into a DATABASES entry; a
    PostgreSQL one gets ``POSTGRES_SESSION_OPTIONS``."""
    url = env_str(name, default=default)
    if isinstance(url, dict):
        return url
    try:
        config = dj_database_url.parse(url, **options)
    except (ValueError, KeyError) as error:
        raise ConfigError(
            f"Environment variable {name} is not a valid database URL: {error}"
        ) from None
    if not config.get("ENGINE") or not config.get("NAME"):
        raise ConfigError(f"Environment variable {name} is not a valid database URL: {url!r}.")
    if config["ENGINE"].startswith("django.db.backends.postgresql"):
        add_postgres_options(config, POSTGRES_SESSION_OPTIONS)
    return config


def env_url(name, schemes, default=_MISSING):
    """A URL whose scheme must be one of ``schemes`` (e.g. redis:// for REDIS_URL)."""
    url = env_str(name, default=default)
    if url is None:
        return None
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in schemes:
        allowed = ", ".join(f"{s}://" for s in schemes)
        raise ConfigError(f"Environment variable {name} must start with {allowed}, got {url!r}.")
    return url


def env_choice(name, choices, default=_MISSING):
    """One of ``choices`` (e.g. PRIVATE_MEDIA_SERVER=x-accel-redirect)."""
    value = env_str(name, default=default)
    if value not in choices:
        raise ConfigError(
            f"Environment variable {name} must be one of {', '.join(choices)}, got {value!r}."
        )
    return value
