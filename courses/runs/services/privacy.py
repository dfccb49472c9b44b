"""Deleting personal data on schedule: a configurable number of months after a run's last
meeting, every enrolment of the run loses its name and contact details. What stays is
what the figures need: status, intake categories, attendance and dates."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from courses.runs.models import CoursePage, CourseRun, Enrolment
from courses.runs.services import enrolment as enrolment_service
from ido_platform.core.models import Message


def retention_cutoff(now=None):
    """Runs whose last meeting ended before this moment are past their retention period."""
    now = now or timezone.now()
    # Months as 30.5 days: close enough for a retention period and free of calendar edge cases.
    return now - timedelta(days=round(30.5 * settings.COURSES_RETENTION_MONTHS))


def anonymise_run(run, now=None):
    """Remove the personal data of one run's enrolments; keep the statistics."""
    now = now or timezone.now()
    with transaction.atomic():
        _scrub_messages(run)
        return enrolment_service.anonymise_run(run, now=now)


def _scrub_messages(run):
    """The outbox keeps a copy of every message: empty the delivered course messages to this
    run's participants that date from the run (pending ones are left to be sent)."""
    contacts = Enrolment.objects.filter(run=run, anonymised_at__isnull=True).values_list(
        "email", "phone"
    )
    recipients = {value for pair in contacts for value in pair if value}
    if not recipients or run.last_meeting_at is None:
        return
    Message.objects.filter(
        kind__startswith="course_",
        recipient__in=recipients,
        created_at__lte=run.last_meeting_at,
        status__in=(Message.Status.SENT, Message.Status.FAILED, Message.Status.INTERRUPTED),
    ).update(recipient="", subject="", body="", attachments=[])


def anonymise_finished_runs(now=None):
    """The scheduled task: anonymise every run past its retention period. Returns the number
    of enrolments anonymised."""
    now = now or timezone.now()
    # Staff runs keep their link to the staff member (training records); citizens' runs do not.
    runs = CourseRun.objects.filter(
        last_meeting_at__lt=retention_cutoff(now),
        anonymised_at__isnull=True,
        course__audience=CoursePage.Audience.CITIZENS,
    )
    return sum(anonymise_run(run, now) for run in runs)
