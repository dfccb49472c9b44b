"""Messages through the outbox: written in the transaction, delivered after commit; the
promotion message; reminders before every meeting, never twice; texts (SMS) for people who
gave only a mobile number, each within three SMS; the broker being down."""

import re
from datetime import timedelta

import icalendar
import pytest
import time_machine

from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format

from courses.runs.models import MeetingReminder
from courses.runs.services import enrolment as service
from courses.runs.services import notifications, reminders, tokens
from courses.runs.tasks import send_meeting_reminders
from ido_platform.core import outbox, sms
from ido_platform.core.models import Message
from tests.courses.factories import CourseRunFactory, course_page
from tests.ido_platform.factories import LocationFactory

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


def test_a_phone_only_person_gets_a_text_only_when_an_sms_backend_is_configured(run, settings):
    settings.SMS_BACKEND = None  # production's default: no SMS, the coordinator phones
    service.enrol(run, name="Anna", phone="0612345678")
    assert not Message.objects.exists()
    settings.SMS_BACKEND = "ido_platform.core.sms.LocmemBackend"
    service.enrol(run, name="Bram", phone="06-11 11 11 11")
    service.enrol(run, name="Carla", phone="077-320 12 34")  # a landline cannot get a text
    message = Message.objects.get()
    assert (message.channel, message.recipient) == (Message.Channel.SMS, "06-11 11 11 11")
    assert sms.gsm7_length(message.body) <= sms.MAX_LENGTH


def cancel_token_in(text):
    return re.search(r"/cursussen/afmelden/([^/\s]+)/", text).group(1)


def test_a_phone_only_enrolment_gets_its_confirmation_and_reminders_by_sms_once(
    digisterker, library, settings, sms_outbox, django_capture_on_commit_callbacks
):
    settings.COURSES_REMINDER_HOURS = 24
    location = LocationFactory(
        organisation=library,
        name="Bibliotheek Venlo",
        street_address="Nieuwstraat 1",
        postcode="5911 JT",
        town="Venlo",
    )
    run = CourseRunFactory(
        course=digisterker, location=location, meetings=2, meetings__starts_in=timedelta(hours=30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        bram = service.enrol(run, name="Bram", phone="06-11 11 11 11").enrolment
    [confirmation] = sms_outbox
    first = timezone.localtime(run.first_meeting_at)
    assert confirmation.to == "+31611111111"
    assert confirmation.text.startswith("U bent aangemeld voor Digisterker. Eerste les: ")
    assert f"{date_format(first, 'l j F')} om {first:%H:%M} uur" in confirmation.text
    assert "Adres: Bibliotheek Venlo, Nieuwstraat 1, 5911 JT Venlo." in confirmation.text
    token = cancel_token_in(confirmation.text)
    assert tokens.uuid_from_token(token, tokens.CANCEL_SALT) == str(bram.uuid)

    for meeting in run.meetings.all():
        with (
            time_machine.travel(meeting.starts_at - timedelta(hours=20), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            send_meeting_reminders()
            send_meeting_reminders()  # the beat runs again: nothing new
    with time_machine.travel(run.last_meeting_at):
        assert outbox.deliver_pending() == 0  # the sweep finds nothing left to send
    reminder_texts = [text.text for text in sms_outbox[1:]]
    assert len(reminder_texts) == 2
    assert all(text.startswith("Herinnering: uw les Digisterker is op") for text in reminder_texts)
    assert {text.to for text in sms_outbox} == {"+31611111111"}
    assert set(
        Message.objects.filter(channel=Message.Channel.SMS).values_list("kind", "status")
    ) == {("course_confirmation", "sent"), ("course_reminder", "sent")}
    assert Message.objects.count() == 3
    assert mail.outbox == []


# Long but real-looking: a two-part library name, a long street, the longest town name.
LONG_PLACE = {
    "name": "Informatiepunt ZB Planbureau en Bibliotheek van Zeeland",
    "street_address": "Burgemeester van Walsumweg 1234b",
    "postcode": "2914 AB",
    "town": "Nieuwerkerk aan den IJssel",
}
# What nobody would type, to show the texts are cut rather than sent as four SMS or more.
ABSURD_PLACE = {
    "name": "Informatiepunt " + "Súdwest-Fryslân " * 10,
    "street_address": "Straat " * 28,
    "postcode": "8601 AB",
    "town": "Plaats " * 14,
}


@pytest.mark.parametrize(
    ("title", "place"),
    [
        ("Digisterker: werken met de digitale overheid", LONG_PLACE),
        ("Klik & Tik " * 20, ABSURD_PLACE),
    ],
)
def test_every_text_fits_in_three_sms_and_keeps_its_cancel_link(
    finder_page, library, settings, title, place
):
    settings.PUBLIC_BASE_URL = "https://www.informatiepuntdigitaleoverheid.nl"
    course = course_page(finder_page, title=title, slug="lange-cursus")
    location = LocationFactory(organisation=library, **place)
    run = CourseRunFactory(course=course, location=location, seats=1)
    anna = service.enrol(run, name="Anna Maria van den Heuvel-Oosterbroek", phone="0612345678")
    bram = service.enrol(run, name="Bram", phone="0611111111").enrolment  # waits
    service.cancel(anna.enrolment)  # Anna is told; Bram moves up
    notifications.reminder(bram, run.meetings.first())
    service.cancel_run(run, by=None, reason="De docent is ziek.")
    texts = {m.kind: m.body for m in Message.objects.filter(channel=Message.Channel.SMS)}
    assert set(texts) == {
        "course_confirmation",
        "course_waitlisted",
        "course_cancelled",
        "course_promoted",
        "course_reminder",
        "course_run_cancelled",
    }
    for kind, text in texts.items():
        assert sms.gsm7_length(text) <= sms.MAX_LENGTH, kind
        assert sms.gsm7(text) == text, kind  # GSM-7 only: 153 characters per SMS
        with_link = kind not in {"course_cancelled", "course_run_cancelled"}
        assert ("/cursussen/afmelden/" in text) is with_link, kind
    if place is LONG_PLACE:  # a real address is never cut; the library's name may be
        address = "Burgemeester van Walsumweg 1234b, 2914 AB Nieuwerkerk aan den IJssel."
        for kind in ("course_confirmation", "course_promoted", "course_reminder"):
            assert address in texts[kind], kind
        assert notifications.location_line(run) in texts["course_confirmation"]
        assert place["name"] in texts["course_run_cancelled"]


def test_broker_down_enrolment_succeeds_and_the_sweep_delivers_later(
    run, monkeypatch, django_capture_on_commit_callbacks
):
    from ido_platform.core.tasks import deliver_message

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
    digisterker, location, settings, sms_outbox, django_capture_on_commit_callbacks
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
    assert sent == 6
    assert [m.to for m in mail.outbox] == [["anna@example.org"]] * 3
    assert all("Herinnering: Digisterker" in m.subject for m in mail.outbox)
    assert [text.to for text in sms_outbox] == ["+31611111111"] * 3  # Bram has no e-mail


def test_without_sms_a_phone_only_reminder_is_recorded_but_not_sent(
    digisterker, location, settings
):
    settings.SMS_BACKEND = None
    run = CourseRunFactory(
        course=digisterker, location=location, meetings=1, meetings__starts_in=timedelta(hours=2)
    )
    service.enrol(run, name="Bram", phone="0611111111", notify=False)
    assert send_meeting_reminders() == 0
    # Recorded, so the beat does not try again; the coordinator phones Bram.
    assert MeetingReminder.objects.filter(enrolment__name="Bram", message=None).count() == 1
    assert not Message.objects.exists()


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
