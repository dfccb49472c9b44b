"""Thin Celery tasks of the audits: they call a service."""

from celery import shared_task

from assessments.services import actions


@shared_task(name="assessments.tasks.send_action_reminders")
def send_action_reminders():
    """Daily: reminders before the due date, notices to coordinators when overdue."""
    reminders, notices = actions.send_action_reminders()
    return {"reminders": reminders, "overdue": notices}
