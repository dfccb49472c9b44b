"""Query budgets: the finder and the course page cost the same number of queries with 10
runs as with 2,000 runs (counts are annotations, meetings prefetched, pages paginated), and
they and the location page the same with 15 locations as with 750."""

import datetime
from datetime import timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.runs.models import CourseRun, Enrolment, Meeting
from ido_platform.core.models import Location, OpeningHours
from tests.ido_platform.factories import LocationFactory

pytestmark = pytest.mark.django_db


def make_runs(course, locations, count):
    """``count`` runs with two meetings and two enrolments each, in bulk."""
    start = timezone.now() + timedelta(days=3)
    runs = CourseRun.objects.bulk_create(
        CourseRun(
            course=course,
            location=locations[number % len(locations)],
            seats=8,
            first_meeting_at=start + timedelta(hours=number),
            last_meeting_at=start + timedelta(hours=number, weeks=1, minutes=120),
        )
        for number in range(count)
    )
    Meeting.objects.bulk_create(
        Meeting(
            run=run,
            starts_at=run.first_meeting_at + timedelta(weeks=week),
            ends_at=run.first_meeting_at + timedelta(weeks=week, hours=2),
        )
        for run in runs
        for week in range(2)
    )
    Enrolment.objects.bulk_create(
        Enrolment(run=run, name=f"P{run.pk}-{n}", status=Enrolment.Status.CONFIRMED, arrival=n + 1)
        for run in runs
        for n in range(2)
    )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.fixture
def locations(library):
    return [
        LocationFactory(organisation=library, municipality=f"Gemeente {n}", town=f"Plaats {n}")
        for n in range(5)
    ]


@pytest.mark.parametrize(
    "url",
    ["/cursussen/", "/cursussen/digisterker/", "/cursussen/?plaats=Gemeente+1&cursus=digisterker"],
)
def test_same_number_of_queries_for_10_and_2000_runs(
    client, digisterker, locations, url, django_assert_num_queries
):
    make_runs(digisterker, locations, 10)
    client.get(url)  # warm Wagtail's site and page caches
    small, html = count_queries(client, url)
    assert "Nog 6 plaatsen vrij" in html
    make_runs(digisterker, locations, 1990)
    with django_assert_num_queries(small):
        response = client.get(url)
    assert "Nog 6 plaatsen vrij" in response.content.decode()
    assert small <= 15


def make_locations(library, count, start=0):
    """Locations ``start`` to ``count`` (each its own municipality, two opening hours),
    in bulk."""
    created = Location.objects.bulk_create(
        Location(
            organisation=library,
            name=f"Informatiepunt Bulk {n}",
            slug=f"bulk-{n}",
            town=f"Bulkdorp {n}",
            municipality=f"Bulkgemeente {n}",
        )
        for n in range(start, count)
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(
            location=location,
            weekday=1 + (location.pk + day) % 5,
            opens=datetime.time(10),
            closes=datetime.time(12),
        )
        for location in created
        for day in range(2)
    )
    return created


@pytest.mark.parametrize(
    "url",
    [
        "/cursussen/",
        "/cursussen/digisterker/",
        "/cursussen/?plaats=Bulkgemeente+1&cursus=digisterker",
        "/locaties/bulk-1/",
    ],
)
def test_same_number_of_queries_for_15_and_750_locations(
    client, digisterker, library, url, django_assert_num_queries
):
    few = make_locations(library, 15)
    make_runs(digisterker, few, 15)  # a run at each location
    client.get(url)  # warm Wagtail's site and page caches
    small, html = count_queries(client, url)
    assert "Bulkdorp 1" in html
    many = make_locations(library, 750, start=15)
    make_runs(digisterker, many, 735)
    assert Location.objects.count() >= 750
    with django_assert_num_queries(small):
        response = client.get(url)
    assert "Bulkdorp 1" in response.content.decode()
    assert small <= 15
