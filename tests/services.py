"""Skip-or-fail for tests that need a service (PostgreSQL, Redis, Chromium).

Locally a missing service skips the test with a reason. CI sets IDO_REQUIRE_SERVICES=1, and
then a missing service fails the run instead of hiding behind a skip."""

import os

import pytest


def missing(reason):
    if os.environ.get("IDO_REQUIRE_SERVICES") == "1":
        pytest.fail(f"Required in this run (IDO_REQUIRE_SERVICES=1): {reason}")
    pytest.skip(reason)


def require_postgresql(connection):
    """For a test that only means something on PostgreSQL (locks, session settings)."""
    if connection.vendor != "postgresql":
        missing("DATABASE_URL does not point at PostgreSQL: running on the embedded SQLite.")


def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        missing("REDIS_URL is not set: this test needs a Redis server (see README, 'Tests').")
    return url


def database_url_for(connection):
    """A DATABASE_URL that reaches the database this test run uses (for worker processes)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings.get("USER") or ""
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{settings['NAME']}"


def reset_broker_pools():
    """Rebuild Celery's broker connection and producer pools after a test changed the broker
    settings, as a freshly started process would. ``kombu.pools.reset()`` closes every pool,
    the producer pool too: one left closed makes every later ``delay()`` raise "Acquire on
    closed pool", also in eager mode (tests/conftest.py fails the test that leaves it so)."""
    from kombu import pools as kombu_pools

    from ido_platform.celery_app import app as celery_app

    kombu_pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
