"""The whole demo (``load_demo_data``) for a test, at the cost of loading it once per test
process.

The first ``load_demo()`` in a process runs the real loader and then copies every table's
rows into memory; a later one (in a test database in the same state as the first: freshly
migrated, inside a transaction the caller rolls back, or flushed) empties every table and
writes those rows back, which takes a second or two instead of the loader's half minute.
The tables are copied whole, so what the loader wrote anywhere (pages, revisions, the
reference and search indexes, groups and permissions) comes back exactly, with its ids.

Only the loader's own tests (idempotency, settings without a demo password) run it again;
they call ``call_command("load_demo_data")`` themselves. The demo is made relative to today,
so a snapshot is only reused on the day it was taken.
"""

import io

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

_snapshots = {}


def load_demo():
    """Load the demo into the current test database: the real loader the first time in this
    process, the copy of what it wrote afterwards."""
    cache.clear()  # Wagtail caches the site's root paths
    key = (connection.vendor, connection.settings_dict["NAME"], timezone.localdate())
    if key in _snapshots:
        _restore(_snapshots[key])
    else:
        call_command("load_demo_data", stdout=io.StringIO())
        _snapshots[key] = _take()
    cache.clear()


def _tables(cursor):
    """The tables to copy. SQLite's full-text tables (Wagtail's search index) and their
    shadow tables are left out: triggers on the index table fill them, and writing them
    directly corrupts the database."""
    virtual = ()
    if connection.vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
        virtual = tuple(name for (name,) in cursor.fetchall())
    return sorted(
        table.name
        for table in connection.introspection.get_table_list(cursor)
        if table.type == "t"
        and table.name != "django_migrations"
        and not any(table.name == v or table.name.startswith(f"{v}_") for v in virtual)
    )


def _pg_columns(cursor, table):
    """(name, type) of each column, the type as a cast PostgreSQL reads back (text in and
    out, so JSON, arrays, search vectors and time stamps return unchanged)."""
    cursor.execute(
        "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
        " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
        [connection.ops.quote_name(table)],
    )
    return cursor.fetchall()


def _take():
    quote = connection.ops.quote_name
    postgres = connection.vendor == "postgresql"
    tables = {}
    with connection.cursor() as cursor:
        for table in _tables(cursor):
            if postgres:
                columns = _pg_columns(cursor, table)
                selected = ", ".join(f"{quote(name)}::text" for name, _type in columns)
                cursor.execute(f"SELECT {selected} FROM {quote(table)}")
            else:
                # Unary plus: the value as stored, not passed through Django's converters
                # for the declared type (they apply to bare column references only).
                names = [
                    c.name for c in connection.introspection.get_table_description(cursor, table)
                ]
                selected = ", ".join(f"+{quote(name)}" for name in names)
                cursor.execute(f"SELECT {selected} FROM {quote(table)}")
                columns = [(name, None) for name in names]
            tables[table] = (columns, cursor.fetchall())
    return tables


def _restore(tables):
    """Every table back to the snapshot. Foreign keys are checked at commit (Django makes
    them deferrable), so the order of the tables does not matter."""
    quote = connection.ops.quote_name
    # One transaction (or a savepoint in the caller's): in autocommit, as in a browser test,
    # each DELETE would have its foreign keys checked at once.
    with transaction.atomic(), connection.cursor() as cursor:
        assert _tables(cursor) == sorted(tables), "the database's tables changed"
        for table in tables:
            cursor.execute(f"DELETE FROM {quote(table)}")
        for table, (columns, rows) in tables.items():
            if not rows:
                continue
            names = ", ".join(quote(name) for name, _type in columns)
            values = ", ".join(f"%s::{kind}" if kind else "%s" for _name, kind in columns)
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({values})", rows)
        if connection.vendor == "postgresql":
            models = apps.get_models(include_auto_created=True)
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
    ContentType.objects.clear_cache()
