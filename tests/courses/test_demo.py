"""The course demo data: Klik & Tik and Digisterker at the kopgroep, some runs full with a
waitlist, pages that render, and a loader that can run twice."""

import datetime

import pytest

from django.contrib.auth import get_user_model
from django.utils import timezone

from courses.runs.demo import weekly_meeting_days
from courses.runs.models import CoursePage, CourseRun, Enrolment, Meeting
from ido_platform.core.holidays import is_public_holiday

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


def test_demo_pages_render(demo, client):
    html = client.get("/cursussen/").content.decode()
    assert "Digisterker" in html and "Vol — wachtlijst" in html
    assert client.get("/cursussen/digisterker/").status_code == 200
    assert "/cursussen/" in client.get("/").content.decode()


def test_weekly_meetings_skip_christmas_and_new_year():
    friday = datetime.date(2026, 12, 18)
    assert weekly_meeting_days(friday, 4) == [
        friday,
        datetime.date(2027, 1, 8),  # 25 December and 1 January are left out
        datetime.date(2027, 1, 15),
        datetime.date(2027, 1, 22),
    ]


def test_no_demo_meeting_is_on_a_public_holiday(demo):
    meetings = list(Meeting.objects.all())
    assert len(meetings) > 50
    on_holidays = [m for m in meetings if is_public_holiday(timezone.localtime(m.starts_at))]
    assert on_holidays == []


def test_a_past_demo_group_reads_afgelopen_not_gepland(demo, client):
    now = timezone.now()
    past = list(CourseRun.objects.filter(last_meeting_at__lt=now).select_related("location"))
    assert past  # the demo has groups that already met
    assert {str(run.status_label()) for run in past} == {"afgelopen"}
    assert any(run.location.slug == "venlo" for run in past)
    client.force_login(get_user_model().objects.get(username="coordinator"))  # Venlo
    html = client.get("/cursussen/beheer/").content.decode()
    past_section = html[html.index("<h2>Afgelopen groepen</h2>") :]
    assert "<td>afgelopen</td>" in past_section
    assert "<td>gepland</td>" not in past_section


def test_a_run_that_has_begun_reads_bezig(demo):
    run = CourseRun.objects.filter(status=CourseRun.Status.PLANNED).first()
    assert run.status_label(now=run.first_meeting_at) == "bezig"
    assert run.status_label(now=run.first_meeting_at - datetime.timedelta(days=1)) == "gepland"
    assert run.status_label(now=run.last_meeting_at + datetime.timedelta(hours=1)) == "afgelopen"
