"""Thin Celery tasks for courses: they call services."""

from celery import shared_task

from courses.runs.services import privacy, reminders


@shared_task(name="courses.tasks.send_meeting_reminders")
def send_meeting_reminders():
    return reminders.send_due_reminders()


@shared_task(name="courses.tasks.anonymise_finished_runs")
def anonymise_finished_runs():
    return privacy.anonymise_finished_runs()
