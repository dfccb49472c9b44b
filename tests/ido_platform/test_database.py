"""The suite runs on PostgreSQL when DATABASE_URL asks for it: prove it really does."""

import os

import pytest

from django.db import connection

from tests.services import missing, require_postgresql

pytestmark = pytest.mark.django_db


def test_database_is_postgresql_when_database_url_asks_for_it():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        missing("DATABASE_URL does not point at PostgreSQL: running on the embedded SQLite.")
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")


def test_sqlite_uses_immediate_transactions_and_wal():
    if connection.vendor != "sqlite":
        pytest.skip("Only meaningful on the embedded SQLite database.")
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0].lower() == "wal"


def test_postgresql_sessions_never_jit_compile_a_query():
    """A web request's queries are short; on tables without statistics (every table in a
    test transaction, the one-row page-type tables autovacuum never analyses) the planner's
    estimates pass jit_above_cost, and compiling Wagtail's routing query took 460 ms."""
    require_postgresql(connection)
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW synchronous_commit")  # the test profile's own option stays
        assert cursor.fetchone()[0] == "off"
