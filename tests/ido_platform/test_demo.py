"""The demo loader: the 2019 kopgroep, the 2021 service providers, one user per role, and
running it twice changes nothing (no row written, in any table of any app)."""

import io

import pytest

from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageLogEntry, Revision

from ido_platform.core.models import (
    LibraryOrganisation,
    Location,
    Membership,
    OpeningHours,
    Organisation,
    Role,
    ServiceProvider,
    Topic,
)

# The demo is loaded once for this module (tests/conftest.py); a test that needs the loader
# on an empty database is in test_demo_accounts.py.
pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def snapshot():
    return {
        "organisations": list(Organisation.objects.order_by("pk").values()),
        "locations": list(Location.objects.order_by("pk").values()),
        "hours": list(OpeningHours.objects.order_by("pk").values()),
        "topics": list(Topic.objects.order_by("pk").values()),
        "memberships": list(Membership.objects.order_by("pk").values()),
        "pages": list(Page.objects.order_by("pk").values("pk", "title", "live", "path")),
        "revisions": Revision.objects.count(),
        "log_entries": PageLogEntry.objects.count(),
        # Every table of every app: the per-app "loads twice" checks are this one.
        "rows": {
            model._meta.label: model._base_manager.count()
            for model in apps.get_models(include_auto_created=True)
        },
    }


def test_demo_data_loads_the_kopgroep_and_partners():
    assert LibraryOrganisation.objects.count() == 15
    assert Location.objects.filter(is_kopgroep=True).count() == 15
    assert Location.objects.get(slug="venlo").opened_on.isoformat() == "2019-07-01"
    assert ServiceProvider.objects.count() == 12
    assert set(ServiceProvider.objects.values_list("abbreviation", flat=True)) >= {
        "CJIB",
        "DUO",
        "SVB",
        "UWV",
        "CAK",
        "CIZ",
        "CBR",
        "RDW",
        "LBIO",
    }
    assert {m.role for m in Membership.objects.all()} == set(Role.values)


def test_demo_loader_run_twice_changes_nothing():
    devnull = io.StringIO()
    before = snapshot()
    with CaptureQueriesContext(connection) as queries:
        call_command("load_demo_data", stdout=devnull)
    after = snapshot()
    assert before == after
    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "DELETE"))]
    assert writes == []


def test_demo_home_page_is_the_site_root(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Hulp bij de digitale overheid" in response.content.decode()
    html = client.get("/locaties/").content.decode()
    assert "15 locaties gevonden" in html
    for town in ("Venlo", "Tiel", "Middelburg", "Breda", "Leeuwarden"):
        assert town in html
