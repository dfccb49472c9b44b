"""The figure the funding accountability reads from the audits, by key: the outcome of each
location's latest concluded audit within a period."""

import datetime

import pytest

from assessments.models import Audit, Outcome
from ido_platform.core import metrics
from tests.assessments.factories import AuditFactory

pytestmark = pytest.mark.django_db

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


def _audit(location, day, outcome, status=Audit.Status.APPROVED):
    return AuditFactory(location=location, planned_for=day, status=status, outcome=outcome)


def test_the_latest_concluded_audit_in_the_period_per_location(
    location, other_location, django_assert_num_queries
):
    _audit(location, datetime.date(2026, 3, 1), Outcome.VOLDOET_NIET)
    _audit(location, datetime.date(2026, 9, 1), Outcome.GEDEELTELIJK)
    # Not concluded yet, or outside the period: not the latest outcome of the period.
    _audit(location, datetime.date(2026, 11, 1), "", status=Audit.Status.SUBMITTED)
    _audit(location, datetime.date(2027, 1, 5), Outcome.VOLDOET)
    _audit(other_location, datetime.date(2025, 12, 31), Outcome.VOLDOET)
    figure = metrics.get_period_outcome("latest_audit_outcome")
    with django_assert_num_queries(1):
        values = figure.values([location.pk, other_location.pk], START, END)
    assert values == {
        location.pk: metrics.DatedOutcome("Voldoet gedeeltelijk", datetime.date(2026, 9, 1)),
        other_location.pk: None,
    }


def test_the_first_and_last_day_of_the_period_count(location, other_location):
    _audit(location, START, Outcome.VOLDOET)
    _audit(other_location, END, Outcome.VOLDOET_NIET)
    values = metrics.get_period_outcome("latest_audit_outcome").values(
        [location.pk, other_location.pk], START, END
    )
    assert values[location.pk].text == "Voldoet"
    assert values[other_location.pk] == metrics.DatedOutcome("Voldoet niet", END)


def test_an_unknown_outcome_key_is_refused():
    with pytest.raises(LookupError, match="nobody_counts_this"):
        metrics.get_period_outcome("nobody_counts_this")
