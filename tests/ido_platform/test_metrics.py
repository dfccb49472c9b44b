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


def test_a_period_figure_answers_by_key_and_fills_missing_locations_with_none():
    from datetime import date

    calls = []

    def visits(location_ids, start, end):
        calls.append((tuple(location_ids), start, end))
        return {location_ids[0]: 7}

    metrics.register_period_figure("test_visits", "Bezoeken")(visits)
    try:
        figure = metrics.get_period_figure("test_visits")
        values = figure.values([3, 4], date(2026, 1, 1), date(2026, 12, 31))
    finally:
        metrics._period_registry.pop("test_visits")
    assert values == {3: 7, 4: None}
    assert calls == [((3, 4), date(2026, 1, 1), date(2026, 12, 31))]


def test_an_unregistered_period_figure_is_a_lookup_error():
    with pytest.raises(LookupError):
        metrics.get_period_figure("questions_that_nobody_counts")


def test_a_period_breakdown_answers_per_location_and_sums_over_locations():
    from datetime import date

    def per_topic(location_ids, start, end):
        return {location_ids[0]: {"DigiD": 2, "Toeslagen": 1}, location_ids[1]: {"DigiD": 3}}

    metrics.register_period_breakdown("test_per_topic", "Per onderwerp")(per_topic)
    try:
        breakdown = metrics.get_period_breakdown("test_per_topic")
        start, end = date(2026, 1, 1), date(2026, 3, 31)
        values = breakdown.values([3, 4, 5], start, end)
        totals = breakdown.totals([3, 4, 5], start, end)
        with pytest.raises(ValueError, match="already registered"):
            metrics.register_period_breakdown("test_per_topic", "Nog eens")(lambda *args: {})
    finally:
        metrics._breakdown_registry.pop("test_per_topic")
    assert values == {3: {"DigiD": 2, "Toeslagen": 1}, 4: {"DigiD": 3}, 5: {}}
    assert totals == {"DigiD": 5, "Toeslagen": 1}
    with pytest.raises(LookupError):
        metrics.get_period_breakdown("test_per_topic")


def test_a_period_outcome_answers_by_key_and_fills_missing_locations_with_none():
    from datetime import date

    calls = []

    def outcome(location_ids, start, end):
        calls.append((tuple(location_ids), start, end))
        return {location_ids[0]: metrics.DatedOutcome("Voldoet", date(2026, 5, 1))}

    metrics.register_period_outcome("test_outcome", "Uitkomst")(outcome)
    try:
        values = metrics.get_period_outcome("test_outcome").values(
            [3, 4], date(2026, 1, 1), date(2026, 12, 31)
        )
        assert metrics.get_period_outcome("test_outcome").values([], None, None) == {}
        with pytest.raises(ValueError, match="already registered"):
            metrics.register_period_outcome("test_outcome", "Nog eens")(lambda *args: {})
    finally:
        metrics._outcome_registry.pop("test_outcome")
    assert values == {3: metrics.DatedOutcome("Voldoet", date(2026, 5, 1)), 4: None}
    assert calls == [((3, 4), date(2026, 1, 1), date(2026, 12, 31))]
    with pytest.raises(LookupError):
        metrics.get_period_outcome("test_outcome")
