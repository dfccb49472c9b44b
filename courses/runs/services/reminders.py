"""Reminders before every meeting. Idempotent: a ``MeetingReminder`` row per person per
meeting (unique) is written in the same transaction as the message, so a reminder is never
queued twice, however often the beat runs or however many workers run it."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.runs.models import CourseRun, Enrolment, Meeting, MeetingReminder
from courses.runs.services import notifications


def due_meetings(now=None):
    """Meetings of running (not cancelled) runs that start within the reminder window."""
    now = now or timezone.now()
    horizon = now + timedelta(hours=settings.COURSES_REMINDER_HOURS)
    return (
        Meeting.objects.filter(starts_at__gt=now, starts_at__lte=horizon)
        .exclude(run__status=CourseRun.Status.CANCELLED)
        .select_related("run__course", "run__location")
    )


def send_due_reminders(now=None):
    """Queue one reminder per confirmed participant per due meeting. Returns how many."""
    sent = 0
    for meeting in due_meetings(now):
        waiting = (
            Enrolment.objects.filter(run_id=meeting.run_id, status=Enrolment.Status.CONFIRMED)
            .exclude(reminders__meeting=meeting)
            .select_related("user", "run__course", "run__location")
        )
        for enrolment in waiting:
            try:
                with transaction.atomic():
                    reminder = MeetingReminder.objects.create(enrolment=enrolment, meeting=meeting)
                    message = notifications.reminder(enrolment, meeting)
                    if message is not None:
                        reminder.message = message
                        reminder.save(update_fields=["message"])
            except IntegrityError:
                continue  # another beat/worker got here first
            sent += message is not None
    return sent
