"""At national scale every dashboard reads the rollups only: with 10,000 and with 1,000,000
registrations (made with bulk SQL on PostgreSQL, ``questions.synthetic``) the national
monitor, a library's own dashboard, the partner analyst's page, the open-data API and the
accountability PDF each cost the same number of queries, show the figures a count over the
raw rows gives, and none of their queries reads the raw visit or question tables."""

import datetime

import pytest

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ido_platform.core.models import Province, Role
from questions import synthetic
from questions.models import Question, Visit
from questions.services import monitor
from tests.ido_platform.factories import (
    LocationFactory,
    MembershipFactory,
    ServiceProviderFactory,
    TopicFactory,
    UserFactory,
)
from tests.services import missing

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.django_db]

SMALL, LARGE = 10_000, 1_000_000
RAW_TABLES = (f'"{Visit._meta.db_table}"', f'"{Question._meta.db_table}"')


@pytest.fixture
def postgres(db):
    if connection.vendor != "postgresql":
        missing("The scale test needs PostgreSQL (DATABASE_URL=postgres://...): a million rows.")


@pytest.fixture
def network(users, library, location, other_location):
    """Six locations in three provinces, eight topics, four service providers, and an
    analyst of the first provider."""
    locations = [location, other_location]
    for province in (Province.LIMBURG, Province.LIMBURG, Province.GRONINGEN, Province.UTRECHT):
        locations.append(LocationFactory(province=province))
    providers = [ServiceProviderFactory() for _ in range(4)]
    analyst = UserFactory(username="analist")
    MembershipFactory(user=analyst, organisation=providers[0], role=Role.PARTNER_ANALYST)
    return {
        "locations": [loc.pk for loc in locations],
        "topics": [TopicFactory().pk for _ in range(8)],
        "providers": providers,
        "analyst": analyst,
        "library": library,
    }


def fill(network, count):
    synthetic.fill(
        count,
        location_ids=network["locations"],
        topic_ids=network["topics"],
        provider_ids=[provider.pk for provider in network["providers"]],
    )


def questions_between(start, end, **filters):
    return Question.objects.filter(
        visit__deleted_at__isnull=True, visit__day__gte=start, visit__day__lte=end, **filters
    ).count()


def expected(network):
    """Each dashboard's total, counted over the raw rows."""
    today = timezone.localdate()
    window = monitor.default_selection()
    return {
        "national monitor": questions_between(window.start, window.end),
        "library dashboard": questions_between(
            window.start, window.end, visit__location__organisation=network["library"]
        ),
        "partner": questions_between(
            window.start, window.end, service_providers=network["providers"][0]
        ),
        "open data": questions_between(today - datetime.timedelta(days=365), today),
    }


def pages(users, network):
    """(name, user, path, the total it shows or None) per dashboard."""
    year = timezone.localdate().year

    def context_total(response):
        return response.context["figures"].total

    return [
        ("national monitor", users[Role.NATIONAL], "/vragen/monitor/", context_total),
        ("library dashboard", users[Role.COORDINATOR], "/vragen/monitor/", context_total),
        ("partner", network["analyst"], "/vragen/partner/", context_total),
        ("open data", None, "/vragen/api/cijfers", lambda response: response.json()["total"]),
        (
            "accountability pdf",
            users[Role.COORDINATOR],
            f"/vragen/monitor/verantwoording.pdf?jaar={year}",
            None,
        ),
    ]


def measure(users, network):
    """{page: (queries, shown total, captured SQL)}, each page asked once to warm the
    process (content types, site root), then with an empty cache, as a first visitor."""
    result = {}
    for name, user, path, total in pages(users, network):
        client = Client()
        if user is not None:
            client.force_login(user)
        assert client.get(path).status_code == 200, name
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, name
        shown = total(response) if total else None
        result[name] = (len(queries), shown, [query["sql"] for query in queries])
    return result


def test_every_dashboard_costs_the_same_queries_at_ten_thousand_and_a_million_registrations(
    postgres, users, network
):
    fill(network, SMALL)
    assert Visit.objects.count() == SMALL
    small, small_totals = measure(users, network), expected(network)

    fill(network, LARGE - SMALL)
    assert Question.objects.count() == LARGE
    large, large_totals = measure(users, network), expected(network)

    for name, (queries, shown, _sql) in small.items():
        assert large[name][0] == queries, (name, queries, large[name][0])
        if shown is not None:
            assert shown == small_totals[name], name
            assert large[name][1] == large_totals[name], name
    assert large_totals["national monitor"] > 25 * small_totals["national monitor"]
    raw_reads = [
        (name, sql[:120])
        for name, (_n, _shown, statements) in large.items()
        for sql in statements
        if any(table in sql for table in RAW_TABLES)
    ]
    assert raw_reads == []
