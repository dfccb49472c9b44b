"""The location metrics the audits can use: course runs per location and completion; the
period figures the funding accountability reads: runs and participants in a period."""

import datetime
from datetime import timedelta

import pytest
import time_machine

from django.utils import timezone

from courses.runs.models import Enrolment
from courses.runs.services import enrolment as service
from ido_platform.core import metrics
from tests.courses.factories import CourseRunFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


def test_course_runs_per_location_in_one_query(
    digisterker, staff_course, location, other_location, django_assert_num_queries
):
    CourseRunFactory(course=digisterker, location=location)
    CourseRunFactory(course=digisterker, location=location)
    CourseRunFactory(course=staff_course, location=location)
    cancelled = CourseRunFactory(course=digisterker, location=other_location)
    service.cancel_run(cancelled, by=None)
    with django_assert_num_queries(1):
        values = metrics.get("citizen_course_runs_year").values([location.pk, other_location.pk])
    assert values == {location.pk: 2, other_location.pk: 0}


def test_completion_share_of_finished_runs(digisterker, location, other_location):
    run = CourseRunFactory(
        course=digisterker, location=location, meetings=1, meetings__starts_in=timedelta(days=1)
    )
    done = service.enrol(run, name="Anna", phone="0612345678").enrolment
    service.enrol(run, name="Bram", phone="0611111111")
    service.complete(done, override_reason="Afgerond buiten de bijeenkomsten om")
    with time_machine.travel(run.last_meeting_at + timedelta(days=2)):
        values = metrics.get("citizen_course_completion").values([location.pk, other_location.pk])
    assert values == {location.pk: 0.5, other_location.pk: None}


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def test_runs_and_participants_count_over_the_given_period(
    digisterker, staff_course, location, other_location, django_assert_num_queries
):
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)
    inside = CourseRunFactory(course=digisterker, location=location, meetings__first=_at(start))
    last_day = CourseRunFactory(course=digisterker, location=location, meetings__first=_at(end))
    # Outside the period, a staff course and a cancelled run do not count.
    before = CourseRunFactory(
        course=digisterker, location=location, meetings__first=_at(datetime.date(2025, 12, 31))
    )
    after = CourseRunFactory(
        course=digisterker, location=location, meetings__first=_at(datetime.date(2026, 7, 1))
    )
    CourseRunFactory(course=staff_course, location=location, meetings__first=_at(start))
    cancelled = CourseRunFactory(
        course=digisterker, location=other_location, meetings__first=_at(start)
    )
    service.cancel_run(cancelled, by=None)
    Status = Enrolment.Status
    for run, status in (
        (inside, Status.CONFIRMED),
        (inside, Status.COMPLETED),
        (inside, Status.NO_SHOW),
        (inside, Status.WAITLISTED),
        (inside, Status.CANCELLED),
        (last_day, Status.COMPLETED),
        (before, Status.COMPLETED),
        (after, Status.CONFIRMED),
    ):
        EnrolmentFactory(run=run, status=status)
    ids = [location.pk, other_location.pk]

    with django_assert_num_queries(1):
        runs = metrics.get_period_figure("citizen_course_runs").values(ids, start, end)
    with django_assert_num_queries(1):
        participants = metrics.get_period_figure("citizen_course_participants").values(
            ids, start, end
        )
    assert runs == {location.pk: 2, other_location.pk: 0}
    assert participants == {location.pk: 3, other_location.pk: 0}
    # Another period, other figures: nothing is fixed to today.
    later = datetime.date(2026, 7, 1), datetime.date(2026, 12, 31)
    assert metrics.get_period_figure("citizen_course_runs").values(ids, *later)[location.pk] == 1
