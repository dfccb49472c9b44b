"""The enrolment form's POST: the same public conditions as the form page, a small fixed
number of queries on the way to the redirect, and the full page again for a refused one."""

from datetime import timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.runs.models import CoursePage, CourseRun
from courses.runs.services.enrolment import enrol
from tests.courses.factories import CourseRunFactory
from tests.courses.test_public_pages import form_data

pytestmark = pytest.mark.django_db


def enrol_url(run):
    return reverse("courses:enrol", args=[run.pk])


def post_counting(client, run, **overrides):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(enrol_url(run), form_data(**overrides))
    return response, len(queries)


def test_a_submission_for_a_run_the_public_cannot_enrol_in_is_a_404(
    client, digisterker, staff_course, location
):
    started = CourseRunFactory(
        course=digisterker, location=location, meetings__starts_in=-timedelta(hours=1)
    )
    cancelled = CourseRunFactory(course=digisterker, location=location)
    CourseRun.objects.filter(pk=cancelled.pk).update(status=CourseRun.Status.CANCELLED)
    staff_only = CourseRunFactory(course=staff_course, location=location)
    unpublished = CourseRunFactory(course=digisterker, location=location)
    for run in (started, cancelled, staff_only):
        response = client.post(enrol_url(run), form_data())
        assert response.status_code == 404, run
        assert not run.enrolments.exists()
    CoursePage.objects.filter(pk=digisterker.pk).update(live=False)
    assert client.post(enrol_url(unpublished), form_data()).status_code == 404
    assert not unpublished.enrolments.exists()


def test_a_refused_submission_shows_the_whole_run_again(client, run):
    enrol(run, name="Bram", phone="0611111111")
    response = client.post(enrol_url(run), form_data(name=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vul uw naam in." in html
    assert html.count('<ul class="meeting-list"><li>') == 1
    assert html.count(" uur</li>") == 4
    assert "Digisterker" in html


def test_enrolment_and_double_submit_cost_a_fixed_few_queries(client, run):
    first, created_queries = post_counting(client, run)
    assert first.status_code == 302
    again, double_queries = post_counting(client, run)
    assert again.status_code == 302
    assert again["Location"].endswith("?al-aangemeld=1")
    assert run.enrolments.count() == 1
    # The run looked up, the locked run and the double-submit check (plus the test's
    # savepoint pair): no counts, meetings or companions for a redirect.
    assert double_queries <= 5
    # A new enrolment writes the enrolment, its event, the outbox message and the full flag.
    other, other_queries = post_counting(client, run, phone="0622222222", name="Cor")
    assert other.status_code == 302
    assert other_queries == created_queries
    assert created_queries <= 16
