"""The outbox: write a message in the caller's transaction, deliver it after commit.

A message is claimed (status "sending") in its own short transaction before the channel is
called, so two workers never send the same row. A row that stays "sending" belongs to a
worker that died mid-send: we cannot know whether it went out, so it is marked failed for a
person to check rather than sent twice. A message that can never go out (an SMS to a
landline) fails at once instead of being retried.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from ido_platform.core import sms
from ido_platform.core.models import Message

logger = logging.getLogger(__name__)

STALE_SENDING_AFTER = timedelta(minutes=15)
PENDING_GRACE = timedelta(seconds=30)


class EmailChannel:
    def send(self, message):
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            headers={"X-IDO-Message-ID": str(message.uuid)},
        )
        for attachment in message.attachments:
            email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
        email.send(fail_silently=False)


class Undeliverable(Exception):
    """A message that no retry can deliver: it is marked failed at the first attempt."""


class SmsChannel:
    """Texts the recipient's mobile number (E.164) through ``settings.SMS_BACKEND``."""

    def send(self, message):
        try:
            number = sms.mobile_number(message.recipient)
        except sms.NotAMobileNumber as error:
            raise Undeliverable(str(error)) from None
        sms.send(number, message.body, message_id=message.uuid)


SUBJECT_LENGTH = Message._meta.get_field("subject").max_length
CHANNELS = {Message.Channel.EMAIL: EmailChannel(), Message.Channel.SMS: SmsChannel()}


def queue_message(*, recipient, subject, body, kind, channel=Message.Channel.EMAIL, attachments=()):
    """Write a message in the current transaction; a worker sends it after commit. A subject
    longer than the column (a long course or module title in it) is shortened with "…"
    rather than failing the enrolment that queues it."""
    from ido_platform.core.tasks import deliver_message

    message = Message.objects.create(
        channel=channel,
        recipient=recipient,
        subject=Truncator(subject).chars(SUBJECT_LENGTH),
        body=body,
        kind=kind,
        attachments=list(attachments),
    )
    publish_on_commit(deliver_message, message.pk)
    return message


def record_undeliverable(*, subject, body, kind, reason):
    """A message that has nobody to go to (no address known): written as a failed row, so
    the national role sees it in the outbox ("mislukt", with the reason) like any message
    that could not be delivered. The caller keeps its own work open to retry it."""
    return Message.objects.create(
        channel=Message.Channel.EMAIL,
        recipient="",
        subject=Truncator(subject).chars(SUBJECT_LENGTH),
        body=body,
        kind=kind,
        status=Message.Status.FAILED,
        last_error=reason,
    )


def publish_on_commit(task, *args):
    """Publish a task after commit. If the broker is down the request still succeeds: the
    periodic sweep (deliver_pending) picks the work up later."""

    def publish():
        try:
            task.delay(*args)
        except Exception:  # noqa: BLE001 — any broker failure must not reach the user
            logger.warning("Could not publish %s%r; the sweep will retry", task.name, args)

    transaction.on_commit(publish)


def claim(message_id):
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=Message.Status.PENDING)
            .first()
        )
        if message is None:
            return None
        message.status = Message.Status.SENDING
        message.claimed_at = timezone.now()
        message.attempts += 1
        message.save(update_fields=["status", "claimed_at", "attempts"])
        return message


def deliver(message_id):
    """Send one pending message. Returns True when it went out."""
    message = claim(message_id)
    if message is None:
        return False
    try:
        CHANNELS[message.channel].send(message)
    except Exception as error:  # noqa: BLE001 — a channel may fail in many ways; we retry
        give_up = (
            isinstance(error, Undeliverable) or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS
        )
        message.status = Message.Status.FAILED if give_up else Message.Status.PENDING
        message.last_error = str(error)[:2000]
        message.save(update_fields=["status", "last_error"])
        logger.warning(
            "Message %s not delivered (attempt %s): %s", message.pk, message.attempts, error
        )
        return False
    message.status = Message.Status.SENT
    message.sent_at = timezone.now()
    message.save(update_fields=["status", "sent_at"])
    return True


def deliver_pending(limit=500):
    """The sweep: deliver what the after-commit publish missed (broker down, worker busy) and
    flag messages a dead worker left half-sent."""
    now = timezone.now()
    Message.objects.filter(
        status=Message.Status.SENDING, claimed_at__lt=now - STALE_SENDING_AFTER
    ).update(
        status=Message.Status.FAILED,
        last_error="Verzending onderbroken; controleer of het bericht is aangekomen.",
    )
    pending = Message.objects.filter(
        status=Message.Status.PENDING, created_at__lt=now - PENDING_GRACE
    ).values_list("pk", flat=True)[:limit]
    return sum(1 for message_id in list(pending) if deliver(message_id))
