"""The location metrics the audits can use: course runs per location and completion."""

from datetime import timedelta

import pytest
import time_machine

from courses.runs.services import enrolment as service
from ido_platform.core import metrics
from tests.courses.factories import CourseRunFactory

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
