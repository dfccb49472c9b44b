"""The location metric the audits use: the share of a location's staff with a valid basic
training, for many locations in a fixed number of queries."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.learning.models import Completion
from ido_platform.core import metrics
from ido_platform.core.models import Role
from tests.ido_platform.factories import LocationFactory, MembershipFactory, UserFactory
from tests.learning import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def basic(index):
    first = factories.module(index, title="Doorvragen", validity_months=12)
    privacy = factories.module(index, title="Privacy in het IDO", kind="privacy")
    factories.learning_path(index, [first, privacy])
    return first, privacy


def staff_at(location, count, prefix):
    result = []
    for number in range(count):
        user = UserFactory(username=f"{prefix}{number}")
        MembershipFactory(
            user=user, organisation=location.organisation, location=location, role=Role.MEDEWERKER
        )
        result.append(user)
    return result


def test_the_metric_is_registered_under_the_key_the_audits_use():
    metric = metrics.get("basic_training_share")
    assert metric.kind == "ratio"
    assert str(metric.label) == "Aandeel medewerkers met geldige basisopleiding"


def test_share_of_staff_with_a_valid_basic_training_per_location(basic, location, other_location):
    here = staff_at(location, 4, "hier")
    there = staff_at(other_location, 2, "daar")
    for user in here[:3]:
        for module in basic:
            factories.complete_module(user, module)
    factories.complete_module(here[3], basic[0])  # only half the path
    for module in basic:
        factories.complete_module(there[0], module)
    Completion.objects.filter(user=there[0], module=basic[0]).update(
        valid_until=datetime.date(2020, 1, 1)
    )  # expired: no longer counts
    empty = LocationFactory()
    values = metrics.get("basic_training_share").values([location.pk, other_location.pk, empty.pk])
    assert values == {location.pk: 0.75, other_location.pk: 0.0, empty.pk: None}


def test_the_metric_costs_the_same_queries_for_two_or_twenty_locations(basic, library):
    locations = [LocationFactory(organisation=library) for _ in range(20)]
    for number, location in enumerate(locations):
        staff_at(location, 2, f"loc{number}-")
    metric = metrics.get("basic_training_share")
    with CaptureQueriesContext(connection) as few:
        metric.values([location.pk for location in locations[:2]])
    with CaptureQueriesContext(connection) as many:
        metric.values([location.pk for location in locations])
    assert len(few.captured_queries) == len(many.captured_queries)
