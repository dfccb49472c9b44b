"""Query budget of the national dashboard: the same number of queries, at most 12, for 15
locations with one round as for 1,500 locations with four rounds."""

import datetime
import itertools
from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Audit, ThemeScore
from ido_platform.core.models import LibraryOrganisation, Location, Province, Role
from tests.charts import assert_charts_are_machine_readable

pytestmark = pytest.mark.django_db

_numbers = itertools.count()


def make_network(framework_version, locations, rounds):
    """Locations with approved audits and theme scores, written with bulk_create."""
    batch = next(_numbers)
    # Organisations are a multi-table (polymorphic) model: no bulk_create; ten are enough.
    organisations = [
        LibraryOrganisation.objects.create(
            name=f"Bibliotheek {batch}-{i}", slug=f"bieb-{batch}-{i}", province=Province.UTRECHT
        )
        for i in range(10)
    ]
    provinces = Province.values
    created = Location.objects.bulk_create(
        Location(
            organisation=organisations[i % len(organisations)],
            name=f"IDO {batch}-{i}",
            slug=f"ido-{batch}-{i}",
            town="Ergens",
            municipality="Ergens",
            province=provinces[i % len(provinces)],
        )
        for i in range(locations)
    )
    audits = Audit.objects.bulk_create(
        Audit(
            location=location,
            version=framework_version,
            planned_for=datetime.date(2022 + r, 10, 1),
            round=r + 1,
            status=Audit.Status.APPROVED,
            score=Decimal(60 + (i + r) % 40),
            outcome="voldoet" if (i + r) % 40 >= 20 else "gedeeltelijk",
            is_latest=r == rounds - 1,
        )
        for i, location in enumerate(created)
        for r in range(rounds)
    )
    ThemeScore.objects.bulk_create(
        ThemeScore(
            audit=audit,
            theme_key=key,
            theme_title=title,
            score=Decimal((audit.pk * 7 + offset) % 101),
        )
        for audit in audits
        for offset, (key, title) in enumerate(
            [("herkenbaar", "Herkenbaar IDO"), ("mensen", "Deskundige mensen")]
        )
    )


def dashboard_queries(client, **params):
    client.get(reverse("assessments:dashboard"), params)  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("assessments:dashboard"), params)
    assert response.status_code == 200
    return response, len(queries)


def test_dashboard_queries_do_not_grow_with_locations_or_rounds(
    client, users, framework_version, django_assert_num_queries
):
    client.force_login(users[Role.NATIONAL])
    make_network(framework_version, locations=15, rounds=1)
    small, budget = dashboard_queries(client)
    assert small.context["locations"].paginator.count == 16  # 15 + the users fixture's location

    make_network(framework_version, locations=1500, rounds=4)
    with django_assert_num_queries(budget):
        big = client.get(reverse("assessments:dashboard"))

    assert big.context["locations"].paginator.count == 1516
    assert big.context["rounds"] == [1, 2, 3, 4]
    assert sum(big.context["distribution"][0]["buckets"]) == 1515
    assert budget <= 12  # session, user (with roles), 2FA device and 6 for the dashboard


def test_filters_keep_the_same_budget(client, users, framework_version):
    client.force_login(users[Role.NATIONAL])
    make_network(framework_version, locations=15, rounds=1)
    _, unfiltered = dashboard_queries(client)
    response, filtered = dashboard_queries(client, provincie="UT", werkwijze="basis")

    assert filtered == unfiltered
    assert all(loc.province == "UT" for loc in response.context["locations"])


def test_the_charts_draw_with_machine_numbers_in_a_dutch_page(client, users, framework_version):
    client.force_login(users[Role.NATIONAL])
    make_network(framework_version, locations=15, rounds=2)
    response, _ = dashboard_queries(client)
    assert_charts_are_machine_readable(response.content.decode())
