"""Thin Celery tasks: they take ids and call services."""

from celery import shared_task

from ido_platform.core import outbox


@shared_task(name="ido_platform.tasks.deliver_message")
def deliver_message(message_id):
    return outbox.deliver(message_id)


@shared_task(name="ido_platform.tasks.deliver_pending_messages")
def deliver_pending_messages():
    return outbox.deliver_pending()
