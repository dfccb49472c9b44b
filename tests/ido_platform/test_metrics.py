"""Location metrics: registered by key, computed for many locations in one query."""

from datetime import time

import pytest

from ido_platform.core import metrics
from ido_platform.core.models import OpeningHours

pytestmark = pytest.mark.django_db


def test_published_opening_hours_per_location(location, other_location):
    OpeningHours.objects.create(
        location=location, weekday=OpeningHours.Weekday.TUESDAY, opens=time(10), closes=time(12)
    )
    metric = metrics.get("published_opening_hours")
    assert metric.kind == "boolean"
    assert metric.values([location.pk, other_location.pk]) == {
        location.pk: True,
        other_location.pk: False,
    }
    assert metric.value(other_location.pk) is False


def test_metric_costs_one_query_however_many_locations(
    location, other_location, django_assert_num_queries
):
    metric = metrics.get("published_opening_hours")
    with django_assert_num_queries(1):
        metric.values([location.pk])
    with django_assert_num_queries(1):
        metric.values([location.pk, other_location.pk, 10_000])


def test_unknown_key_and_duplicate_registration_are_refused():
    with pytest.raises(LookupError, match="nope"):
        metrics.get("nope")
    with pytest.raises(ValueError, match="already registered"):
        metrics.register("published_opening_hours", "x", "boolean")(lambda ids: {})
    with pytest.raises(ValueError, match="Unknown metric kind"):
        metrics.register("other", "x", "colour")


def test_choices_list_every_metric_by_key():
    assert ("published_opening_hours", "Openingstijden gepubliceerd") in [
        (key, str(label)) for key, label in metrics.choices()
    ]
