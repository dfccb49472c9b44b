"""Celery tasks of funding: thin, they call a service."""

from celery import shared_task

from funding.services import reminders


@shared_task(name="funding.tasks.send_accountability_reminders")
def send_accountability_reminders():

    return reminders.send_accountability_reminders()
