"""Never oversold: 50 people enrol at the same moment for a run with 8 seats, on real threads.

On PostgreSQL the run's row lock serialises them; on SQLite immediate transactions do, and
nobody sees "database is locked"."""

from datetime import timedelta

import pytest

from django.db import connection

from courses.runs.models import Enrolment
from courses.runs.services import enrolment as service
from tests.courses.factories import CourseRunFactory, citizen
from tests.services import require_postgresql
from tests.threads import run_together

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PEOPLE = 50
SEATS = 8


def enrol_all_at_once(run, enrol_one):
    return run_together(*[lambda n=n: enrol_one(run, n) for n in range(PEOPLE)])


def assert_eight_seated_then_waitlist_in_arrival_order(run, errors):
    assert errors == []
    enrolments = list(run.enrolments.order_by("arrival"))
    assert len(enrolments) == PEOPLE
    assert [e.arrival for e in enrolments] == list(range(1, PEOPLE + 1))
    assert [e.status for e in enrolments] == (
        [Enrolment.Status.CONFIRMED] * SEATS + [Enrolment.Status.WAITLISTED] * (PEOPLE - SEATS)
    )
    # Arrival order is the order in which the rows were written.
    created = [e.created_at for e in enrolments]
    assert created == sorted(created)
    run.refresh_from_db()
    assert run.seats_left() == 0


@pytest.fixture
def small_run(digisterker, location):
    return CourseRunFactory(course=digisterker, location=location, seats=SEATS)


@pytest.mark.postgres
def test_fifty_simultaneous_enrolments_for_eight_seats_on_postgresql(small_run):
    require_postgresql(connection)
    results, errors = enrol_all_at_once(small_run, citizen)
    assert None not in results
    assert_eight_seated_then_waitlist_in_arrival_order(small_run, errors)


def test_fifty_simultaneous_enrolments_for_eight_seats_on_sqlite(small_run):
    if connection.vendor != "sqlite":
        pytest.skip("This variant is about the embedded SQLite database.")
    results, errors = enrol_all_at_once(small_run, citizen)
    assert not [e for e in errors if "locked" in e]
    assert_eight_seated_then_waitlist_in_arrival_order(small_run, errors)


def test_fifty_double_submits_of_one_person_make_one_enrolment(small_run):
    results, errors = enrol_all_at_once(
        small_run, lambda run, n: service.enrol(run, name="Anna", phone="0612345678")
    )
    assert errors == []
    assert small_run.enrolments.count() == 1
    assert sum(result.created for result in results) == 1
    assert {result.enrolment.pk for result in results} == {small_run.enrolments.get().pk}


def test_simultaneous_cancellations_promote_each_waiting_person_once(digisterker, location):
    run = CourseRunFactory(
        course=digisterker, location=location, seats=4, meetings__starts_in=timedelta(days=3)
    )
    for number in range(12):
        citizen(run, number)
    seated = list(run.enrolments.filter(status=Enrolment.Status.CONFIRMED))
    _results, errors = run_together(*[lambda e=e: service.cancel(e) for e in seated])
    assert errors == []
    confirmed = run.enrolments.filter(status=Enrolment.Status.CONFIRMED).order_by("arrival")
    assert [e.arrival for e in confirmed] == [5, 6, 7, 8]
