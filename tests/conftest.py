"""Shared fixtures: the site's pages, one user per role, and helpers for counting queries."""

import pytest

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.test import Client

import ido_platform.celery_app  # noqa: F401 — binds the apps' tasks to our Celery app
from ido_platform.core import demo, sms
from ido_platform.core.models import Role
from tests.demo_snapshot import load_demo
from tests.ido_platform.factories import (
    LibraryOrganisationFactory,
    LocationFactory,
    MembershipFactory,
    SupportOrganisationFactory,
    UserFactory,
)


def otp_verify_session(client, user):
    """Mark ``client``'s session as having passed two-factor authentication, as the check page
    does after a correct code. Tests only: production has no way around the check."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="test-sessie", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


_force_login = Client.force_login
_login = Client.login


def force_login(self, user, backend=None, *, otp_verified=True):
    """``client.force_login`` logs in with a second factor given, so tests of staff pages need
    not walk the two-factor page; ``otp_verified=False`` gives a password-only session."""
    _force_login(self, user, backend)
    if otp_verified:
        otp_verify_session(self, user)


def login(self, *, otp_verified=True, **credentials):
    """``client.login`` through the real backends (django-axes needs a request)."""
    credentials.setdefault("request", HttpRequest())
    logged_in = _login(self, **credentials)
    if logged_in and otp_verified:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(pk=self.session["_auth_user_id"])
        otp_verify_session(self, user)
    return logged_in


Client.force_login = force_login
Client.login = login


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases, and before it drops them on PostgreSQL: every other
    session on the test database is named and ended. A subprocess a test stopped (a gunicorn
    or Celery worker) or a live-server thread a browser still holds can leave a backend that
    goes away a moment later; DROP DATABASE then fails ("is being accessed by other users")
    and the whole run fails on its last test. Which sessions they were is printed, so a leak
    that is a real fault can be found."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for alias in connections:
            connection = connections[alias]
            if connection.vendor != "postgresql":
                continue
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pid, application_name, state, left(query, 120),"
                    " pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                ended = cursor.fetchall()
            for pid, application, state, query in (row[:4] for row in ended):
                print(
                    f"\nEnded a leftover session on the test database {alias!r}: pid {pid} "
                    f"({application or 'no application name'}, {state}): {query}"
                )
        connections.close_all()


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache. The locmem cache lives as long as the process,
    so without this the enrolment form's rate-limit counters (per client IP, per hour window)
    and Wagtail's cached site roots would carry over from whichever tests ran before."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def broker_pools_left_open():
    """A test that closes Celery's pools (``kombu.pools.reset()``) without rebuilding them
    breaks every later ``delay()`` in the process, eager ones too ("Acquire on closed pool"),
    so some test far away fails. Fail the test that did it instead: it should call
    ``tests.services.reset_broker_pools()`` when it is done."""
    from ido_platform.celery_app import app as celery_app

    yield
    pool = celery_app.amqp.__dict__.get("_producer_pool")
    if pool is not None and getattr(pool, "_closed", False):
        pytest.fail("This test left Celery's producer pool closed: call reset_broker_pools().")


@pytest.fixture(autouse=True)
def sms_outbox():
    """The texts LocmemBackend sent in this test (like django.core.mail.outbox), emptied
    before each test."""
    sms.outbox.clear()
    return sms.outbox


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The whole demo (``load_demo_data``), loaded once for the test module that asks for it
    inside a transaction rolled back after the module's last test. Loading it costs about
    half a minute of CPU, so a module of demo tests shares one load, and after the first one in
    a process it is a copy (tests/demo_snapshot.py); each test still runs in its own savepoint,
    so what one test changes the next does not see. Every test of such a module sees the demo,
    so a test that needs an empty database lives in another module."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            load_demo()
            yield
            transaction.set_rollback(True)
        cache.clear()
        ContentType.objects.clear_cache()


@pytest.fixture
def site_pages(db):
    """The home page, location overview and statements, as the demo loader makes them."""
    return demo.load_pages()


@pytest.fixture
def library(db):
    return LibraryOrganisationFactory(name="Bibliotheek Eigen", slug="eigen")


@pytest.fixture
def other_library(db):
    return LibraryOrganisationFactory(name="Bibliotheek Ander", slug="ander")


@pytest.fixture
def location(library):
    return LocationFactory(organisation=library, name="Informatiepunt Eigen", slug="eigen-ido")


@pytest.fixture
def other_location(other_library):
    return LocationFactory(
        organisation=other_library, name="Informatiepunt Ander", slug="ander-ido"
    )


@pytest.fixture
def national_org(db):
    return SupportOrganisationFactory(name="KB", slug="kb-test")


def _member(role, organisation, username, location=None):
    user = UserFactory(username=username)
    MembershipFactory(user=user, organisation=organisation, role=role, location=location)
    return user


@pytest.fixture
def users(library, location, national_org):
    """One user per role; library roles belong to ``library``."""
    return {
        Role.MEDEWERKER: _member(Role.MEDEWERKER, library, "medewerker", location),
        Role.COORDINATOR: _member(Role.COORDINATOR, library, "coordinator", location),
        Role.AUDITOR: _member(Role.AUDITOR, national_org, "auditor"),
        Role.EDITOR: _member(Role.EDITOR, national_org, "redacteur"),
        Role.NATIONAL: _member(Role.NATIONAL, national_org, "landelijk"),
    }
