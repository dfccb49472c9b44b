"""Completing a course needs the run to have started and the course's attendance rule, or
an explicit reason (issue 14, item 5)."""

from datetime import timedelta

import pytest
import time_machine

from django.urls import reverse

from courses.runs.models import Enrolment, EnrolmentEvent
from courses.runs.services import attendance
from courses.runs.services import enrolment as service
from courses.runs.services.enrolment import EnrolmentError
from ido_platform.core.models import Role
from tests.courses.factories import citizen

pytestmark = pytest.mark.django_db


def _present(run, enrolment, meetings):
    for meeting in run.meetings.all()[:meetings]:
        attendance.mark(meeting, {enrolment.pk: True})


def test_completion_before_the_first_meeting_is_refused(run):
    anna = citizen(run, 1).enrolment
    with pytest.raises(EnrolmentError) as refused:
        service.complete(anna)
    assert "nog niet begonnen" in refused.value.messages[0]
    anna.refresh_from_db()
    assert anna.status == Enrolment.Status.CONFIRMED


def test_completion_needs_the_courses_share_of_meetings(run):
    """Digisterker asks 75%: of four meetings, three."""
    anna = citizen(run, 1).enrolment
    bram = citizen(run, 2).enrolment
    _present(run, anna, 3)
    _present(run, bram, 2)
    with time_machine.travel(run.last_meeting_at + timedelta(hours=1)):
        service.complete(anna)
        with pytest.raises(EnrolmentError) as refused:
            service.complete(bram)
    assert "bij 2 van de 4 bijeenkomsten" in refused.value.messages[0]
    assert "3 nodig" in refused.value.messages[0]
    anna.refresh_from_db()
    bram.refresh_from_db()
    assert (anna.status, bram.status) == ("completed", "confirmed")


def test_the_course_sets_the_share(run):
    run.course.completion_attendance = 50
    run.course.save()
    bram = citizen(run, 2).enrolment
    _present(run, bram, 2)
    with time_machine.travel(run.last_meeting_at + timedelta(hours=1)):
        service.complete(bram)
    bram.refresh_from_db()
    assert bram.status == Enrolment.Status.COMPLETED


def test_an_override_needs_a_reason_and_is_logged(run, users):
    anna = citizen(run, 1).enrolment
    with time_machine.travel(run.first_meeting_at + timedelta(hours=3)):
        service.complete(anna, by=users[Role.COORDINATOR], override_reason="Ziek, thuis ingehaald")
    event = anna.events.get(kind=EnrolmentEvent.Kind.COMPLETED)
    assert event.reason == "Ziek, thuis ingehaald"


def test_participant_list_asks_a_reason_and_refuses_without_one(client, users, run):
    anna = citizen(run, 1).enrolment
    _present(run, anna, 1)
    client.force_login(users[Role.COORDINATOR])
    with time_machine.travel(run.first_meeting_at + timedelta(hours=3)):
        page = client.get(reverse("courses:coordinator_run", args=[run.pk])).content.decode()
        assert "Toch afronden (1 keer aanwezig, 3 nodig)" in page
        action = reverse("courses:coordinator_enrolment_action", args=[anna.pk, "afgerond"])
        refused = client.post(action, follow=True).content.decode()
    assert "Vul een reden in om toch af te ronden" in refused
    anna.refresh_from_db()
    assert anna.status == Enrolment.Status.CONFIRMED
