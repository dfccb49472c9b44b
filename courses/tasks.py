"""Thin Celery tasks for courses: they call services."""

from celery import shared_task

from courses.services import privacy, reminders


@shared_task
def send_meeting_reminders():
    return reminders.send_due_reminders()


@shared_task
def anonymise_finished_runs():
    return privacy.anonymise_finished_runs()
