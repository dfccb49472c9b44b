"""The course demo data: Klik & Tik and Digisterker at the kopgroep, some runs full with a
waitlist, pages that render, and a loader that can run twice."""

import io

import pytest

from django.core.management import call_command

from courses.runs.models import CoursePage, CourseRun, Enrolment

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def demo(demo_data):
    """The demo, loaded once for this module (tests/conftest.py)."""


def test_demo_has_both_courses_at_kopgroep_locations(demo):
    assert set(CoursePage.objects.live().values_list("title", flat=True)) >= {
        "Klik & Tik",
        "Digisterker",
    }
    runs = CourseRun.objects.filter(course__audience=CoursePage.Audience.CITIZENS).select_related(
        "location"
    )
    assert runs.count() >= 15
    assert all(run.location.is_kopgroep for run in runs)
    assert all(run.first_meeting_at and run.meetings.count() >= 4 for run in runs)


def test_some_demo_runs_are_full_with_a_waitlist(demo):
    waiting = CourseRun.objects.filter(enrolments__status=Enrolment.Status.WAITLISTED).distinct()
    assert waiting.count() >= 2
    assert all(run.seats_left() == 0 for run in waiting)


def test_running_the_loader_twice_changes_nothing(demo):
    before = (CourseRun.objects.count(), Enrolment.objects.count(), CoursePage.objects.count())
    call_command("load_demo_data", stdout=io.StringIO())
    assert (
        CourseRun.objects.count(),
        Enrolment.objects.count(),
        CoursePage.objects.count(),
    ) == before


def test_demo_pages_render(demo, client):
    html = client.get("/cursussen/").content.decode()
    assert "Digisterker" in html and "Vol — wachtlijst" in html
    assert client.get("/cursussen/digisterker/").status_code == 200
    assert "/cursussen/" in client.get("/").content.decode()
