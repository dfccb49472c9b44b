"""The suite runs on PostgreSQL when DATABASE_URL asks for it: prove it really does."""

import os

import pytest

from django.db import connection

from tests.services import missing

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
