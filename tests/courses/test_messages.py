"""Messages through the outbox: written in the transaction, delivered after commit; the
promotion message; reminders before every meeting, never twice; the SMS channel; the
broker being down."""

from datetime import timedelta

import icalendar
import pytest
import time_machine

from django.core import mail
from django.utils import timezone

from courses.models import MeetingReminder
from courses.services import enrolment as service
from courses.services import reminders
from courses.tasks import send_meeting_reminders
from ido_platform import outbox
from ido_platform.models import Message
from tests.courses.factories import CourseRunFactory

pytestmark = pytest.mark.django_db


def test_confirmation_is_written_in_the_transaction_and_sent_after_commit(
    run, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        service.enrol(run, name="Anna", email="anna@example.org")
        message = Message.objects.get(kind="course_confirmation")
        assert message.status == Message.Status.PENDING
        assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert mail.outbox[0].subject == "Aangemeld: Digisterker"


def test_the_ics_holds_every_meeting_at_the_library(run):
    service.enrol(run, name="Anna", email="anna@example.org")
    attachment = Message.objects.get(kind="course_confirmation").attachments[0]
    calendar = icalendar.Calendar.from_ical(attachment["content"])
    events = list(calendar.walk("VEVENT"))
    assert [event.decoded("dtstart") for event in events] == [
        meeting.starts_at for meeting in run.meetings.all()
    ]
    assert all(run.location.name in str(event["location"]) for event in events)


def test_waitlisted_people_are_told_they_wait_and_the_promoted_one_is_told(
    digisterker, location, django_capture_on_commit_callbacks
):
    run = CourseRunFactory(course=digisterker, location=location, seats=1)
    with django_capture_on_commit_callbacks(execute=True):
        seated = service.enrol(run, name="Anna", email="anna@example.org").enrolment
        service.enrol(run, name="Bram", email="bram@example.org")
    assert [m.subject for m in mail.outbox] == ["Aangemeld: Digisterker", "Wachtlijst: Digisterker"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        service.cancel(seated)
    assert {m.to[0]: m.subject for m in mail.outbox} == {
        "anna@example.org": "Afgemeld: Digisterker",
        "bram@example.org": "Er is een plaats vrij: Digisterker",
    }
    promotion = next(m for m in mail.outbox if m.to == ["bram@example.org"])
    assert promotion.attachments[0][0] == "cursus.ics"


def test_no_message_without_email_unless_sms_is_switched_on(run, settings):
    service.enrol(run, name="Anna", phone="0612345678")
    assert not Message.objects.exists()
    settings.COURSES_SMS_ENABLED = True
    service.enrol(run, name="Bram", phone="0611111111")
    message = Message.objects.get()
    assert (message.channel, message.recipient) == (Message.Channel.SMS, "0611111111")
    assert len(message.body) < 320


def test_broker_down_enrolment_succeeds_and_the_sweep_delivers_later(
    run, monkeypatch, django_capture_on_commit_callbacks
):
    from ido_platform.tasks import deliver_message

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker unreachable")

    monkeypatch.setattr(deliver_message, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        result = service.enrol(run, name="Anna", email="anna@example.org")
    assert result.confirmed
    message = Message.objects.get(kind="course_confirmation")
    assert message.status == Message.Status.PENDING and mail.outbox == []
    monkeypatch.undo()
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert outbox.deliver_pending() == 1
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert mail.outbox[0].to == ["anna@example.org"]
    assert outbox.deliver_pending() == 0  # never twice


def test_a_reminder_goes_out_before_every_meeting_and_never_twice(
    digisterker, location, settings, django_capture_on_commit_callbacks
):
    settings.COURSES_REMINDER_HOURS = 24
    run = CourseRunFactory(
        course=digisterker, location=location, meetings=3, meetings__starts_in=timedelta(hours=30)
    )
    service.enrol(run, name="Anna", email="anna@example.org", notify=False)
    service.enrol(run, name="Bram", phone="0611111111", notify=False)
    meetings = list(run.meetings.all())
    assert send_meeting_reminders() == 0  # the first meeting is still 30 hours away
    sent = 0
    for meeting in meetings:
        with (
            time_machine.travel(meeting.starts_at - timedelta(hours=20), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            sent += send_meeting_reminders()
            sent += send_meeting_reminders()  # the beat runs again: nothing new
    assert sent == 3
    assert [m.to for m in mail.outbox] == [["anna@example.org"]] * 3
    assert all("Herinnering: Digisterker" in m.subject for m in mail.outbox)
    # Bram has no e-mail: the reminder is recorded (so never retried) but no message is sent.
    assert MeetingReminder.objects.filter(enrolment__name="Bram", message=None).count() == 3


def test_waitlisted_and_cancelled_people_get_no_reminders(digisterker, location):
    run = CourseRunFactory(
        course=digisterker, location=location, seats=1, meetings__starts_in=timedelta(hours=2)
    )
    anna = service.enrol(run, name="Anna", email="anna@example.org", notify=False).enrolment
    service.enrol(run, name="Bram", email="bram@example.org", notify=False)
    service.cancel(anna, notify=False)  # Bram moves up
    Message.objects.all().delete()
    reminders.send_due_reminders()
    assert list(Message.objects.values_list("recipient", flat=True)) == ["bram@example.org"]


def test_reminders_are_scheduled_in_the_beat(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "courses.tasks.send_meeting_reminders",
        "courses.tasks.anonymise_finished_runs",
    } <= tasks
